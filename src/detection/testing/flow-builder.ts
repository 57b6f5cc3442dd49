/**
 * Test helpers: synthetic flow records written straight into a {@link FlowBatch}, as a decoder
 * and the collector's renormalisation would leave them, and a detection engine on a manual clock
 * with a collecting sink.
 */
import { ManualClock } from '../../core/clock.js';
import { parseAddress, writeAddressAt, type AddressWords } from '../../core/ip.js';
import Value from 'typebox/value';
import { FlowBatch, FlowFormat } from '../../flow/flow-batch.js';
import { CollectingAttackSink } from '../attack.js';
import { DetectionConfigSchema, type DetectionConfig } from '../config.js';
import { DetectionEngine } from '../detection-engine.js';
import type { ProtectedNetworkInput } from '../protected-networks.js';

/** One synthetic record. Counts are as exported (sampled); `samplingRate` renormalises them. */
export interface RecordSpec {
  readonly src: string | Readonly<AddressWords>;
  readonly dst: string | Readonly<AddressWords>;
  readonly protocol?: number;
  readonly srcPort?: number;
  readonly dstPort?: number;
  readonly tcpFlags?: number;
  readonly fragment?: number;
  readonly packets?: number;
  /** Defaults to 500 bytes per packet. */
  readonly bytes?: number;
  readonly samplingRate?: number;
  /** Defaults to `endMs` (an sFlow-like sample). */
  readonly startMs?: number;
  readonly endMs: number;
  readonly exporter?: number;
  readonly format?: FlowFormat;
}

/** Protocol numbers and TCP flags used in tests. */
export const P = { ICMP: 1, TCP: 6, UDP: 17, GRE: 47, ICMPV6: 58 } as const;
/** TCP flag bits (RFC 9293 §3.1). */
export const F = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 } as const;

/** Appends one record to a batch (which must have room). */
export function addRecord(batch: FlowBatch, r: RecordSpec): void {
  const i = batch.begin();
  const src = typeof r.src === 'string' ? parseAddress(r.src) : r.src;
  const dst = typeof r.dst === 'string' ? parseAddress(r.dst) : r.dst;
  writeAddressAt(batch.srcAddr, i, src);
  writeAddressAt(batch.dstAddr, i, dst);
  batch.ipVersion[i] = src[0] === 0 && src[1] === 0 && src[2] === 0xffff ? 4 : 6;
  batch.protocol[i] = r.protocol ?? P.UDP;
  batch.srcPort[i] = r.srcPort ?? 40000;
  batch.dstPort[i] = r.dstPort ?? 80;
  batch.tcpFlags[i] = r.tcpFlags ?? 0;
  batch.fragment[i] = r.fragment ?? 0;
  const packets = r.packets ?? 1;
  batch.packets[i] = packets;
  batch.bytes[i] = r.bytes ?? packets * 500;
  batch.samplingRate[i] = r.samplingRate ?? 1;
  batch.startMs[i] = r.startMs ?? r.endMs;
  batch.endMs[i] = r.endMs;
  batch.exporter[i] = r.exporter ?? 0;
  batch.format[i] = r.format ?? (r.startMs === undefined ? FlowFormat.Sflow : FlowFormat.Ipfix);
  batch.commit();
  batch.scale(i, 1);
}

/** A batch holding the given records. */
export function batchOf(records: readonly RecordSpec[]): FlowBatch {
  const b = new FlowBatch(Math.max(1, records.length));
  for (const r of records) addRecord(b, r);
  return b;
}

/** Detection configuration: schema defaults overridden by `overrides` (deeply). */
export function testConfig(overrides: Record<string, unknown> = {}): DetectionConfig {
  return Value.Default(DetectionConfigSchema, structuredClone(overrides)) as DetectionConfig;
}

/** The demo networks of the address plan (IPv4 and IPv6 of each organisation). */
export const DEMO_NETWORKS: readonly ProtectedNetworkInput[] = [
  { id: 'net-aozora-4', organizationId: 'org-aozora', prefix: '192.0.2.0/24' },
  { id: 'net-aozora-6', organizationId: 'org-aozora', prefix: '2001:db8:100::/48' },
  { id: 'net-minato-4', organizationId: 'org-minato', prefix: '198.51.100.0/24' },
  { id: 'net-minato-6', organizationId: 'org-minato', prefix: '2001:db8:200::/48' },
  { id: 'net-sakura-4', organizationId: 'org-sakura', prefix: '203.0.113.0/24' },
  { id: 'net-kumo-4', organizationId: 'org-kumo', prefix: '198.18.0.0/22' },
  { id: 'net-kumo-6', organizationId: 'org-kumo', prefix: '2001:db8:400::/48' },
  { id: 'net-hikari-4', organizationId: 'org-hikari', prefix: '198.19.0.0/24' },
];

/** An engine on a manual clock with a collecting sink and sequential attack ids. */
export function testEngine(overrides: Record<string, unknown> = {}, networks: readonly ProtectedNetworkInput[] = DEMO_NETWORKS, startMs = Date.UTC(2026, 0, 5, 9, 0, 0)) {
  const clock = new ManualClock(startMs);
  const sink = new CollectingAttackSink();
  let n = 0;
  const engine = new DetectionEngine(testConfig(overrides), { sink, newId: () => `attack-${++n}` }, clock.now());
  engine.setNetworks(networks, clock.now());
  /** Moves the clock by `ms` and lets the engine complete the seconds passed. */
  const advance = (ms: number): void => {
    clock.advance(ms);
    engine.advance(clock.now());
  };
  /** Feeds records to the engine at the current clock. */
  const feed = (records: readonly RecordSpec[]): void => engine.consume(batchOf(records), clock.now());
  return { clock, sink, engine, advance, feed };
}

/** The address `i` places after `base` (counting up the last word), as words. */
export function nth(base: string, i: number): AddressWords {
  const w = parseAddress(base);
  return [w[0], w[1], w[2], (w[3] + i) >>> 0];
}

/** A test engine as returned by {@link testEngine}. */
export type TestEngine = ReturnType<typeof testEngine>;

/**
 * Drives an engine for `seconds` in steps of `stepMs`: before each step `records(nowMs, step)`
 * gives the records exported in it (stamped by the caller), fed as one batch; then the clock moves.
 */
export function run(h: TestEngine, seconds: number, records: (nowMs: number, step: number) => RecordSpec[], stepMs = 100): void {
  const steps = Math.round((seconds * 1000) / stepMs);
  for (let k = 0; k < steps; k++) {
    const recs = records(h.clock.now(), k);
    if (recs.length > 0) h.feed(recs);
    h.advance(stepMs);
  }
}

/**
 * `n` sFlow-like samples at 1:`rate` sampling from rotating sources, for a flood of `pps` packets
 * per second spread over steps of `stepMs`; `k` is the step index. Fractions carry over exactly.
 */
export function samplesPerStep(pps: number, rate: number, stepMs: number, k: number): number {
  const per = (pps / rate) * (stepMs / 1000);
  return Math.floor(per * (k + 1)) - Math.floor(per * k);
}
