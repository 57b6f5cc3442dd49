/**
 * Test support: the shared flow captures (Akvorado's decoder test data, see
 * ../shared/fixtures/README.md) grouped the way an exporter sent them — v9/IPFIX template captures
 * before the data captures that need them — plus helpers to read them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { captureDatagrams, type CapturedDatagram } from '../capture/capture-datagrams.js';
import { sharedFixture } from '../../testing/external.js';

/** Captures replayed in order as one exporter's stream. */
export interface FixtureGroup {
  readonly name: string;
  readonly files: readonly string[];
  /**
   * Extra tshark `-d` rules. tshark's pseudowire heuristic decides per packet whether an MPLS
   * pseudowire carries a control word and gets some frames of the EoMPLS capture wrong (it takes
   * the control word for a MAC address); the PW with label 17 carries one (RFC 4448 §3).
   */
  readonly tsharkDecodeAs?: readonly string[];
}

/** NetFlow v5/v9 and IPFIX captures under `flow/akvorado/netflow`. */
export const NETFLOW_GROUPS: readonly FixtureGroup[] = [
  { name: 'nfv5', files: ['nfv5.pcap'] },
  { name: 'v9 sampler options', files: ['options-template.pcap', 'options-data.pcap', 'template.pcap', 'data.pcap'] },
  { name: 'v9 templates mixed with data', files: ['data+templates.pcap'] },
  { name: 'v9 sampling in records', files: ['samplingrate-template.pcap', 'samplingrate-data.pcap'] },
  {
    name: 'v9 multiple sampling rates',
    files: ['multiplesamplingrates-options-template.pcap', 'multiplesamplingrates-options-data.pcap', 'multiplesamplingrates-template.pcap', 'multiplesamplingrates-data.pcap'],
  },
  { name: 'v9 icmp', files: ['icmp-template.pcap', 'icmp-data.pcap'] },
  { name: 'v9 nat', files: ['nat.pcap'] },
  { name: 'ipfix mpls', files: ['mpls.pcap'] },
  { name: 'ipfix physical interfaces', files: ['physicalinterfaces.pcap'] },
  { name: 'ipfix ipfixprobe', files: ['ipfixprobe-templates.pcap', 'ipfixprobe-data.pcap'] },
  { name: 'ipfix datalink', files: ['datalink-template.pcap', 'datalink-data.pcap'] },
  {
    name: 'ipfix eompls',
    files: ['ethernet-over-mpls-with-control-word-template.pcap', 'ethernet-over-mpls-with-control-word-data.pcap'],
    tsharkDecodeAs: ['mpls.label==17,pwethcw'],
  },
  { name: 'ipfix srv6', files: ['ipfix-srv6-template.pcap', 'ipfix-srv6-data.pcap'] },
  { name: 'ipfix juniper cpid', files: ['juniper-cpid-template.pcap', 'juniper-cpid-data.pcap'] },
];

/** Folder of a fixture family. */
export function fixtureDir(family: 'netflow' | 'sflow' | 'testdata'): string {
  return sharedFixture('flow', 'akvorado', family);
}

/** The `.pcap` files of a fixture family, sorted. */
export function fixtureFiles(family: 'netflow' | 'sflow' | 'testdata'): string[] {
  return readdirSync(fixtureDir(family))
    .filter((f) => f.endsWith('.pcap'))
    .sort();
}

/** Reads a fixture capture. */
export function readFixture(family: 'netflow' | 'sflow' | 'testdata', file: string): Uint8Array {
  return new Uint8Array(readFileSync(`${fixtureDir(family)}/${file}`));
}

/** The UDP datagrams of a fixture capture, in order. */
export function fixtureDatagrams(family: 'netflow' | 'sflow', file: string): CapturedDatagram[] {
  return [...captureDatagrams(readFixture(family, file))];
}

/**
 * Concatenates pcap files with the same link type into one (the first file's header, then every
 * file's records), so that tshark sees templates before the data that needs them.
 */
export function concatPcaps(files: readonly Uint8Array[]): Uint8Array {
  const first = files[0];
  if (first === undefined) throw new Error('no capture to concatenate');
  const parts = [first.subarray(0, 24), ...files.map((f) => f.subarray(24))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
