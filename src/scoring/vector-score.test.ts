import { describe, expect, it } from 'vitest';
import type { VectorShare } from '../detection/attack.js';
import type { VectorName } from '../detection/vectors.js';
import { scoreVectors } from './vector-score.js';

const shares = (...vs: Array<VectorName | [VectorName, string]>): VectorShare[] =>
  vs.map((v) => (Array.isArray(v) ? { vector: v[0], service: v[1], packets: 1, bytes: 1, share: 0.1 } : { vector: v, packets: 1, bytes: 1, share: 0.1 }));

describe('scoreVectors', () => {
  const mirai = [
    { name: 'syn', packets: 25 },
    { name: 'ack', packets: 20 },
    { name: 'stomp', packets: 15 },
    { name: 'gre', packets: 20 },
    { name: 'udp', packets: 20 },
  ];

  it('accepts a botnet mix reported vector by vector', () => {
    const s = scoreVectors(mirai, shares('syn_flood', 'ack_rst_flood', 'tcp_connection_flood', 'gre_flood', 'udp_flood'), 0.1);
    expect(s).toMatchObject({ correct: true, missing: [], unexpected: [] });
    expect(s.expected).toEqual(['ack_rst_flood', 'gre_flood', 'syn_flood', 'tcp_connection_flood', 'udp_flood']);
  });

  it('names what is missing and what the attack did not contain', () => {
    const s = scoreVectors(mirai, shares('syn_flood', 'ack_rst_flood', 'udp_flood', 'icmp_flood'), 0.1);
    expect(s.correct).toBe(false);
    expect(s.missing).toEqual(['gre_flood', 'tcp_connection_flood']);
    expect(s.unexpected).toEqual(['icmp_flood']);
  });

  it('does not require a vector below the reporting share, but allows it', () => {
    const truth = [
      { name: 'syn', packets: 95 },
      { name: 'icmp', packets: 5 },
    ];
    expect(scoreVectors(truth, shares('syn_flood'), 0.1).correct).toBe(true);
    expect(scoreVectors(truth, shares('syn_flood', 'icmp_flood'), 0.1).correct).toBe(true);
  });

  it('allows the handshake segments of a connection flood and the fragments of large reflected responses', () => {
    expect(scoreVectors([{ name: 'stomp', packets: 1 }], shares('tcp_connection_flood', 'ack_rst_flood', 'syn_flood'), 0.1).correct).toBe(true);
    const amp = [
      { name: 'dns', packets: 60 },
      { name: 'wsd', packets: 40 },
    ];
    const s = scoreVectors(amp, shares(['reflection', 'dns'], ['reflection', 'ws-discovery'], 'fragment_flood'), 0.1);
    expect(s).toMatchObject({ correct: true, expected: ['reflection'], detected: ['fragment_flood', 'reflection'], expectedServices: ['dns', 'ws-discovery'], missingServices: [] });
  });

  it('reports reflection services that were not named without calling the vector wrong', () => {
    const amp = [
      { name: 'dns', packets: 50 },
      { name: 'memcached', packets: 50 },
    ];
    const s = scoreVectors(amp, shares(['reflection', 'dns']), 0.1);
    expect(s.correct).toBe(true);
    expect(s.missingServices).toEqual(['memcached']);
  });

  it('is never correct when nothing was reported', () => {
    expect(scoreVectors([{ name: 'syn', packets: 1 }], [], 0.1).correct).toBe(false);
  });
});
