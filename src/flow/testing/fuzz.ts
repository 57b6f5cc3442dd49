/**
 * Test support: a seeded mutation fuzzer for the flow decoders, used by `scripts/fuzz-decoders.ts`
 * (millions of datagrams) and by a short run in the test suite.
 *
 * Datagrams are valid seeds (fixture captures and synthetic datagrams) mutated by bit flips, byte
 * overwrites, boundary values in 16/32-bit fields (0, 1, 0xffff, 0xffffffff, …), truncation,
 * extension, splicing, block duplication and deletion, or plain random bytes behind a valid
 * header. Every datagram goes to the format's decoder, with state kept across datagrams (templates
 * included) under small caps, several exporters and a moving clock, so template state, caps and
 * expiry are fuzzed too. An exception escaping a decoder is caught at its boundary and counted by
 * {@link decodeGuard}; the run reports how many.
 *
 * Pure: no I/O (seeds are passed in).
 */
import { DecodeError, type DecoderLimits, ExporterCounters, type FlowDecoder } from '../decoder.js';
import { decodeGuard } from '../decode-guard.js';
import { FlowBatch, type FlowSink, FlowFormat } from '../flow-batch.js';
import { IpfixDecoder } from '../ipfix/ipfix-decoder.js';
import { NetflowV5Decoder } from '../netflow-v5/netflow-v5-decoder.js';
import { NetflowV9Decoder } from '../netflow-v9/netflow-v9-decoder.js';
import { SflowDecoder } from '../sflow/sflow-decoder.js';

/** Small caps so that a fuzz run hits them constantly. */
export const FUZZ_LIMITS: DecoderLimits = Object.freeze({ maxTemplatesPerExporter: 32, maxTemplatesTotal: 128, templateTimeoutMs: 5_000, maxDatagramBytes: 9000 });

/** Number of exporters the fuzzer spreads datagrams over. */
const EXPORTERS = 8;

/** Deterministic PRNG (mulberry32). */
export class Rng {
  #s: number;
  constructor(seed: number) {
    this.#s = seed >>> 0;
  }
  /** Next 32-bit unsigned integer. */
  next(): number {
    this.#s = (this.#s + 0x6d2b79f5) >>> 0;
    let t = this.#s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }
}

const BOUNDARY16 = [0, 1, 2, 3, 4, 255, 256, 0x7fff, 0x8000, 0xfffe, 0xffff];
const BOUNDARY32 = [0, 1, 4, 8, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

/** One mutated datagram from the seeds. */
export function mutate(rng: Rng, seeds: readonly Uint8Array[], maxBytes: number): Uint8Array {
  const seed = seeds[rng.int(seeds.length)]!;
  let d: Uint8Array = seed.slice();
  const rounds = 1 + rng.int(4);
  for (let r = 0; r < rounds; r++) {
    switch (rng.int(10)) {
      case 0: // bit flips
        for (let k = 1 + rng.int(8); k > 0 && d.length > 0; k--) d[rng.int(d.length)]! ^= 1 << rng.int(8);
        break;
      case 1: // random bytes
        for (let k = 1 + rng.int(8); k > 0 && d.length > 0; k--) d[rng.int(d.length)] = rng.int(256);
        break;
      case 2: // 16-bit boundary value (lengths, counts, ids)
        if (d.length >= 2) {
          const o = rng.int(d.length - 1);
          const v = BOUNDARY16[rng.int(BOUNDARY16.length)]!;
          d[o] = v >>> 8;
          d[o + 1] = v & 255;
        }
        break;
      case 3: // 32-bit boundary value
        if (d.length >= 4) {
          const o = rng.int(d.length - 3);
          const v = BOUNDARY32[rng.int(BOUNDARY32.length)]!;
          d[o] = v >>> 24;
          d[o + 1] = (v >>> 16) & 255;
          d[o + 2] = (v >>> 8) & 255;
          d[o + 3] = v & 255;
        }
        break;
      case 4: // truncate
        d = d.subarray(0, rng.int(d.length + 1)).slice();
        break;
      case 5: {
        // extend with random or repeated bytes
        const extra = new Uint8Array(rng.int(512));
        for (let k = 0; k < extra.length; k++) extra[k] = rng.int(3) === 0 ? rng.int(256) : (d[k % Math.max(1, d.length)] ?? 0);
        d = concat(d, extra);
        break;
      }
      case 6: {
        // splice with another seed at a random point
        const other = seeds[rng.int(seeds.length)]!;
        d = concat(d.subarray(0, rng.int(d.length + 1)), other.subarray(rng.int(other.length + 1)));
        break;
      }
      case 7: {
        // duplicate a block (repeated sets, samples, records)
        const a = rng.int(d.length + 1);
        const b = a + rng.int(d.length - a + 1);
        d = concat(d.subarray(0, b), d.subarray(a, b), d.subarray(b));
        break;
      }
      case 8: {
        // delete a block
        const a = rng.int(d.length + 1);
        const b = a + rng.int(Math.min(64, d.length - a) + 1);
        d = concat(d.subarray(0, a), d.subarray(b));
        break;
      }
      default: {
        // random body behind the seed's first 16–28 header bytes
        const keep = Math.min(d.length, 16 + rng.int(13));
        const body = new Uint8Array(rng.int(1500));
        for (let k = 0; k < body.length; k++) body[k] = rng.int(256);
        d = concat(d.subarray(0, keep), body);
      }
    }
  }
  return d.length > maxBytes + 16 ? d.subarray(0, maxBytes + 16) : d;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A sink that reuses one batch: fuzzing checks robustness, not output. */
export class RecyclingSink implements FlowSink {
  readonly #batch = new FlowBatch(1024);
  current(): FlowBatch {
    return this.#batch;
  }
  flush(full: FlowBatch): FlowBatch {
    full.clear();
    return full;
  }
}

/** Result of fuzzing one format. */
export interface FuzzReport {
  readonly format: FlowFormat;
  readonly datagrams: number;
  readonly records: number;
  /** Exceptions that escaped decoder checks (caught at the boundary). Must be 0. */
  readonly escaped: number;
  readonly lastEscape: unknown;
  /** Errors counted by kind, over all exporters. */
  readonly errors: readonly number[];
  /** Templates held at the end (v9/IPFIX), never above the total cap. */
  readonly templatesHeld: number;
  readonly elapsedMs: number;
}

/** Creates the decoder for a format. */
export function decoderFor(format: FlowFormat, limits: DecoderLimits): FlowDecoder & { templateCount?: number } {
  switch (format) {
    case FlowFormat.NetflowV5:
      return new NetflowV5Decoder(limits);
    case FlowFormat.NetflowV9:
      return new NetflowV9Decoder(limits);
    case FlowFormat.Ipfix:
      return new IpfixDecoder(limits);
    case FlowFormat.Sflow:
      return new SflowDecoder(limits);
  }
}

/**
 * Fuzzes one format with `count` datagrams: a quarter are the seeds themselves (so that templates
 * get installed), the rest mutations. `now` supplies the clock (ms) for elapsed-time reporting.
 */
export function fuzzFormat(format: FlowFormat, seeds: readonly Uint8Array[], count: number, seed: number, now: () => number, limits: DecoderLimits = FUZZ_LIMITS): FuzzReport {
  if (seeds.length === 0) throw new Error('fuzzing needs at least one seed datagram');
  const rng = new Rng(seed ^ (format * 0x9e3779b9));
  const decoder = decoderFor(format, limits);
  const sink = new RecyclingSink();
  const counters = Array.from({ length: EXPORTERS }, () => new ExporterCounters());
  const escapedBefore = decodeGuard.caught;
  let records = 0;
  let clock = 1_700_000_000_000;
  const start = now();
  for (let n = 0; n < count; n++) {
    const d = rng.int(4) === 0 ? seeds[rng.int(seeds.length)]! : mutate(rng, seeds, limits.maxDatagramBytes);
    const e = rng.int(EXPORTERS);
    clock += rng.int(50);
    records += decoder.decode(d, { index: e, counters: counters[e]! }, clock, sink);
    if (rng.int(100_000) === 0) decoder.forget(rng.int(EXPORTERS));
  }
  const errors = new Array<number>(counters[0]!.errors.length).fill(0);
  for (const c of counters) c.errors.forEach((v, k) => (errors[k]! += v));
  return {
    format,
    datagrams: count,
    records,
    escaped: decodeGuard.caught - escapedBefore,
    lastEscape: decodeGuard.last,
    errors,
    templatesHeld: decoder.templateCount ?? 0,
    elapsedMs: now() - start,
  };
}

/** Error kinds that a fuzz run is expected to produce (for a sanity check that mutations bite). */
export const EXPECTED_FUZZ_ERRORS: Readonly<Record<FlowFormat, readonly DecodeError[]>> = {
  [FlowFormat.NetflowV5]: [DecodeError.Truncated, DecodeError.BadVersion],
  [FlowFormat.NetflowV9]: [DecodeError.Truncated, DecodeError.BadVersion, DecodeError.BadLength, DecodeError.BadTemplate, DecodeError.TemplateMissing],
  [FlowFormat.Ipfix]: [DecodeError.Truncated, DecodeError.BadVersion, DecodeError.BadLength, DecodeError.BadTemplate, DecodeError.TemplateMissing],
  [FlowFormat.Sflow]: [DecodeError.Truncated, DecodeError.BadVersion, DecodeError.BadSample],
};
