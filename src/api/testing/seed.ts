/**
 * Attacks written straight into the attack store, as the detector's events would write them, for
 * API tests and the API benchmark (which need thousands of attacks without a flood to detect).
 */
import type { AttackId } from '../../core/ids.js';
import type { AttackerEntry, AttackStarted } from '../../detection/attack.js';
import type { Kysely } from 'kysely';
import type { AttackStore } from '../../detection/store/attack-store.js';
import type { Database } from '../../storage/database.js';
import { CLASS_NAMES, type ClassRates } from '../../detection/traffic-class.js';

/** What a seeded attack looks like. */
export interface SeedAttack {
  readonly id: string;
  readonly organizationId: string;
  readonly networkId: string;
  readonly networkPrefix: string;
  readonly target: string;
  readonly startedAt: number;
  /** Ended attacks get their sources stored; active ones stay active. */
  readonly endedAt?: number;
  readonly sources?: readonly string[];
  readonly pps?: number;
}

function rates(pps: number): ClassRates {
  return Object.fromEntries(
    CLASS_NAMES.map((c) => [c, { pps: c === 'total' || c === 'udp' ? pps : 0, bps: c === 'total' || c === 'udp' ? pps * 8 * 500 : 0, flowsPerSecond: 0 }]),
  ) as unknown as ClassRates;
}

/** The attacker entries of `sources`, largest first. */
export function attackers(sources: readonly string[], at: number): AttackerEntry[] {
  const total = sources.reduce((s, _a, i) => s + (sources.length - i) * 1000, 0);
  return sources.map((address, i) => {
    const packets = (sources.length - i) * 1000;
    return {
      address,
      packets,
      bytes: packets * 500,
      packetShare: packets / total,
      byteShare: packets / total,
      firstSeen: at,
      lastSeen: at + 1000,
      vectors: ['udp_flood'],
      errorBound: 0,
      country: 'ZZ',
      asn: 64512 + i,
    };
  });
}

/** The `attack.started` event of a seeded attack. */
function startedEvent(a: SeedAttack, list: readonly AttackerEntry[]): AttackStarted {
  const pps = a.pps ?? 250_000;
  return {
    kind: 'attack.started',
    attackId: a.id as AttackId,
    scope: 'host',
    target: a.target,
    family: a.target.includes(':') ? 6 : 4,
    networkId: a.networkId,
    organizationId: a.organizationId,
    networkPrefix: a.networkPrefix,
    startedAt: a.startedAt,
    detectedAt: a.startedAt + 1500,
    trigger: { class: 'udp', metric: 'pps', rate: pps, threshold: 20_000, thresholdSource: 'default' },
    rates: rates(pps),
    ratesEstimate: { estimated: true, coveredMs: 1000, coveredFraction: 1 },
    thresholds: {},
    vectors: [{ vector: 'udp_flood', packets: pps, bytes: pps * 500, share: 1 }],
    topSources: list.slice(0, 10),
    sourceCount: list.length,
    targetCount: 1,
    totals: { packets: pps, bytes: pps * 500 },
  };
}

/** Writes one attack (started, and ended when `endedAt` is set). */
export async function seedAttack(store: AttackStore, a: SeedAttack): Promise<void> {
  await store.started(startedEvent(a, attackers(a.sources ?? [], a.startedAt)));
  if (a.endedAt !== undefined) await endSeededAttack(store, a, a.endedAt);
}

/** Ends a seeded attack at `endedAt`, as the detector's `attack.ended` event would. */
export async function endSeededAttack(store: AttackStore, a: SeedAttack, endedAt: number): Promise<void> {
  const pps = a.pps ?? 250_000;
  const list = attackers(a.sources ?? [], a.startedAt);
  const { kind: _k, detectedAt: _d, trigger: _t, rates: _r, thresholds: _th, ...identity } = startedEvent(a, list);
  await store.ended({
    ...identity,
    kind: 'attack.ended',
    endedAt,
    lastActiveAt: endedAt - 1000,
    durationSeconds: Math.round((endedAt - a.startedAt) / 1000),
    reason: 'quiet',
    peak: rates(pps),
    attackers: list,
    attackersTruncated: false,
  });
}

/**
 * Writes what detection has observed of a running attack's sources, as the attack store holds an
 * attacker list (the running detector keeps the live list; a seeded attack has no detector behind it).
 */
export async function seedObservedSources(db: Kysely<Database>, attackId: string, sources: readonly string[], at: number): Promise<void> {
  const rows = attackers(sources, at).map((a) => ({
    attack_id: attackId,
    address: a.address,
    packets: a.packets,
    bytes: a.bytes,
    packet_share: a.packetShare,
    byte_share: a.byteShare,
    first_seen: a.firstSeen,
    last_seen: a.lastSeen,
    vectors: JSON.stringify(a.vectors),
    error_bound: a.errorBound,
    country: a.country ?? null,
    asn: a.asn ?? null,
  }));
  if (rows.length > 0) await db.insertInto('attack_sources').values(rows).execute();
}
