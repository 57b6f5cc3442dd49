/**
 * Replay of captured export datagrams (pcap/pcapng) through the collector's pipeline — the same
 * decoders, exporter table, renormalisation and consumers as live UDP — paced at a multiple of
 * real time or as fast as possible.
 */
import { CaptureStats, captureDatagrams } from '../flow/capture/capture-datagrams.js';
import type { Collector } from './collector.js';

/** Replay options. */
export interface ReplayOptions {
  /** Multiple of real time (1 = as captured); 0 = as fast as possible. */
  readonly speed: number;
  /** Called about once a second of wall time with progress. */
  readonly onProgress?: (p: ReplayProgress) => void;
  /** Called after each datagram; a returned promise is awaited (back-pressure from output). */
  readonly afterDatagram?: () => Promise<void> | void;
  /** Sets the pipeline clock to each datagram's capture time (replays keep their own time). */
  readonly setTime?: (ms: number) => void;
}

/** Progress and final figures of a replay. */
export interface ReplayProgress {
  readonly datagrams: number;
  readonly totalDatagrams: number;
  readonly records: number;
  readonly capture: CaptureStats;
  /** Capture time span replayed so far, ms. */
  readonly spanMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Replays a capture file's datagrams into the collector. Throws `SAKIMORI_ERR_CAPTURE_FORMAT`
 * before feeding anything when the bytes are not a capture.
 */
export async function replayCapture(file: Uint8Array, collector: Collector, options: ReplayOptions): Promise<ReplayProgress> {
  // A first pass only counts (for progress); datagrams are never all held in memory at once.
  let total = 0;
  if (options.onProgress !== undefined) for (const _ of captureDatagrams(file)) total++;
  const capture = new CaptureStats();
  let records = 0;
  let datagrams = 0;
  let firstTs = Number.NaN;
  let lastTs = 0;
  const wallStart = performance.now();
  let lastProgress = wallStart;
  const progress = (): ReplayProgress => ({ datagrams, totalDatagrams: Math.max(total, datagrams), records, capture, spanMs: datagrams === 0 ? 0 : lastTs - firstTs });
  for (const d of captureDatagrams(file, capture)) {
    if (Number.isNaN(firstTs)) firstTs = d.timestampMs;
    if (options.speed > 0) {
      const due = wallStart + (d.timestampMs - firstTs) / options.speed;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
    }
    lastTs = d.timestampMs;
    options.setTime?.(d.timestampMs);
    const n = collector.ingest('auto', d.payload, d.sourceText, d.timestampMs);
    if (n > 0) records += n;
    datagrams++;
    const after = options.afterDatagram?.();
    if (after !== undefined) await after;
    const now = performance.now();
    if (options.onProgress !== undefined && now - lastProgress >= 1000) {
      lastProgress = now;
      options.onProgress(progress());
    }
  }
  collector.flush();
  return progress();
}
