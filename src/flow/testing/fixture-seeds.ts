/**
 * Test support: the datagrams of every shared NetFlow/IPFIX/sFlow capture, by format — real
 * exporter output as fuzzing seeds.
 */
import { FlowFormat } from '../flow-batch.js';
import { fixtureDatagrams, fixtureFiles } from './flow-fixtures.js';
import { formatOf } from './seed-corpus.js';

/** Fixture datagrams grouped by format (empty lists when a format has none). */
export function fixtureSeeds(): Record<FlowFormat, Uint8Array[]> {
  const out: Record<FlowFormat, Uint8Array[]> = { [FlowFormat.NetflowV5]: [], [FlowFormat.NetflowV9]: [], [FlowFormat.Ipfix]: [], [FlowFormat.Sflow]: [] };
  for (const family of ['netflow', 'sflow'] as const) {
    for (const file of fixtureFiles(family)) {
      for (const dg of fixtureDatagrams(family, file)) {
        const f = formatOf(dg.payload);
        if (f !== undefined) out[f].push(dg.payload.slice());
      }
    }
  }
  return out;
}
