import { describe, expect, it } from 'vitest';
import { parseAddress } from '../core/ip.js';
import type { AttackerEntry } from './attack.js';
import { ATTACKER_CSV_COLUMNS, formatAttackersCsv, formatAttackersJson } from './attackers-format.js';
import { ManualClock } from '../core/clock.js';
import { CollectingAttackSink } from './attack.js';
import { DetectionEngine } from './detection-engine.js';
import { batchOf, F, nth, P, run, samplesPerStep, testConfig, testEngine, type RecordSpec } from './testing/flow-builder.js';

/** A small deterministic generator (xorshift32). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

describe('attacker lists', () => {
  it('lists the botnet behind an attack at 1:1000 sampling, not the clients that were there before', () => {
    const h = testEngine();
    const r = rng(42);
    const victim = '192.0.2.10';
    // 500 ordinary clients, 10 pps each of established TCP (and the odd SYN), sampled 1:1000.
    const benign = (now: number, k: number): RecordSpec[] =>
      Array.from({ length: samplesPerStep(5000, 1000, 100, k) }, () => ({
        src: nth('172.16.0.0', Math.floor(r() * 500)),
        dst: victim,
        protocol: P.TCP,
        tcpFlags: r() < 0.05 ? F.SYN : F.ACK | F.PSH,
        bytes: 900,
        samplingRate: 1000,
        endMs: now,
      }));
    // 1000 bots, 100 pps each: SYN flood and "stomp" (ACK/PSH after handshakes).
    const bots = (now: number, k: number): RecordSpec[] =>
      Array.from({ length: samplesPerStep(100000, 1000, 100, k) }, () => ({
        src: nth('100.64.0.0', Math.floor(r() * 1000)),
        dst: victim,
        protocol: P.TCP,
        tcpFlags: r() < 0.5 ? F.SYN : F.ACK | F.PSH,
        bytes: 120,
        samplingRate: 1000,
        endMs: now,
      }));
    run(h, 600, benign);
    run(h, 60, (now, k) => [...benign(now, k), ...bots(now, k)]);
    run(h, 40, benign);

    const ended = h.sink.of('attack.ended');
    expect(ended).toHaveLength(1);
    const listed = ended[0]!.attackers;
    const botsListed = listed.filter((a) => a.address.startsWith('100.64.')).length;
    const recall = botsListed / 1000;
    const precision = botsListed / listed.length;
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(precision).toBeGreaterThanOrEqual(0.99);
    expect(ended[0]!.vectors.map((v) => v.vector).sort()).toEqual(['syn_flood', 'tcp_connection_flood']);
    // Shares are of all the attack's packets; the listed bots carry nearly all of it.
    const share = listed.reduce((s, a) => s + a.packetShare, 0);
    expect(share).toBeGreaterThan(0.9);
    expect(share).toBeLessThanOrEqual(1.0000001);
    // The list stays available after the end.
    expect(h.engine.attackers(ended[0]!.attackId)).toEqual(listed);
  });

  it('fills country and ASN from the enrichment function', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 9));
    const sink = new CollectingAttackSink();
    const engine = new DetectionEngine(testConfig(), { sink, newId: () => 'a1', enrich: (w) => (w[3] >>> 24 === 100 ? { country: 'ZZ', asn: 64512 } : undefined) }, clock.now());
    engine.setNetworks([{ id: 'n', organizationId: 'o', prefix: '192.0.2.0/24' }], clock.now());
    for (let i = 0; i < 30; i++) {
      const recs: RecordSpec[] = Array.from({ length: 5 }, (_, j) => ({ src: nth('100.64.0.1', j), dst: '192.0.2.10', samplingRate: 1000, endMs: clock.now() }));
      recs.push({ src: '172.16.0.9', dst: '192.0.2.10', samplingRate: 1000, endMs: clock.now() });
      engine.consume(batchOf(recs), clock.now());
      clock.advance(100);
    }
    const top = engine.activeAttacks(clock.now())[0]!.topSources;
    expect(top.find((a) => a.address === '100.64.0.1')).toMatchObject({ country: 'ZZ', asn: 64512 });
    expect(top.find((a) => a.address === '172.16.0.9')).not.toHaveProperty('country');
  });
});

const entries: AttackerEntry[] = [
  {
    address: '100.64.0.1',
    packets: 12000,
    bytes: 720000,
    packetShare: 0.5,
    byteShare: 0.25,
    firstSeen: Date.UTC(2026, 0, 5, 9, 0, 1),
    lastSeen: Date.UTC(2026, 0, 5, 9, 1, 0),
    vectors: ['syn_flood', 'tcp_connection_flood'],
    errorBound: 0,
    country: 'ZZ',
    asn: 64512,
  },
  {
    address: '2001:db8:f000::5',
    packets: 1000,
    bytes: 60000,
    packetShare: 0.041667,
    byteShare: 0.02,
    firstSeen: Date.UTC(2026, 0, 5, 9, 0, 2),
    lastSeen: Date.UTC(2026, 0, 5, 9, 0, 2),
    vectors: ['syn_flood'],
    errorBound: 0,
    country: 'Côte "X", Y',
  },
];

describe('attacker list formats', () => {
  it('writes CSV with a header, ISO times, empty enrichment columns and RFC 4180 quoting', () => {
    const csv = formatAttackersCsv(entries);
    expect(csv.split('\r\n')).toEqual([
      ATTACKER_CSV_COLUMNS.join(','),
      '100.64.0.1,12000,720000,0.500000,0.250000,2026-01-05T09:00:01.000Z,2026-01-05T09:01:00.000Z,ZZ,64512,syn_flood tcp_connection_flood,0',
      '2001:db8:f000::5,1000,60000,0.041667,0.020000,2026-01-05T09:00:02.000Z,2026-01-05T09:00:02.000Z,"Côte ""X"", Y",,syn_flood,0',
      '',
    ]);
  });

  it('writes a JSON document', () => {
    const doc = JSON.parse(formatAttackersJson({ attackId: 'a1', target: '192.0.2.10' }, entries, Date.UTC(2026, 0, 5, 10)));
    expect(doc).toMatchObject({ attackId: 'a1', target: '192.0.2.10', generatedAt: '2026-01-05T10:00:00.000Z', count: 2 });
    expect(doc.attackers[0]).toMatchObject({ address: '100.64.0.1', packets: 12000, firstSeen: '2026-01-05T09:00:01.000Z', asn: 64512 });
    expect(parseAddress(doc.attackers[1].address)[0]).toBe(0x20010db8);
  });
});
