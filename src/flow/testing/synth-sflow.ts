/**
 * Test support: builds sFlow v5 datagrams (sFlow Version 5 §4–§5) from a readable description.
 */
import { ByteWriter } from './byte-writer.js';

/** A flow record inside a flow sample. */
export type SflowRecord =
  | { readonly kind: 'raw'; readonly headerProtocol: number; readonly frameLength: number; readonly stripped?: number; readonly header: Uint8Array }
  | {
      readonly kind: 'ipv4';
      readonly length: number;
      readonly protocol: number;
      readonly src: string;
      readonly dst: string;
      readonly srcPort: number;
      readonly dstPort: number;
      readonly tcpFlags?: number;
      readonly tos?: number;
    }
  | {
      readonly kind: 'ipv6';
      readonly length: number;
      readonly protocol: number;
      readonly src: string;
      readonly dst: string;
      readonly srcPort: number;
      readonly dstPort: number;
      readonly tcpFlags?: number;
      readonly priority?: number;
    }
  | { readonly kind: 'switch'; readonly srcVlan: number; readonly dstVlan: number }
  | { readonly kind: 'router'; readonly nextHop: string; readonly srcMask: number; readonly dstMask: number }
  | { readonly kind: 'gateway'; readonly nextHop: string; readonly as: number; readonly srcAs: number; readonly srcPeerAs: number; readonly path: readonly (readonly number[])[] }
  | { readonly kind: 'opaque'; readonly format: number; readonly data: Uint8Array };

/** A sample. `input`/`output` are the raw 32-bit values (compact) or `[format, value]` (expanded). */
export type SflowSample =
  | {
      readonly kind: 'flow';
      readonly expanded?: boolean;
      readonly sequence: number;
      readonly sourceType?: number;
      readonly sourceIndex: number;
      readonly rate: number;
      readonly pool?: number;
      readonly drops?: number;
      readonly input: number;
      readonly output: number;
      readonly records: readonly SflowRecord[];
    }
  | { readonly kind: 'counters'; readonly expanded?: boolean; readonly sequence: number; readonly sourceIndex: number }
  | { readonly kind: 'opaque'; readonly format: number; readonly data: Uint8Array };

function address(w: ByteWriter, text: string): void {
  if (text.includes(':')) w.u32(2).ipv6(text);
  else w.u32(1).ipv4(text);
}

function opaque(w: ByteWriter, format: number, body: (w: ByteWriter) => void): void {
  const inner = new ByteWriter();
  body(inner);
  const bytes = inner.finish();
  w.u32(format).u32(bytes.length).bytes(bytes).pad4();
}

function flowRecord(w: ByteWriter, r: SflowRecord): void {
  switch (r.kind) {
    case 'raw':
      return opaque(w, 1, (b) =>
        b
          .u32(r.headerProtocol)
          .u32(r.frameLength)
          .u32(r.stripped ?? 4)
          .u32(r.header.length)
          .bytes(r.header)
          .pad4(),
      );
    case 'ipv4':
      return opaque(w, 3, (b) =>
        b
          .u32(r.length)
          .u32(r.protocol)
          .ipv4(r.src)
          .ipv4(r.dst)
          .u32(r.srcPort)
          .u32(r.dstPort)
          .u32(r.tcpFlags ?? 0)
          .u32(r.tos ?? 0),
      );
    case 'ipv6':
      return opaque(w, 4, (b) =>
        b
          .u32(r.length)
          .u32(r.protocol)
          .ipv6(r.src)
          .ipv6(r.dst)
          .u32(r.srcPort)
          .u32(r.dstPort)
          .u32(r.tcpFlags ?? 0)
          .u32(r.priority ?? 0),
      );
    case 'switch':
      return opaque(w, 1001, (b) => b.u32(r.srcVlan).u32(0).u32(r.dstVlan).u32(0));
    case 'router':
      return opaque(w, 1002, (b) => {
        address(b, r.nextHop);
        b.u32(r.srcMask).u32(r.dstMask);
      });
    case 'gateway':
      return opaque(w, 1003, (b) => {
        address(b, r.nextHop);
        b.u32(r.as).u32(r.srcAs).u32(r.srcPeerAs).u32(r.path.length);
        for (const seg of r.path) {
          b.u32(2).u32(seg.length);
          for (const a of seg) b.u32(a);
        }
        b.u32(0).u32(100); // no communities, localpref
      });
    case 'opaque':
      return opaque(w, r.format, (b) => b.bytes(r.data));
  }
}

function sample(w: ByteWriter, s: SflowSample): void {
  switch (s.kind) {
    case 'flow':
      return opaque(w, s.expanded === true ? 3 : 1, (b) => {
        b.u32(s.sequence);
        if (s.expanded === true) b.u32(s.sourceType ?? 0).u32(s.sourceIndex);
        else b.u32((((s.sourceType ?? 0) << 24) | s.sourceIndex) >>> 0);
        b.u32(s.rate)
          .u32(s.pool ?? 0)
          .u32(s.drops ?? 0);
        if (s.expanded === true)
          b.u32(s.input >>> 30)
            .u32(s.input & 0x3fffffff)
            .u32(s.output >>> 30)
            .u32(s.output & 0x3fffffff);
        else b.u32(s.input).u32(s.output);
        b.u32(s.records.length);
        for (const r of s.records) flowRecord(b, r);
      });
    case 'counters':
      return opaque(w, s.expanded === true ? 4 : 2, (b) => {
        b.u32(s.sequence);
        if (s.expanded === true) b.u32(0).u32(s.sourceIndex);
        else b.u32(s.sourceIndex);
        b.u32(1);
        // One generic interface counters record (0:1), 88 bytes of zeroes is enough for a count.
        opaque(b, 1, (c) => c.bytes(new Uint8Array(88)));
      });
    case 'opaque':
      return opaque(w, s.format, (b) => b.bytes(s.data));
  }
}

/** An sFlow v5 datagram. */
export function sflowDatagram(d: { agent: string; subAgent?: number; sequence: number; uptime?: number; samples: readonly SflowSample[] }): Uint8Array {
  const w = new ByteWriter();
  w.u32(5);
  address(w, d.agent);
  w.u32(d.subAgent ?? 0)
    .u32(d.sequence)
    .u32(d.uptime ?? 1000)
    .u32(d.samples.length);
  for (const s of d.samples) sample(w, s);
  return w.finish();
}
