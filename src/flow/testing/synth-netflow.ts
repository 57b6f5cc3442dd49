/**
 * Test support: builds NetFlow v5, NetFlow v9 and IPFIX datagrams from a readable description,
 * for unit tests, the fuzzer's seed corpus and benchmarks.
 */
import { ByteWriter } from './byte-writer.js';

/** A template field: information element, length (65535 = variable), optional enterprise number. */
export interface Field {
  readonly ie: number;
  readonly length: number;
  readonly enterprise?: number;
}

/** A field value: unsigned number, address text (length 4 or 16), or raw bytes. */
export type Value = number | string | Uint8Array;

/** Writes one value as its field says. */
export function writeValue(w: ByteWriter, f: Field, v: Value): void {
  if (f.length === 65535) {
    const b = v instanceof Uint8Array ? v : new Uint8Array(0);
    if (b.length < 255) w.u8(b.length);
    else w.u8(255).u16(b.length);
    w.bytes(b);
  } else if (typeof v === 'string') {
    if (f.length === 16) w.ipv6(v);
    else w.ipv4(v);
  } else if (v instanceof Uint8Array) {
    w.bytes(v);
  } else {
    w.uint(v, f.length);
  }
}

/** One IPFIX set. */
export type IpfixSet =
  | { readonly kind: 'templates'; readonly templates: readonly { id: number; fields: readonly Field[] }[] }
  | { readonly kind: 'optionsTemplates'; readonly templates: readonly { id: number; scopeCount: number; fields: readonly Field[] }[] }
  | { readonly kind: 'withdraw'; readonly ids: readonly number[]; readonly options?: boolean }
  | { readonly kind: 'data'; readonly id: number; readonly fields: readonly Field[]; readonly records: readonly (readonly Value[])[]; readonly padding?: number }
  | { readonly kind: 'raw'; readonly id: number; readonly body: Uint8Array };

function fieldSpec(w: ByteWriter, f: Field, ipfix: boolean): void {
  if (ipfix && f.enterprise !== undefined)
    w.u16(f.ie | 0x8000)
      .u16(f.length)
      .u32(f.enterprise);
  else w.u16(f.ie).u16(f.length);
}

function dataRecords(w: ByteWriter, fields: readonly Field[], records: readonly (readonly Value[])[]): void {
  for (const r of records) fields.forEach((f, k) => writeValue(w, f, r[k] ?? 0));
}

/** Writes a set with its 4-byte header; `body` writes the content. */
function set(w: ByteWriter, id: number, body: () => void): void {
  const start = w.length;
  w.u16(id).u16(0);
  body();
  w.patch16(start + 2, w.length - start);
}

/** An IPFIX message (RFC 7011 §3.1). `exportTime` is in seconds. */
export function ipfixMessage(m: { exportTime: number; sequence?: number; domain?: number; sets: readonly IpfixSet[] }): Uint8Array {
  const w = new ByteWriter();
  w.u16(10)
    .u16(0)
    .u32(m.exportTime)
    .u32(m.sequence ?? 0)
    .u32(m.domain ?? 0);
  for (const s of m.sets) {
    switch (s.kind) {
      case 'templates':
        set(w, 2, () => {
          for (const t of s.templates) {
            w.u16(t.id).u16(t.fields.length);
            for (const f of t.fields) fieldSpec(w, f, true);
          }
        });
        break;
      case 'optionsTemplates':
        set(w, 3, () => {
          for (const t of s.templates) {
            w.u16(t.id).u16(t.fields.length).u16(t.scopeCount);
            for (const f of t.fields) fieldSpec(w, f, true);
          }
        });
        break;
      case 'withdraw':
        set(w, s.options === true ? 3 : 2, () => {
          for (const id of s.ids) w.u16(id).u16(0);
        });
        break;
      case 'data':
        set(w, s.id, () => {
          dataRecords(w, s.fields, s.records);
          for (let k = 0; k < (s.padding ?? 0); k++) w.u8(0);
        });
        break;
      case 'raw':
        set(w, s.id, () => w.bytes(s.body));
        break;
    }
  }
  w.patch16(2, w.length);
  return w.finish();
}

/** One NetFlow v9 FlowSet. */
export type V9Set =
  | { readonly kind: 'templates'; readonly templates: readonly { id: number; fields: readonly Field[] }[] }
  | {
      readonly kind: 'optionsTemplates';
      readonly templates: readonly { id: number; scopes: readonly { type: number; length: number }[]; fields: readonly Field[] }[];
    }
  | { readonly kind: 'data'; readonly id: number; readonly fields: readonly Field[]; readonly records: readonly (readonly Value[])[] }
  | { readonly kind: 'raw'; readonly id: number; readonly body: Uint8Array };

/** A NetFlow v9 export packet (RFC 3954 §5.1). `sysUptime` in ms, `unixSecs` in seconds. */
export function v9Packet(m: { sysUptime: number; unixSecs: number; sequence?: number; sourceId?: number; sets: readonly V9Set[] }): Uint8Array {
  const w = new ByteWriter();
  w.u16(9)
    .u16(0)
    .u32(m.sysUptime)
    .u32(m.unixSecs)
    .u32(m.sequence ?? 0)
    .u32(m.sourceId ?? 0);
  let count = 0;
  for (const s of m.sets) {
    switch (s.kind) {
      case 'templates':
        count += s.templates.length;
        set(w, 0, () => {
          for (const t of s.templates) {
            w.u16(t.id).u16(t.fields.length);
            for (const f of t.fields) fieldSpec(w, f, false);
          }
        });
        break;
      case 'optionsTemplates':
        count += s.templates.length;
        set(w, 1, () => {
          for (const t of s.templates) {
            w.u16(t.id)
              .u16(t.scopes.length * 4)
              .u16(t.fields.length * 4);
            for (const sc of t.scopes) w.u16(sc.type).u16(sc.length);
            for (const f of t.fields) fieldSpec(w, f, false);
          }
          w.pad4();
        });
        break;
      case 'data':
        count += s.records.length;
        set(w, s.id, () => {
          dataRecords(w, s.fields, s.records);
          w.pad4();
        });
        break;
      case 'raw':
        set(w, s.id, () => w.bytes(s.body));
        break;
    }
  }
  w.patch16(2, count);
  return w.finish();
}

/** One NetFlow v5 flow record. */
export interface V5Record {
  src: string;
  dst: string;
  nextHop?: string;
  input?: number;
  output?: number;
  packets: number;
  bytes: number;
  /** sysUptime ms at the first and last packet. */
  first: number;
  last: number;
  srcPort: number;
  dstPort: number;
  tcpFlags?: number;
  protocol: number;
  tos?: number;
  srcAs?: number;
  dstAs?: number;
  srcMask?: number;
  dstMask?: number;
}

/** A NetFlow v5 datagram; `count` overrides the header's record count. */
export function v5Datagram(
  h: { sysUptime: number; unixSecs: number; unixNsecs?: number; sequence?: number; engineType?: number; engineId?: number; samplingInterval?: number; count?: number },
  records: readonly V5Record[],
): Uint8Array {
  const w = new ByteWriter();
  w.u16(5)
    .u16(h.count ?? records.length)
    .u32(h.sysUptime)
    .u32(h.unixSecs)
    .u32(h.unixNsecs ?? 0)
    .u32(h.sequence ?? 0);
  w.u8(h.engineType ?? 0)
    .u8(h.engineId ?? 0)
    .u16(h.samplingInterval ?? 0);
  for (const r of records) {
    w.ipv4(r.src)
      .ipv4(r.dst)
      .ipv4(r.nextHop ?? '0.0.0.0');
    w.u16(r.input ?? 0)
      .u16(r.output ?? 0)
      .u32(r.packets)
      .u32(r.bytes)
      .u32(r.first)
      .u32(r.last);
    w.u16(r.srcPort)
      .u16(r.dstPort)
      .u8(0)
      .u8(r.tcpFlags ?? 0)
      .u8(r.protocol)
      .u8(r.tos ?? 0);
    w.u16(r.srcAs ?? 0)
      .u16(r.dstAs ?? 0)
      .u8(r.srcMask ?? 0)
      .u8(r.dstMask ?? 0)
      .u16(0);
  }
  return w.finish();
}
