/**
 * Attacks written straight into the attack store, as the detector's events would write them, for
 * API tests and the API benchmark (which need thousands of attacks without a flood to detect).
 */
import type { AttackId } from '../../core/ids.js';
import type { AttackerEntry, AttackStarted } from '../../detection/attack.js';
import type { AttackStore } from '../../detection/store/attack-store.js';
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
  return Object.fromEntries(CLASS_NAMES.map((c) => [c, { pps: c === 'total' || c === 'udp' ? pps : 0, bps: c === 'total' || c === 'udp' ? pps * 8 * 500 : 0, flowsPerSecond: 0 }])) as unknown as ClassRates;
}

/** The attacker entries of `sources`, largest first. */
export function attackers(sources: readonly string[], at: number): AttackerEntry[] {
  const total = sources.reduce((s, _a, i) => s + (sources.length - i) * 1000, 0);
  return sources.map((address, i) => {
    const packets = (sources.length - i) * 1000;
    return { address, packets, bytes: packets * 500, packetShare: packets / total, byteShare: packets / total, firstSeen: at, lastSeen: at + 1000, vectors: ['udp_flood'], errorBound: 0, country: 'ZZ', asn: 64512 + i };
  });
}

/** Writes one attack (started, and ended when `endedAt` is set). */
export async function seedAttack(store: AttackStore, a: SeedAttack): Promise<void> {
  const pps = a.pps ?? 250_000;
  const list = attackers(a.sources ?? [], a.startedAt);
  const started: AttackStarted = {
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
    thresholds: {},
    vectors: [{ vector: 'udp_flood', packets: pps, bytes: pps * 500, share: 1 }],
    topSources: list.slice(0, 10),
    sourceCount: list.length,
    targetCount: 1,
    totals: { packets: pps, bytes: pps * 500 },
  };
  await store.started(started);
  if (a.endedAt === undefined) return;
  const { kind: _k, detectedAt: _d, trigger: _t, rates: _r, thresholds: _th, ...identity } = started;
  await store.ended({
    ...identity,
    kind: 'attack.ended',
    endedAt: a.endedAt,
    lastActiveAt: a.endedAt - 1000,
    durationSeconds: Math.round((a.endedAt - a.startedAt) / 1000),
    reason: 'quiet',
    peak: rates(pps),
    attackers: list,
    attackersTruncated: false,
  });
}
