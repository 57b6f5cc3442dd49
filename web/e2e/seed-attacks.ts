/**
 * Fills storage with many plausible ended attacks on the registered protected networks, for the
 * console benchmark ("quick with 10 000 attacks in storage"). Rows are written in batches straight
 * into the `attacks` table with the shape `AttackStore` writes.
 */
import type { Db } from '../../src/storage/database.js';

const VECTORS = ['syn_flood', 'ack_rst_flood', 'tcp_connection_flood', 'udp_flood', 'reflection', 'gre_flood', 'icmp_flood'] as const;
const CLASSES = ['total', 'tcp', 'tcp_syn', 'udp', 'icmp', 'gre', 'fragment'] as const;

function rates(pps: number): string {
  return JSON.stringify(
    Object.fromEntries(
      CLASSES.map((c, i) => [c, { pps: c === 'total' ? pps : Math.round(pps / (i + 1)), bps: (c === 'total' ? pps : Math.round(pps / (i + 1))) * 8 * 700, flowsPerSecond: Math.round(pps / 10) }]),
    ),
  );
}

/** Inserts `count` ended attacks spread over the last `days` days; returns how many were written. */
export async function seedAttacks(db: Db, count: number, now: number, days = 30): Promise<number> {
  const networks = await db.selectFrom('protected_networks').select(['id', 'organization_id', 'prefix', 'family']).where('family', '=', 4).execute();
  if (networks.length === 0) throw new Error('no IPv4 protected network to attack');
  const BATCH = 200;
  for (let start = 0; start < count; start += BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const n = networks[i % networks.length]!;
      const base = n.prefix.split('/')[0]!.split('.').slice(0, 3).join('.');
      const startedAt = now - Math.round(((i + 1) / count) * days * 86_400_000);
      const duration = 60_000 + (i % 17) * 45_000;
      const pps = 25_000 + ((i * 7919) % 900_000);
      const v1 = VECTORS[i % VECTORS.length]!;
      const v2 = VECTORS[(i + 3) % VECTORS.length]!;
      const prefixScope = i % 9 === 0;
      rows.push({
        id: `seed${String(i).padStart(6, '0')}`,
        scope: prefixScope ? ('prefix' as const) : ('host' as const),
        target: prefixScope ? n.prefix : `${base}.${10 + (i % 200)}`,
        family: 4,
        network_id: n.id,
        organization_id: n.organization_id,
        network_prefix: n.prefix,
        state: 'ended' as const,
        started_at: startedAt,
        detected_at: startedAt + 1500,
        updated_at: startedAt + duration,
        ended_at: startedAt + duration,
        end_reason: 'quiet',
        trigger: JSON.stringify({ class: 'total', metric: 'pps', rate: 21_000, threshold: 20_000, thresholdSource: 'static' }),
        vectors: JSON.stringify([
          { vector: v1, packets: pps * 40, bytes: pps * 40 * 60, share: 0.7, ...(v1 === 'reflection' ? { service: 'dns', port: 53 } : {}) },
          { vector: v2, packets: pps * 17, bytes: pps * 17 * 60, share: 0.3, ...(v2 === 'reflection' ? { service: 'ntp', port: 123 } : {}) },
        ]),
        current_pps: 0,
        current_bps: 0,
        peak_pps: pps,
        peak_bps: pps * 8 * 700,
        rates: rates(0),
        peak: rates(pps),
        thresholds: JSON.stringify({}),
        top_sources: JSON.stringify(
          Array.from({ length: 10 }, (_, k) => ({
            address: `100.${64 + (k % 32)}.${(i + k) % 256}.${(k * 37) % 256}`,
            packets: 1000 - k * 50,
            bytes: (1000 - k * 50) * 60,
            packetShare: 0.01,
            byteShare: 0.01,
            firstSeen: startedAt,
            lastSeen: startedAt + duration,
            vectors: [v1],
            errorBound: 0,
          })),
        ),
        source_count: 2_000 + (i % 5_000),
        target_count: prefixScope ? 64 : 1,
        total_packets: pps * 57,
        total_bytes: pps * 57 * 60,
      });
    }
    await db.insertInto('attacks').values(rows).execute();
  }
  return count;
}
