/**
 * Differential tests: every shared flow capture decoded by our decoders and by tshark, compared
 * record by record and field by field; and every encapsulation sample parsed by the packet parser
 * and by tshark. Captures are replayed per exporter stream (templates before data, see
 * `testing/flow-fixtures.ts`); tshark sees the same stream as one concatenated capture.
 */
import { expect, it } from 'vitest';
import { DecodeError, ExporterCounters } from './decoder.js';
import { createDecoders } from './decoders.js';
import { CollectingSink } from './flow-batch.js';
import { CaptureFrames } from './capture/capture-frames.js';
import { LinkType, PacketInfo, parsePacket } from './packet/packet-parser.js';
import { describeExternal, missingFixtures, missingTools } from '../testing/external.js';
import { formatAddress } from '../core/ip.js';
import { concatPcaps, fixtureDatagrams, fixtureFiles, NETFLOW_GROUPS, readFixture } from './testing/flow-fixtures.js';
import { recordsOf } from './testing/record-view.js';
import { diffRecords } from './testing/compare.js';
import { tsharkLayers } from './testing/tshark.js';
import { expectCflow } from './testing/tshark-cflow.js';
import { expectSflow } from './testing/tshark-sflow.js';
import { expectedPacket } from './testing/tshark-json.js';

/** Decodes datagrams as one exporter's stream; returns records and counters. */
function decodeStream(datagrams: { payload: Uint8Array; timestampMs: number }[]): { sink: CollectingSink; counters: ExporterCounters } {
  const decoders = createDecoders();
  const counters = new ExporterCounters();
  const sink = new CollectingSink(64);
  for (const dg of datagrams) decoders.decode(dg.payload, { index: 0, counters }, dg.timestampMs, sink);
  return { sink, counters };
}

/** Error counts by kind, non-zero only. */
function errorsOf(c: ExporterCounters): Record<string, number> {
  const out: Record<string, number> = {};
  c.errors.forEach((v, k) => {
    if (v !== 0) out[k] = v;
  });
  return out;
}

describeExternal('flow decoders against tshark', [...missingTools('tshark'), ...missingFixtures()], () => {
  it('covers every NetFlow/IPFIX capture in a replay group', () => {
    const grouped = NETFLOW_GROUPS.flatMap((g) => g.files).sort();
    expect(grouped).toEqual(fixtureFiles('netflow'));
  });

  for (const group of NETFLOW_GROUPS) {
    it(`decodes ${group.name} (${group.files.join(', ')}) as tshark does`, () => {
      const datagrams = group.files.flatMap((f) => fixtureDatagrams('netflow', f));
      const { sink, counters } = decodeStream(datagrams);
      const ports = [...new Set(datagrams.map((d) => d.destinationPort))];
      const layers = tsharkLayers(concatPcaps(group.files.map((f) => readFixture('netflow', f))), [...ports.map((p) => `udp.port==${p},cflow`), ...(group.tsharkDecodeAs ?? [])]);
      const expected = expectCflow(layers);
      expect(expected.records.length).toBeGreaterThan(0);
      // The only errors allowed are data sets that tshark could not decode either (template later in the packet).
      const missing = expected.missingTemplates > 0 ? { [DecodeError.TemplateMissing]: expected.missingTemplates } : {};
      expect(errorsOf(counters)).toEqual(missing);
      expect(diffRecords(recordsOf(sink), expected.records)).toEqual([]);
      expect(counters.records).toBe(expected.records.length);
    });
  }

  for (const file of fixtureFilesOrEmpty('sflow')) {
    it(`decodes sFlow ${file} as tshark does`, () => {
      const datagrams = fixtureDatagrams('sflow', file);
      const { sink, counters } = decodeStream(datagrams);
      const ports = [...new Set(datagrams.map((d) => d.destinationPort))];
      const layers = tsharkLayers(
        readFixture('sflow', file),
        ports.map((p) => `udp.port==${p},sflow`),
      );
      const expected = expectSflow(
        layers,
        datagrams.map((d) => d.timestampMs),
      );
      expect(expected.records.length).toBeGreaterThan(0);
      expect(errorsOf(counters)).toEqual({});
      expect(counters.counterSamples).toBe(expected.counterSamples);
      expect(diffRecords(recordsOf(sink), expected.records)).toEqual([]);
    });
  }

  // tshark's pseudowire heuristic takes these control words for an Ethernet header; told that the
  // pseudowire carries a control word (RFC 4448 §3), it agrees with the parser.
  const decodeAs: Record<string, string[]> = {
    'mpls-eompls-cw.pcap': ['mpls.label==17,pwethcw'],
    'mpls-eompls-invalid-cw.pcap': ['mpls.label==100,pwethcw'],
  };
  for (const file of fixtureFilesOrEmpty('testdata')) {
    it(`parses the encapsulation sample ${file} as tshark does`, () => {
      const bytes = readFixture('testdata', file);
      const layers = tsharkLayers(bytes, decodeAs[file] ?? []);
      const frames = [...new CaptureFrames(bytes)];
      expect(frames.length).toBe(layers.length);
      const pk = new PacketInfo();
      frames.forEach((f, k) => {
        parsePacket(f.data, 0, f.data.length, LinkType.Ethernet, pk);
        const ours = {
          ipVersion: pk.ipVersion,
          src: pk.ipVersion === 0 ? '::' : formatAddress(pk.src[0]!, pk.src[1]!, pk.src[2]!, pk.src[3]!),
          dst: pk.ipVersion === 0 ? '::' : formatAddress(pk.dst[0]!, pk.dst[1]!, pk.dst[2]!, pk.dst[3]!),
          protocol: pk.protocol,
          srcPort: pk.srcPort,
          dstPort: pk.dstPort,
          tcpFlags: pk.tcpFlags,
          tos: pk.tos,
          icmpTypeCode: pk.icmpTypeCode,
          fragment: pk.fragment,
          vlan: pk.vlan,
          ipLength: pk.ipLength,
        };
        expect(ours, `frame ${k}`).toEqual(expectedPacket(layers[k]!));
      });
    });
  }
});

/** Fixture files, or none when the fixtures are absent (the suite is then skipped anyway). */
function fixtureFilesOrEmpty(family: 'sflow' | 'testdata'): string[] {
  return missingFixtures().length > 0 ? [] : fixtureFiles(family);
}
