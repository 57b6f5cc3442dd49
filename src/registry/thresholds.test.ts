import { describe, expect, it } from 'vitest';
import { parseThresholds } from './thresholds.js';

describe('parseThresholds', () => {
  it('accepts per-class rates as an object or JSON text', () => {
    const t = { total: { bps: 10_000_000_000 }, tcp_syn: { pps: 20_000, flowsPerSecond: 5_000 }, fragment: { pps: 1000 } };
    expect(parseThresholds(t)).toEqual(t);
    expect(parseThresholds(JSON.stringify(t))).toEqual(t);
  });

  it('treats nothing and {} as "use the defaults"', () => {
    expect(parseThresholds(undefined)).toBeNull();
    expect(parseThresholds(null)).toBeNull();
    expect(parseThresholds('{}')).toBeNull();
  });

  it('names the bad path', () => {
    expect(() => parseThresholds({ udp: { pps: 0 } })).toThrow(/invalid thresholds at \/udp\/pps/);
    expect(() => parseThresholds({ udp: { pps: 1.5 } })).toThrow(/at \/udp\/pps/);
    expect(() => parseThresholds({ dns: { pps: 10 } })).toThrow(/unknown key "dns" \(classes: total, tcp_syn/);
    expect(() => parseThresholds({ udp: { packets: 10 } })).toThrow(/at \/udp: unknown key "packets"/);
    expect(() => parseThresholds({ udp: {} })).toThrow(/at \/udp/);
    expect(() => parseThresholds('{udp:')).toThrow('invalid thresholds at /: not valid JSON');
    expect(() => parseThresholds([1])).toThrow(/SAKIMORI_ERR|invalid thresholds at \//);
  });
});
