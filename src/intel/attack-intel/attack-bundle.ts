/**
 * An attack as STIX 2.1 intelligence: its sources as indicators (`[ipv4-addr:value = '…']`), the
 * technique as an attack-pattern (MITRE ATT&CK T1498 Network Denial of Service, .001 direct flood or
 * .002 reflection amplification), and — when the attack belongs to a campaign across organisations
 * — a campaign the attack-pattern and indicators relate to. The attacked address never appears: the
 * bundle says what attacked, not whom.
 *
 * Ids are deterministic (UUIDv5 of the attack, campaign and source), so publishing the same attack
 * again stores new versions of the same objects rather than duplicates.
 *
 * Pure: no I/O. Pseudonymisation (Crypto-PAn, per recipient) is the caller's `mapAddress`.
 */
import { uuidV5 } from '../../stix/object/deterministic-id.js';

/** Namespace of the ids of objects made from attacks. */
export const ATTACK_INTEL_NAMESPACE = '5a6b1f2e-3c4d-5e6f-8a9b-0c1d2e3f4a5b';

/** What of an attack the bundle is made from. */
export interface AttackFacts {
  readonly id: string;
  readonly startedAt: number;
  readonly endedAt: number | null;
  /** Vector names with their packet shares (detection's `vectors`). */
  readonly vectors: readonly { readonly vector: string; readonly share: number }[];
  /** Source addresses (dotted IPv4 or RFC 5952 IPv6). */
  readonly sources: readonly string[];
  /** Sector of the attacked organisation (context, not identity). */
  readonly sector?: string;
}

/** A campaign the attack belongs to. */
export interface CampaignFacts {
  readonly id: string;
  readonly name: string;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly organisations: number;
}

/** Options of {@link attackBundle}. */
export interface AttackBundleOptions {
  /** Marking definition ids on every object (TLP, PAP). */
  readonly markingRefs: readonly string[];
  /** The identity that publishes (the office). */
  readonly publisher: { readonly id: string; readonly name: string };
  readonly campaign?: CampaignFacts;
  /** Replaces each source address (pseudonymisation); identity by default. */
  readonly mapAddress?: (address: string) => string;
  /** How long the indicators stay valid after the attack, in days (default 7). */
  readonly validDays?: number;
  /** Now (epoch ms): the objects' `created`/`modified`. */
  readonly now: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** `created` of the attack-pattern objects (shared by every attack of one technique). */
const TECHNIQUE_CREATED = Date.UTC(2024, 0, 1);

function techniqueOf(vectors: AttackFacts['vectors']): { readonly id: string; readonly name: string } {
  const reflected = vectors.filter((v) => v.vector === 'reflection').reduce((a, v) => a + v.share, 0);
  return reflected >= 0.5 ? { id: 'T1498.002', name: 'Reflection Amplification' } : { id: 'T1498.001', name: 'Direct Network Flood' };
}

/** The objects of the bundle: identity, attack-pattern, campaign (if any), indicators, relationships. */
export function attackBundle(attack: AttackFacts, options: AttackBundleOptions): Record<string, unknown>[] {
  // `created` stays the same in every version of an object; `modified` is when it was published.
  const modified = iso(Math.max(options.now, attack.startedAt));
  const stamp = (createdMs: number) => ({
    spec_version: '2.1',
    created: iso(Math.min(createdMs, options.now)),
    modified,
    created_by_ref: options.publisher.id,
    object_marking_refs: [...options.markingRefs],
  });
  const common = stamp(attack.startedAt);
  const map = options.mapAddress ?? ((a: string) => a);
  const technique = techniqueOf(attack.vectors);
  const out: Record<string, unknown>[] = [identityObject(options.publisher)];
  const pattern = {
    type: 'attack-pattern',
    ...stamp(TECHNIQUE_CREATED),
    id: `attack-pattern--${uuidV5(ATTACK_INTEL_NAMESPACE, `technique:${technique.id}`)}`,
    name: `Network Denial of Service: ${technique.name}`,
    external_references: [{ source_name: 'mitre-attack', external_id: technique.id, url: `https://attack.mitre.org/techniques/${technique.id.replace('.', '/')}/` }],
  };
  out.push(pattern);
  let campaignId: string | undefined;
  if (options.campaign !== undefined) {
    const c = options.campaign;
    campaignId = `campaign--${uuidV5(ATTACK_INTEL_NAMESPACE, `campaign:${c.id}`)}`;
    out.push({
      type: 'campaign',
      ...stamp(c.firstSeen),
      id: campaignId,
      name: c.name,
      description: `DDoS attacks on ${c.organisations} organisations by shared sources`,
      first_seen: iso(c.firstSeen),
      last_seen: iso(Math.max(c.lastSeen, c.firstSeen)),
    });
    out.push(relationship(campaignId, 'uses', pattern.id, common));
  }
  const validFrom = iso(attack.startedAt);
  const until = (attack.endedAt ?? options.now) + (options.validDays ?? 7) * 86_400_000;
  const seen = new Set<string>();
  for (const source of attack.sources) {
    const address = map(source);
    if (seen.has(address)) continue;
    seen.add(address);
    const type = address.includes(':') ? 'ipv6-addr' : 'ipv4-addr';
    const id = `indicator--${uuidV5(ATTACK_INTEL_NAMESPACE, `source:${attack.id}:${address}`)}`;
    out.push({
      type: 'indicator',
      ...common,
      id,
      name: `DDoS source ${address}`,
      indicator_types: ['malicious-activity'],
      pattern: `[${type}:value = '${address}']`,
      pattern_type: 'stix',
      valid_from: validFrom,
      valid_until: iso(Math.max(until, attack.startedAt + 1)),
    });
    out.push(relationship(id, 'indicates', pattern.id, common));
    if (campaignId !== undefined) out.push(relationship(id, 'indicates', campaignId, common));
  }
  return out;
}

function relationship(source: string, type: string, target: string, common: Record<string, unknown>): Record<string, unknown> {
  return { type: 'relationship', ...common, id: `relationship--${uuidV5(ATTACK_INTEL_NAMESPACE, `${source} ${type} ${target}`)}`, relationship_type: type, source_ref: source, target_ref: target };
}

/** The STIX identity object of an organisation that publishes or records (one unchanging version). */
export function identityObject(who: { readonly id: string; readonly name: string }): Record<string, unknown> {
  return { type: 'identity', spec_version: '2.1', id: who.id, created: iso(0), modified: iso(0), name: who.name, identity_class: 'organization' };
}

/** The identity of the office that publishes, with a stable id from its organisation id. */
export function officeIdentity(office: string, name = 'National Cybersecurity Office'): { readonly id: string; readonly name: string } {
  return { id: `identity--${uuidV5(ATTACK_INTEL_NAMESPACE, `office:${office}`)}`, name };
}
