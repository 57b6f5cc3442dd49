/**
 * The countermeasure catalogue: every mechanism Sakimori can execute or record, how it runs, who
 * may ask for it, and what the platform does with it. Network-level and notice-based measures
 * only: access-and-neutralisation is authorised and recorded here and carried out by designated
 * officers outside the platform, which contains no intrusion or exploitation code, ever.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { Role } from '../../core/roles.js';

/** Every mechanism, in catalogue order. */
export const MECHANISMS = ['rtbh', 'flowspec', 'dns_rpz', 'blocklist', 'abuse_notice', 'isp_notice', 'access_neutralisation'] as const;
/** One countermeasure mechanism. */
export type Mechanism = (typeof MECHANISMS)[number];

/** Mechanisms whose rules stay in force for a duration and then expire. */
export type StandingMechanism = 'rtbh' | 'flowspec' | 'dns_rpz' | 'blocklist' | 'access_neutralisation';

/** What the catalogue says of one mechanism. */
export interface CatalogueEntry {
  readonly mechanism: Mechanism;
  /** `standing`: in force until expiry or withdrawal; `one_shot`: done once executed. */
  readonly mode: 'standing' | 'one_shot';
  /** Roles that may request it (besides the approval, which is always the commission's). */
  readonly requesters: readonly Role[];
  /** One line for the console. */
  readonly summary: string;
  /** Where the measure takes effect. */
  readonly effect: string;
}

const OFFICERS: readonly Role[] = ['designated_officer', 'defence_operator'];

/** The catalogue, keyed by mechanism. */
export const CATALOGUE: Readonly<Record<Mechanism, CatalogueEntry>> = Object.freeze({
  rtbh: {
    mechanism: 'rtbh',
    mode: 'standing',
    requesters: OFFICERS,
    summary: 'Remotely triggered black hole of the attacked host: its /32 or /128 with BLACKHOLE 65535:666 (RFC 7999). A last resort: the victim becomes unreachable.',
    effect: 'BGP peers (ipv4/ipv6 unicast)',
  },
  flowspec: {
    mechanism: 'flowspec',
    mode: 'standing',
    requesters: OFFICERS,
    summary: 'Discard or rate-limit the attack traffic itself (RFC 8955/8956): destination + protocol + source port, or the attack sources; the victim stays reachable.',
    effect: 'BGP peers (ipv4/ipv6 FlowSpec)',
  },
  dns_rpz: {
    mechanism: 'dns_rpz',
    mode: 'standing',
    requesters: OFFICERS,
    summary: 'Sinkhole C2 domains in a DNS response policy zone for BIND, Unbound or PowerDNS.',
    effect: 'RPZ zone file',
  },
  blocklist: {
    mechanism: 'blocklist',
    mode: 'standing',
    requesters: OFFICERS,
    summary: 'Export attack sources as a plain list and an nftables set for operators to apply.',
    effect: 'block-list and nftables set files',
  },
  abuse_notice: {
    mechanism: 'abuse_notice',
    mode: 'one_shot',
    requesters: ['nco_analyst', ...OFFICERS],
    summary: 'Abuse/takedown notice to each network owner of attack sources (ARF-style report, RFC 5965).',
    effect: 'outbox (.eml), SMTP when configured',
  },
  isp_notice: {
    mechanism: 'isp_notice',
    mode: 'one_shot',
    requesters: ['nco_analyst', ...OFFICERS],
    summary: 'Notify an ISP of its customers whose hosts detection found infected.',
    effect: 'outbox (.eml), SMTP when configured',
  },
  access_neutralisation: {
    mechanism: 'access_neutralisation',
    mode: 'standing',
    requesters: OFFICERS,
    summary: 'Authorisation of access and neutralisation by a designated officer, executed outside the platform and recorded here with its outcome report.',
    effect: 'record only: the platform contains no intrusion code',
  },
});

/** True when the mechanism stays in force for a duration. */
export function isStanding(m: Mechanism): m is StandingMechanism {
  return CATALOGUE[m].mode === 'standing';
}

/** True when `s` names a mechanism. */
export function isMechanism(s: unknown): s is Mechanism {
  return typeof s === 'string' && (MECHANISMS as readonly string[]).includes(s);
}
