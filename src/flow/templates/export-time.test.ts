import { describe, expect, it } from 'vitest';
import { secondsExportMs, secondsToMs, v9ExportMs, type BootInterval } from './export-time.js';

const BOOT = Date.UTC(2026, 0, 12, 3, 4, 5) + 678;
const fresh = (): BootInterval => ({ bootLoMs: NaN, bootHiMs: NaN });
/** The v9 header of a message sent at `t`: unix_secs and sysUptime as a router writes them. */
const header = (t: number): { unixSecs: number; sysUptime: number } => ({ unixSecs: Math.floor(t / 1000), sysUptime: t - BOOT });

describe('NetFlow v9 export time', () => {
  it('is the receive time when it fits the header: a message sent at .9 is not dated at .0', () => {
    const dom = fresh();
    const t = Date.UTC(2026, 0, 15, 1, 0, 0) + 900;
    const h = header(t);
    expect(v9ExportMs(dom, h.unixSecs, h.sysUptime, t + 3)).toBe(t + 3);
  });

  it('never leaves the second the header names, whatever the collector clock says', () => {
    const t = Date.UTC(2026, 0, 15, 1, 0, 0) + 400;
    const h = header(t);
    expect(v9ExportMs(fresh(), h.unixSecs, h.sysUptime, t + 7000)).toBe(Math.floor(t / 1000) * 1000 + 999);
    expect(v9ExportMs(fresh(), h.unixSecs, h.sysUptime, t - 7000)).toBe(Math.floor(t / 1000) * 1000);
  });

  it('learns the boot time from headers sent at different fractions of a second, to the millisecond', () => {
    const dom = fresh();
    const t0 = Date.UTC(2026, 0, 15, 1, 0, 0);
    // Exports every 100 ms; the collector's clock is 30 s ahead, so the receive time is no help.
    for (let k = 0; k < 30; k++) {
      const h = header(t0 + k * 100 + 37);
      v9ExportMs(dom, h.unixSecs, h.sysUptime, t0 + k * 100 + 30_000);
    }
    expect(dom.bootHiMs - dom.bootLoMs).toBeLessThan(100);
    expect(dom.bootLoMs).toBeLessThanOrEqual(BOOT);
    expect(dom.bootHiMs).toBeGreaterThanOrEqual(BOOT);
    const t = t0 + 5000 + 450;
    const h = header(t);
    expect(Math.abs(v9ExportMs(dom, h.unixSecs, h.sysUptime, t + 30_000) - t)).toBeLessThan(100);
  });

  it('starts afresh after a reboot (uptime back near zero)', () => {
    const dom = fresh();
    const t0 = Date.UTC(2026, 0, 15, 1, 0, 0);
    for (let k = 0; k < 10; k++) {
      const h = header(t0 + k * 100);
      v9ExportMs(dom, h.unixSecs, h.sysUptime, t0 + k * 100);
    }
    const t = t0 + 60_000 + 250;
    const rebootedAt = t - 5000;
    expect(v9ExportMs(dom, Math.floor(t / 1000), t - rebootedAt, t + 1)).toBe(t + 1);
    expect(dom.bootLoMs).toBeLessThanOrEqual(rebootedAt);
    expect(dom.bootHiMs).toBeGreaterThanOrEqual(rebootedAt);
  });
});

describe('IPFIX export time and seconds fields', () => {
  it('narrows the header second with the receive time', () => {
    expect(secondsExportMs(1_768_000_000, 1_768_000_000_420)).toBe(1_768_000_000_420);
    expect(secondsExportMs(1_768_000_000, 1_768_000_005_000)).toBe(1_768_000_000_999);
  });

  it('dates a time in whole seconds in the middle of what it can be, never after the export', () => {
    expect(secondsToMs(100, 200_000)).toBe(100_499.5);
    // Ended in the second the message was sent, 300 ms into it.
    expect(secondsToMs(100, 100_300)).toBe(100_150);
    expect(secondsToMs(100, 99_000)).toBe(100_000);
  });
});
