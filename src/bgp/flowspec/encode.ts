/**
 * Encodes FlowSpec rules as NLRI (RFC 8955 §4, RFC 8956 §3): a 1- or 2-octet length, then the
 * components in type order, each a type octet and its prefix or operator/value list.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { Prefix } from '../../core/ip.js';
import { ByteWriter } from '../message/byte-writer.js';
import { familyLength, wordsByte } from '../message/prefix.js';
import { ERR_BGP_FLOWSPEC_INVALID } from '../errors.js';
import { OP_AND, OP_END, OP_MATCH, OP_NOT, comparisonBits, lengthCodeFor } from './operators.js';
import { COMPONENT_TYPE, isBitmaskKind, isPrefixKind, type BitmaskTerm, type FlowSpecComponent, type FlowSpecRule, type NumericTerm } from './rule.js';
import { MAX_FLOWSPEC_NLRI_LENGTH, componentPrefix } from './validate.js';

/** Bit `i` (0 = most significant) of a 128-bit address held as four words. */
function bitAt(p: Prefix, i: number): number {
  return (p.words[i >>> 5]! >>> (31 - (i & 31))) & 1;
}

function writeValue(w: ByteWriter, value: number, code: number): void {
  switch (code) {
    case 0:
      w.u8(value);
      return;
    case 1:
      w.u16(value);
      return;
    case 2:
      w.u32(value);
      return;
    default:
      w.u32(Math.floor(value / 0x100000000)).u32(value >>> 0);
  }
}

function writeNumericTerms(w: ByteWriter, terms: readonly NumericTerm[]): void {
  terms.forEach((t, i) => {
    const code = lengthCodeFor(t.value);
    const op = (i === terms.length - 1 ? OP_END : 0) | (t.and ? OP_AND : 0) | (code << 4) | comparisonBits(t.op);
    w.u8(op);
    writeValue(w, t.value, code);
  });
}

function writeBitmaskTerms(w: ByteWriter, terms: readonly BitmaskTerm[]): void {
  terms.forEach((t, i) => {
    const code = lengthCodeFor(t.value);
    const op = (i === terms.length - 1 ? OP_END : 0) | (t.and ? OP_AND : 0) | (code << 4) | (t.not ? OP_NOT : 0) | (t.match ? OP_MATCH : 0);
    w.u8(op);
    writeValue(w, t.value, code);
  });
}

/**
 * IPv6 prefix component body: length, offset, then the bits from `offset` to `length` packed
 * from the most significant bit of the first octet (RFC 8956 §3.1; the example in §3.8.2 shows
 * the pattern starting right after the offset *bits*).
 */
function writeIpv6PrefixComponent(w: ByteWriter, p: Prefix, offset: number): void {
  w.u8(p.length).u8(offset);
  const bits = p.length - offset;
  const octets = new Uint8Array((bits + 7) >>> 3);
  for (let i = 0; i < bits; i++) if (bitAt(p, offset + i) === 1) octets[i >>> 3]! |= 0x80 >>> (i & 7);
  w.bytes(octets);
}

function writeComponent(w: ByteWriter, c: FlowSpecComponent, family: 'ipv4' | 'ipv6'): void {
  w.u8(COMPONENT_TYPE[c.kind]);
  if (isPrefixKind(c.kind)) {
    const pc = c as { prefix: string; offset?: number };
    const p = componentPrefix(pc, family);
    if (typeof p === 'string') throw new ERR_BGP_FLOWSPEC_INVALID(p);
    if (family === 'ipv6') {
      writeIpv6PrefixComponent(w, p, pc.offset ?? 0);
    } else {
      const bits = familyLength(p);
      w.u8(bits);
      for (let i = 0; i < (bits + 7) >>> 3; i++) w.u8(wordsByte(p.words, 12 + i));
    }
  } else if (isBitmaskKind(c.kind)) {
    writeBitmaskTerms(w, (c as { terms: readonly BitmaskTerm[] }).terms);
  } else {
    writeNumericTerms(w, (c as { terms: readonly NumericTerm[] }).terms);
  }
}

/**
 * Encodes one rule as a FlowSpec NLRI, length field included. The rule should come from
 * `normaliseFlowSpecRule` (components sorted, values in range); throws
 * {@link ERR_BGP_FLOWSPEC_INVALID} if the result exceeds the 4095-octet NLRI limit.
 */
export function encodeFlowSpecNlri(rule: FlowSpecRule): Uint8Array {
  const body = new ByteWriter(64);
  for (const c of rule.components) writeComponent(body, c, rule.family);
  const bytes = body.finish();
  if (bytes.length > MAX_FLOWSPEC_NLRI_LENGTH) throw new ERR_BGP_FLOWSPEC_INVALID(`NLRI of ${bytes.length} octets exceeds ${MAX_FLOWSPEC_NLRI_LENGTH}`);
  // RFC 8955 §4.1: below 240 one octet; otherwise two octets with 0xf in the top nibble.
  const head = bytes.length < 0xf0 ? Uint8Array.of(bytes.length) : Uint8Array.of(0xf0 | (bytes.length >>> 8), bytes.length & 0xff);
  const out = new Uint8Array(head.length + bytes.length);
  out.set(head);
  out.set(bytes, head.length);
  return out;
}
