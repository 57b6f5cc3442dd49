/**
 * Native STIX indicators (not made from MISP) as MISP attributes, where the pattern maps cleanly: a
 * single comparison `[ipv4-addr:value = '…']`, `ipv6-addr`, `domain-name`, `url`, or a file hash
 * (MD5, SHA-1, SHA-256, SHA-512). Anything else — several comparisons, other operators, qualifiers —
 * is left out rather than approximated.
 */
import { mispTagOf } from '../../stix/marking/index.js';
import type { MispAttribute } from '../../stix/misp/index.js';

const VALUE = /^\[(ipv4-addr|ipv6-addr|domain-name|url):value = '((?:[^'\\]|\\.)*)'\]$/;
const HASH = /^\[file:hashes\.(MD5|'SHA-1'|'SHA-256'|'SHA-512'|SHA1|SHA256|SHA512) = '([0-9A-Fa-f]+)'\]$/;

const VALUE_TYPES: Readonly<Record<string, [type: string, category: string]>> = {
  'ipv4-addr': ['ip-dst', 'Network activity'],
  'ipv6-addr': ['ip-dst', 'Network activity'],
  'domain-name': ['domain', 'Network activity'],
  url: ['url', 'Network activity'],
};

const HASH_TYPES: Readonly<Record<string, [type: string, length: number]>> = {
  MD5: ['md5', 32],
  "'SHA-1'": ['sha1', 40],
  SHA1: ['sha1', 40],
  "'SHA-256'": ['sha256', 64],
  SHA256: ['sha256', 64],
  "'SHA-512'": ['sha512', 128],
  SHA512: ['sha512', 128],
};

/** The MISP type, category and value of a pattern that maps cleanly, else `undefined`. */
export function attributeOfPattern(pattern: string): { readonly type: string; readonly category: string; readonly value: string } | undefined {
  const v = VALUE.exec(pattern);
  if (v !== null) {
    const [type, category] = VALUE_TYPES[v[1] ?? ''] ?? [];
    if (type === undefined || category === undefined) return undefined;
    // STIX 2.1 §9.3: in a string literal only \' and \\ are escapes.
    const raw = v[2] ?? '';
    if (/\\[^'\\]/.test(raw)) return undefined;
    return { type, category, value: raw.replace(/\\(['\\])/g, '$1') };
  }
  const h = HASH.exec(pattern);
  if (h !== null) {
    const [type, length] = HASH_TYPES[h[1] ?? ''] ?? [];
    const value = (h[2] ?? '').toLowerCase();
    if (type === undefined || value.length !== length) return undefined;
    return { type, category: 'Payload delivery', value };
  }
  return undefined;
}

const seconds = (timestamp: unknown): number | undefined => {
  const ms = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
};

/**
 * The MISP attribute of a STIX indicator: its uuid, the pattern's type and value, `to_ids`, its
 * description as comment, and its TLP and PAP markings as tags (so the recipient's MISP keeps them).
 *
 * @example
 * ```ts
 * indicatorAttribute({ type: 'indicator', id: 'indicator--…', pattern: "[domain-name:value = 'bad.example']", object_marking_refs: [TLP2_IDS.green], … });
 * // { type: 'domain', value: 'bad.example', tags: [{ name: 'tlp:green', local: false }], … }
 * ```
 */
export function indicatorAttribute(indicator: Readonly<Record<string, unknown>>): MispAttribute | undefined {
  if (indicator.type !== 'indicator' || indicator.pattern_type !== 'stix' || typeof indicator.pattern !== 'string' || typeof indicator.id !== 'string') return undefined;
  const mapped = attributeOfPattern(indicator.pattern);
  if (mapped === undefined) return undefined;
  const refs = Array.isArray(indicator.object_marking_refs) ? (indicator.object_marking_refs as unknown[]) : [];
  const tags = refs.flatMap((r) => {
    const name = typeof r === 'string' ? mispTagOf(r) : undefined;
    return name === undefined ? [] : [{ name, local: false }];
  });
  const timestamp = seconds(indicator.modified);
  return {
    uuid: indicator.id.slice('indicator--'.length),
    ...mapped,
    toIds: true,
    ...(timestamp === undefined ? {} : { timestamp }),
    comment: typeof indicator.description === 'string' ? indicator.description : '',
    tags,
    sightings: [],
    proposals: 0,
  };
}
