import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { METRICS, SERIES } from '../../detection/traffic-class.js';
import { networkRateWindow } from '../../detection/read-port.js';
import { RateHistory, type RateSource } from './rate-history.js';

/** A detection-like window of `window` seconds for two networks. */
function source(window: number): RateSource & { set(net: number, s: number, cls: number, pps: number, bits: number): void; state: { second: number; prefixData: Float32Array } } {
  const stride = window * SERIES;
  const state = {
    second: 1000,
    window,
    stride,
    prefixData: new Float32Array(2 * stride),
    networks: { size: 2, ids: ['net-a', 'net-b'] },
    bucket: (s: number) => (s % window) * SERIES,
  };
  return {
    state,
    networkRates: () => networkRateWindow(state),
    set(net, s, cls, pps, bits) {
      const o = net * stride + state.bucket(s) + cls * METRICS;
      state.prefixData[o] = pps;
      state.prefixData[o + 1] = bits;
    },
  };
}

describe('rate history', () => {
  it('keeps each complete second per network and class, updates seconds still in the window, and ends after historySeconds', () => {
    const src = source(4);
    const h = new RateHistory({ historySeconds: 6 }, { clock: new ManualClock(1_000_000), source: src });
    const seen: number[] = [];
    h.onSecond((s, r) => seen.push(s, r.find((x) => x.networkId === 'net-a')!.pps.total));
    src.set(0, 998, 0, 100, 800);
    src.set(0, 999, 0, 200, 1600);
    src.set(0, 999, 3, 150, 1200);
    h.tick();
    expect(seen).toEqual([999, 200]);
    // A late record improves 998 while it is still in the detector's window.
    src.set(0, 998, 0, 110, 880);
    src.state.second = 1001;
    h.tick();
    let s = h.series('net-a', 4, ['total', 'udp']);
    expect(s).toEqual({ from: 997_000, to: 1_001_000, pps: { total: [0, 110, 200, 0], udp: [0, 0, 150, 0] }, bps: { total: [0, 880, 1600, 0], udp: [0, 0, 1200, 0] } });
    // Nothing ever arrived for net-b: zeros, and no series allocated.
    expect(h.series('net-b', 2, ['total'])).toMatchObject({ pps: { total: [0, 0] } });
    // Six seconds later (the detector has retired its old buckets) 998 and 999 have left the history.
    src.state.prefixData.fill(0);
    src.state.second = 1007;
    h.tick();
    s = h.series('net-a', 10, ['total']);
    expect(s.from).toBe(1_001_000);
    expect(s.pps['total']).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
