/**
 * Test helpers: flow records written straight into a {@link FlowBatch} as the collector hands them
 * over (renormalised), and the demo protected networks of the address plan.
 */
import { parseAddress, writeAddressAt } from '../../core/ip.js';
import type { ProtectedNetworkInput } from '../../detection/protected-networks.js';
import { FlowBatch, FlowFormat } from '../../flow/flow-batch.js';
import { TestExporters } from '../../flow/testing/test-exporters.js';

/** One synthetic record; counts as exported, renormalised by `samplingRate`. */
export interface FlowSpec {
  readonly src: string;
  readonly dst: string;
  readonly protocol?: number;
  readonly srcPort?: number;
  readonly dstPort?: number;
  readonly packets?: number;
  readonly bytes?: number;
  readonly samplingRate?: number;
  readonly startMs: number;
  readonly endMs?: number;
}

/** Appends one record (the batch must have room). */
export function addFlow(batch: FlowBatch, f: FlowSpec): void {
  const i = batch.begin();
  const src = parseAddress(f.src);
  writeAddressAt(batch.srcAddr, i, src);
  writeAddressAt(batch.dstAddr, i, parseAddress(f.dst));
  batch.ipVersion[i] = src[2] === 0xffff && src[0] === 0 ? 4 : 6;
  batch.protocol[i] = f.protocol ?? 6;
  batch.srcPort[i] = f.srcPort ?? 0;
  batch.dstPort[i] = f.dstPort ?? 0;
  batch.packets[i] = f.packets ?? 1;
  batch.bytes[i] = f.bytes ?? (f.packets ?? 1) * 100;
  batch.samplingRate[i] = f.samplingRate ?? 1;
  batch.startMs[i] = f.startMs;
  batch.endMs[i] = f.endMs ?? f.startMs;
  batch.format[i] = FlowFormat.Ipfix;
  batch.commit();
  batch.scale(i, 1);
}

/** A batch holding the given records. */
export function flows(specs: readonly FlowSpec[]): FlowBatch {
  const b = new FlowBatch(Math.max(1, specs.length));
  for (const f of specs) addFlow(b, f);
  return b;
}

/** The demo organisations' protected networks (see the address plan). */
export const DEMO_NETWORKS: readonly ProtectedNetworkInput[] = [
  { id: 'net-aozora-4', organizationId: 'org-aozora', prefix: '192.0.2.0/24' },
  { id: 'net-aozora-6', organizationId: 'org-aozora', prefix: '2001:db8:100::/48' },
  { id: 'net-minato-4', organizationId: 'org-minato', prefix: '198.51.100.0/24' },
  { id: 'net-minato-6', organizationId: 'org-minato', prefix: '2001:db8:200::/48' },
  { id: 'net-sakura-4', organizationId: 'org-sakura', prefix: '203.0.113.0/24' },
  { id: 'net-kumo-4', organizationId: 'org-kumo', prefix: '198.18.0.0/22' },
  { id: 'net-hikari-4', organizationId: 'org-hikari', prefix: '198.19.0.0/24' },
];

/** An empty exporter table, for `FlowConsumer.consume` calls in tests. */
export const NO_EXPORTERS = new TestExporters();
