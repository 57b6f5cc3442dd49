/**
 * The relationships the spec suggests between SDO types (Appendix B, "STIX Relationship Summary"),
 * as data: source type → relationship type → target types. Relationships outside this table are a
 * best-practice warning (`relationship-types`), except the common ones any two objects may have.
 */
import { table } from './property-type.js';

/** Relationship types any object may have with any other (§5.1.1). */
export const COMMON_RELATIONSHIPS: ReadonlySet<string> = new Set(['derived-from', 'duplicate-of', 'related-to']);

const SDO_USES = ['attack-pattern', 'infrastructure', 'malware', 'tool'];
const TARGETS = ['identity', 'location', 'vulnerability'];
const ADDRESSES = ['ipv4-addr', 'ipv6-addr', 'domain-name', 'url'];

/** Suggested relationships by source type and relationship type. */
export const SUGGESTED_RELATIONSHIPS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = table({
  'attack-pattern': table({ delivers: ['malware'], targets: TARGETS, uses: ['malware', 'tool'] }),
  campaign: table({
    'attributed-to': ['intrusion-set', 'threat-actor'],
    compromises: ['infrastructure'],
    'originates-from': ['location'],
    targets: TARGETS,
    uses: SDO_USES,
  }),
  'course-of-action': table({
    investigates: ['indicator'],
    mitigates: ['attack-pattern', 'indicator', 'malware', 'tool', 'vulnerability'],
    remediates: ['malware', 'vulnerability'],
  }),
  identity: table({ 'located-at': ['location'] }),
  indicator: table({
    indicates: ['attack-pattern', 'campaign', 'infrastructure', 'intrusion-set', 'malware', 'threat-actor', 'tool'],
    'based-on': ['observed-data'],
  }),
  infrastructure: table({
    'communicates-with': ['infrastructure', ...ADDRESSES],
    'consists-of': ['infrastructure', 'observed-data'],
    controls: ['infrastructure', 'malware'],
    delivers: ['malware'],
    has: ['vulnerability'],
    hosts: ['tool', 'malware'],
    'located-at': ['location'],
    uses: ['infrastructure'],
  }),
  'intrusion-set': table({
    'attributed-to': ['threat-actor'],
    compromises: ['infrastructure'],
    hosts: ['infrastructure'],
    owns: ['infrastructure'],
    'originates-from': ['location'],
    targets: TARGETS,
    uses: SDO_USES,
  }),
  malware: table({
    'authored-by': ['threat-actor', 'intrusion-set'],
    'beacons-to': ['infrastructure'],
    'exfiltrates-to': ['infrastructure'],
    'communicates-with': ADDRESSES,
    controls: ['malware'],
    downloads: ['malware', 'tool', 'file'],
    drops: ['malware', 'tool', 'file'],
    exploits: ['vulnerability'],
    'originates-from': ['location'],
    targets: ['identity', 'infrastructure', 'location', 'vulnerability'],
    uses: SDO_USES,
    'variant-of': ['malware'],
  }),
  'malware-analysis': table({ characterizes: ['malware'], 'analysis-of': ['malware'], 'static-analysis-of': ['malware'], 'dynamic-analysis-of': ['malware'] }),
  'threat-actor': table({
    'attributed-to': ['identity'],
    compromises: ['infrastructure'],
    hosts: ['infrastructure'],
    owns: ['infrastructure'],
    impersonates: ['identity'],
    'located-at': ['location'],
    targets: TARGETS,
    uses: SDO_USES,
  }),
  tool: table({ delivers: ['malware'], drops: ['malware'], has: ['vulnerability'], targets: ['identity', 'infrastructure', 'location', 'vulnerability'], uses: ['infrastructure'] }),
});
