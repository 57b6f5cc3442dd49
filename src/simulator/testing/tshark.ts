/**
 * Test helpers: write export datagrams into a pcap and dissect it with tshark, the oracle every
 * simulator encoder is checked against.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIPv4 } from '../../core/ip.js';
import { pcapFileHeader, pcapUdpRecord } from '../output/pcap.js';

/** UDP port the helpers send NetFlow/IPFIX datagrams to (decoded as cflow). */
export const TEST_NETFLOW_PORT = 2055;
/** UDP port for sFlow (tshark's default sFlow port). */
export const TEST_SFLOW_PORT = 6343;

/** A datagram to frame: payload, time and the port it goes to. */
export interface TestDatagram {
  readonly payload: Uint8Array;
  readonly timeMs: number;
  readonly dstPort?: number;
  readonly srcIp?: string;
}

/** A temporary directory removed by the returned cleanup function. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sakimori-sim-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes the datagrams as a pcap at `path`. */
export function writeTestPcap(path: string, datagrams: readonly TestDatagram[]): void {
  const parts: Uint8Array[] = [pcapFileHeader()];
  datagrams.forEach((d, k) => {
    parts.push(pcapUdpRecord(d.timeMs, d.payload, { srcIp: parseIPv4(d.srcIp ?? '10.255.0.1'), dstIp: parseIPv4('10.255.0.254'), srcPort: 50000, dstPort: d.dstPort ?? TEST_NETFLOW_PORT }, k));
  });
  writeFileSync(path, Buffer.concat(parts));
}

function tshark(args: string[]): string {
  // UTC so absolute times print the same everywhere.
  const r = spawnSync('tshark', args, { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, TZ: 'UTC' } });
  if (r.status !== 0) throw new Error(`tshark ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

const DECODE = ['-d', `udp.port==${TEST_NETFLOW_PORT},cflow`, '-d', `udp.port==${TEST_SFLOW_PORT},sflow`];

/** Parses tshark's absolute time text (`Jan 15, 2026 08:59:55.000000000 UTC`) to ms since epoch. */
export function parseTsharkTime(text: string): number {
  const m = /^(\w{3}) +(\d+), (\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))? UTC$/.exec(text);
  if (m === null) throw new Error(`unexpected tshark time ${JSON.stringify(text)}`);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(m[1]!);
  const ms = Number(`0.${m[7] ?? '0'}`) * 1000;
  return Date.UTC(Number(m[3]), month, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6])) + Math.round(ms);
}

/** Extracts fields per frame: one array per frame, each field's occurrences as an array of strings. */
export function tsharkFields(path: string, fields: readonly string[], filter?: string, extra: readonly string[] = []): string[][][] {
  const args = ['-r', path, ...DECODE, ...extra, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=|', '-E', 'separator=\t'];
  if (filter !== undefined) args.push('-Y', filter);
  for (const f of fields) args.push('-e', f);
  return tshark(args)
    .split('\n')
    .filter((l) => l.length > 0)
    .map((line) => line.split('\t').map((v) => (v === '' ? [] : v.split('|'))));
}

/** tshark's expert warnings and errors (malformed packets and the like), one line each. */
export function tsharkProblems(path: string, extra: readonly string[] = []): string[] {
  const out = tshark(['-r', path, ...DECODE, ...extra, '-T', 'fields', '-e', '_ws.expert.message', '-e', '_ws.malformed', '-Y', '_ws.malformed || _ws.expert.severity >= "warning"']);
  return out.split('\n').filter((l) => l.trim().length > 0);
}

/** One decoded NetFlow/IPFIX data record: its fields (subtrees flattened), plus the exporter address. */
export type FlowRecordFields = Record<string, string> & { exporter: string };

function flatten(o: Record<string, unknown>, into: Record<string, string>): void {
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'string') into[k] = v;
    else if (typeof v === 'object' && v !== null && !Array.isArray(v)) flatten(v as Record<string, unknown>, into);
  }
}

/** Every NetFlow v9 / IPFIX data record in the pcap (frames matching `filter`), one object per record. */
export function tsharkFlows(path: string, filter: string): FlowRecordFields[] {
  const json = JSON.parse(tshark(['-r', path, ...DECODE, '-Y', filter, '-T', 'json', '--no-duplicate-keys', '-J', 'ip cflow'])) as Array<{ _source: { layers: Record<string, unknown> } }>;
  const out: FlowRecordFields[] = [];
  for (const frame of json) {
    const layers = frame._source.layers;
    const ip = layers.ip as Record<string, unknown> | undefined;
    const exporter = String(ip?.['ip.src'] ?? '');
    const visit = (o: Record<string, unknown>): void => {
      for (const [k, v] of Object.entries(o)) {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) continue;
        if (/^Flow \d+$/.test(k)) {
          const rec = { exporter } as FlowRecordFields;
          flatten(v as Record<string, unknown>, rec);
          out.push(rec);
        } else {
          visit(v as Record<string, unknown>);
        }
      }
    };
    visit((layers.cflow ?? {}) as Record<string, unknown>);
  }
  return out;
}
