/**
 * The export time of a NetFlow v9 or IPFIX message to the millisecond, where the header gives it
 * in whole seconds.
 *
 * NetFlow v9 records carry their times as sysUptime milliseconds (FIRST/LAST_SWITCHED), made
 * absolute with the header's sysUptime (ms) and unix_secs (RFC 3954 §5.1). unix_secs is the export
 * time cut down to the second, so taking it as the export time dates every record of a message
 * sent at 10:00:00.9 nine tenths of a second early — a whole second's exports land in the second
 * before. Two things narrow it down:
 *
 * - the router's boot time (export time − sysUptime) is a constant: each header confines it to a
 *   one-second interval, `[unix_secs·1000 − sysUptime, unix_secs·1000 + 999 − sysUptime]`, and
 *   the intersection over a domain's messages shrinks as they are sent at different fractions of
 *   a second (a reboot, or a clock step, makes the new interval disjoint: it starts afresh);
 * - a message is received after it was sent: with the collector's clock in step with the
 *   exporter's (NTP), the receive time is the export time plus transit. The estimate is the receive
 *   time clamped into the interval the headers allow, so a collector clock that is off never moves
 *   a record by more than the header's own precision.
 *
 * IPFIX headers carry the export time in seconds too (RFC 7011 §3.1) and no uptime: only the
 * receive-time clamp applies. IPFIX records usually carry absolute times of their own; the export
 * time matters for records without times, delta-microsecond times and uptime times without a
 * systemInitTimeMilliseconds.
 *
 * Pure: no I/O.
 */

/** Headers whose boot intervals are this far apart still describe the same boot (clock slew). */
const SAME_BOOT_SLACK_MS = 1000;

/** What a domain remembers of its headers: the interval its boot time must lie in. */
export interface BootInterval {
  /** Earliest and latest boot time consistent with every header so far (ms since the epoch); NaN before the first. */
  bootLoMs: number;
  bootHiMs: number;
}

/**
 * The export time of a NetFlow v9 message with header `unixSecs` and `sysUptimeMs`, received at
 * `receivedMs`; updates `dom`'s boot interval.
 */
export function v9ExportMs(dom: BootInterval, unixSecs: number, sysUptimeMs: number, receivedMs: number): number {
  const lo = unixSecs * 1000 - sysUptimeMs;
  const hi = lo + 999;
  if (Number.isNaN(dom.bootLoMs) || lo > dom.bootHiMs + SAME_BOOT_SLACK_MS || hi < dom.bootLoMs - SAME_BOOT_SLACK_MS) {
    dom.bootLoMs = lo;
    dom.bootHiMs = hi;
  } else {
    const a = Math.max(lo, dom.bootLoMs);
    const b = Math.min(hi, dom.bootHiMs);
    // Within the slack but disjoint: the exporter's clock was slewed; follow the newest header.
    dom.bootLoMs = a <= b ? a : lo;
    dom.bootHiMs = a <= b ? b : hi;
  }
  return clamp(receivedMs, dom.bootLoMs + sysUptimeMs, dom.bootHiMs + sysUptimeMs);
}

/** The export time of a message whose header says `exportSecs` (whole seconds), received at `receivedMs`. */
export function secondsExportMs(exportSecs: number, receivedMs: number): number {
  return clamp(receivedMs, exportSecs * 1000, exportSecs * 1000 + 999);
}

/**
 * A record time given in whole seconds (IPFIX flowStartSeconds, flowEndSeconds,
 * observationTimeSeconds): the middle of what it can be — the second it names, and no later than
 * the message's export time. Both ends of a record get the same treatment, so a one-second flow
 * keeps its place and start never passes end.
 */
export function secondsToMs(seconds: number, exportMs: number): number {
  const from = seconds * 1000;
  const to = Math.min(from + 999, exportMs);
  return to > from ? (from + to) / 2 : from;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
