/**
 * Countermeasure actions: the typed scope of each mechanism (a discriminated union on
 * `mechanism`) in canonical form. Canonical means one spelling per meaning — addresses in
 * RFC 5952 / dotted form, prefixes without host bits, lists de-duplicated and sorted, defaults
 * filled in — so that the digest the commission votes on changes exactly when the action does.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { ERR_OPERATIONS_INVALID_INPUT } from '../errors.js';
import { checkInput, checkText } from '../validate.js';
import { ACTION_INPUT_SCHEMAS, type ActionInput } from './action-schema.js';
import { normaliseDomain } from './domains.js';
import { isMechanism, MECHANISMS, type Mechanism } from './mechanism.js';
import { comparePrefixes, normaliseTargets, parseHost, parseTarget, type TargetPrefix } from './prefixes.js';

/** Blackhole the attacked host (RFC 7999). */
export interface RtbhAction {
  readonly mechanism: 'rtbh';
  /** The attacked host, without length. */
  readonly victim: string;
}

/** What a FlowSpec action matches. */
export type FlowSpecMatch =
  /** Traffic towards the victim by protocol and ports: the victim stays reachable for the rest. */
  | {
      readonly kind: 'traffic';
      readonly destination: string;
      readonly protocol: number;
      readonly sourcePorts: readonly number[];
      readonly destinationPorts: readonly number[];
    }
  /** Traffic from listed sources (one rule per source prefix), optionally only towards the victim. */
  | {
      readonly kind: 'sources';
      readonly sources: readonly string[];
      readonly destination: string | null;
      readonly protocol: number | null;
    };

/** What happens to matching traffic. */
export type FlowSpecTreatment = { readonly kind: 'discard' } | { readonly kind: 'rate_limit'; readonly bytesPerSecond: number };

/** Discard or rate-limit attack traffic with FlowSpec (RFC 8955/8956). */
export interface FlowSpecAction {
  readonly mechanism: 'flowspec';
  readonly match: FlowSpecMatch;
  readonly treatment: FlowSpecTreatment;
}

/** RPZ policy for listed names. */
export type RpzPolicy = 'nxdomain' | 'nodata' | 'sinkhole';

/** Sinkhole C2 domains in the RPZ zone. */
export interface RpzAction {
  readonly mechanism: 'dns_rpz';
  readonly domains: readonly string[];
  readonly policy: RpzPolicy;
  readonly includeSubdomains: boolean;
}

/** Export prefixes to the block-list files. */
export interface BlocklistAction {
  readonly mechanism: 'blocklist';
  readonly prefixes: readonly string[];
}

/** Report attack sources to their network owners. */
export interface AbuseNoticeAction {
  readonly mechanism: 'abuse_notice';
  readonly attackId: string;
  /** Source addresses (hosts), canonical and sorted. */
  readonly sources: readonly string[];
}

/** One infected customer host. */
export interface InfectedHost {
  readonly address: string;
  readonly evidence: string;
  readonly detectedAt: number;
}

/** Tell an ISP about its infected customers. */
export interface IspNoticeAction {
  readonly mechanism: 'isp_notice';
  readonly organizationId: string;
  readonly hosts: readonly InfectedHost[];
}

/** Authorise (and record) access and neutralisation by a designated officer, done outside the platform. */
export interface AccessNeutralisationAction {
  readonly mechanism: 'access_neutralisation';
  readonly officer: string;
  readonly target: { readonly description: string; readonly address: string | null; readonly domain: string | null };
  readonly foreignLocation: boolean;
  readonly measure: string;
}

/** Any countermeasure action. */
export type CountermeasureAction = RtbhAction | FlowSpecAction | RpzAction | BlocklistAction | AbuseNoticeAction | IspNoticeAction | AccessNeutralisationAction;

/** The action type of one mechanism. */
export type ActionOf<M extends Mechanism> = Extract<CountermeasureAction, { mechanism: M }>;

const sortedUnique = (xs: readonly number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);

function flowspecMatch(m: Extract<ActionInput, { mechanism: 'flowspec' }>['match']): FlowSpecMatch {
  if (m.kind === 'traffic') {
    return {
      kind: 'traffic',
      destination: parseTarget(m.destination, '/action/match/destination').text,
      protocol: m.protocol,
      sourcePorts: sortedUnique(m.sourcePorts ?? []),
      destinationPorts: sortedUnique(m.destinationPorts ?? []),
    };
  }
  const sources = normaliseTargets(m.sources, '/action/match/sources');
  const destination = m.destination === undefined || m.destination === null ? undefined : parseTarget(m.destination, '/action/match/destination');
  // A FlowSpec rule is of one family (RFC 8955 / RFC 8956): a destination fixes it for every source.
  const mixed = destination === undefined ? undefined : sources.find((s) => s.prefix.family !== destination.prefix.family);
  if (mixed !== undefined) throw new ERR_OPERATIONS_INVALID_INPUT('/action/match/sources', `${mixed.text} is not of the destination's family (IPv${destination!.prefix.family})`);
  return { kind: 'sources', sources: sources.map((t) => t.text), destination: destination?.text ?? null, protocol: m.protocol ?? null };
}

function hosts(list: readonly InfectedHost[]): InfectedHost[] {
  const byAddress = new Map<string, { host: InfectedHost; prefix: TargetPrefix['prefix'] }>();
  list.forEach((h, i) => {
    const parsed = parseHost(h.address, `/action/hosts/${i}/address`);
    const host = { address: parsed.text, evidence: checkText(h.evidence, `/action/hosts/${i}/evidence`, 500), detectedAt: h.detectedAt };
    byAddress.set(parsed.text, { host, prefix: parsed.prefix });
  });
  return [...byAddress.values()].sort((a, b) => comparePrefixes(a.prefix, b.prefix)).map((e) => e.host);
}

/**
 * Parses untrusted action input into the canonical action.
 *
 * @throws `SAKIMORI_ERR_OPERATIONS_INVALID_INPUT`, `…_INVALID_PREFIX` or `…_INVALID_DOMAIN`.
 */
export function normaliseAction(input: unknown): CountermeasureAction {
  const mechanism = typeof input === 'object' && input !== null ? (input as { mechanism?: unknown }).mechanism : undefined;
  // Check against the named mechanism's schema: errors then point at the field, not at the union.
  if (!isMechanism(mechanism)) throw new ERR_OPERATIONS_INVALID_INPUT('/action/mechanism', `unknown mechanism ${JSON.stringify(mechanism)} (one of ${MECHANISMS.join(', ')})`);
  const a = checkInput(ACTION_INPUT_SCHEMAS[mechanism], input, '/action') as ActionInput;
  switch (a.mechanism) {
    case 'rtbh':
      return { mechanism: 'rtbh', victim: parseHost(a.victim, '/action/victim').text };
    case 'flowspec':
      return {
        mechanism: 'flowspec',
        match: flowspecMatch(a.match),
        treatment: a.treatment.kind === 'discard' ? { kind: 'discard' } : { kind: 'rate_limit', bytesPerSecond: a.treatment.bytesPerSecond },
      };
    case 'dns_rpz':
      return {
        mechanism: 'dns_rpz',
        domains: [...new Set(a.domains.map((d, i) => normaliseDomain(d, `/action/domains/${i}`)))].sort(),
        policy: a.policy ?? 'nxdomain',
        includeSubdomains: a.includeSubdomains ?? true,
      };
    case 'blocklist':
      return { mechanism: 'blocklist', prefixes: normaliseTargets(a.prefixes, '/action/prefixes').map((t) => t.text) };
    case 'abuse_notice': {
      const sources = normaliseTargets(a.sources, '/action/sources');
      for (const s of sources) if (s.prefix.length !== 128) throw new ERR_OPERATIONS_INVALID_INPUT('/action/sources', `${s.text} is not a single address`);
      return { mechanism: 'abuse_notice', attackId: checkText(a.attackId, '/action/attackId', 128), sources: sources.map((s) => s.text.slice(0, s.text.indexOf('/'))) };
    }
    case 'isp_notice':
      return { mechanism: 'isp_notice', organizationId: checkText(a.organizationId, '/action/organizationId', 64), hosts: hosts(a.hosts) };
    case 'access_neutralisation':
      return {
        mechanism: 'access_neutralisation',
        officer: checkText(a.officer, '/action/officer', 128),
        target: {
          description: checkText(a.target.description, '/action/target/description', 1000, { multiline: true }),
          address: a.target.address === undefined || a.target.address === null ? null : parseHost(a.target.address, '/action/target/address').text,
          domain: a.target.domain === undefined || a.target.domain === null ? null : normaliseDomain(a.target.domain, '/action/target/domain'),
        },
        foreignLocation: a.foreignLocation,
        measure: checkText(a.measure, '/action/measure', 2000, { multiline: true }),
      };
  }
}

/** Number of rules the action puts in force (what the concurrency guard counts). */
export function ruleCount(a: CountermeasureAction): number {
  switch (a.mechanism) {
    case 'rtbh':
      return 1;
    case 'flowspec':
      return a.match.kind === 'traffic' ? 1 : a.match.sources.length;
    case 'dns_rpz':
      return a.domains.length;
    case 'blocklist':
      return a.prefixes.length;
    case 'abuse_notice':
      return a.sources.length;
    case 'isp_notice':
      return a.hosts.length;
    case 'access_neutralisation':
      return 1;
  }
}
