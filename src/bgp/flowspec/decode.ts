/**
 * Decodes FlowSpec NLRI (RFC 8955 §4, RFC 8956 §3) into the typed rule model.
 *
 * Error classes: a length field that runs past its attribute leaves no way to find the next
 * NLRI, so the whole UPDATE fails (session reset, RFC 7606 §5.3). A well-framed NLRI whose
 * components are malformed (unknown type, out of order, operator list without its end bit) is
 * reported as `malformed` and the UPDATE is treated as withdraw (RFC 8955 §4.2, RFC 7606 §2).
 *
 * Pure: no I/O, no `node:` imports.
 */
import { formatPrefix, type AddressWords } from '../../core/ip.js';
import { ErrorCode, UpdateSubcode } from '../message/constants.js';
import { prefixFromOctets } from '../message/prefix.js';
import { fail, runDecoder, type DecodeResult, type WireError } from '../message/wire-error.js';
import { OP_AND, OP_END, OP_LEN_MASK, OP_MATCH, OP_NOT, comparisonOf, octetsOfLengthCode } from './operators.js';
import { COMPONENT_KIND, isBitmaskKind, isPrefixKind, type BitmaskTerm, type FlowSpecComponent, type FlowSpecFamily, type FlowSpecRule, type NumericTerm } from './rule.js';

/** Rules decoded from an NLRI field, and the first problem that makes the UPDATE treat-as-withdraw. */
export interface DecodedFlowSpecNlri {
  readonly rules: FlowSpecRule[];
  readonly malformed: WireError | undefined;
}

/** A component problem inside one well-framed NLRI. */
class ComponentError {
  constructor(readonly reason: string) {}
}

function readValue(b: Uint8Array, o: number, n: number, end: number): number {
  if (o + n > end) throw new ComponentError('operator value runs past the NLRI');
  let v = 0;
  for (let i = 0; i < n; i++) v = v * 256 + b[o + i]!;
  if (!Number.isSafeInteger(v)) throw new ComponentError('operator value too large');
  return v;
}

function readTerms(b: Uint8Array, o: number, end: number, bitmask: boolean): { terms: (NumericTerm | BitmaskTerm)[]; next: number } {
  const terms: (NumericTerm | BitmaskTerm)[] = [];
  for (;;) {
    if (o >= end) throw new ComponentError('operator list has no end-of-list bit');
    const op = b[o]!;
    const n = octetsOfLengthCode((op & OP_LEN_MASK) >>> 4);
    const value = readValue(b, o + 1, n, end);
    const and = (op & OP_AND) !== 0;
    terms.push(bitmask ? { and, not: (op & OP_NOT) !== 0, match: (op & OP_MATCH) !== 0, value } : { and, op: comparisonOf(op), value });
    o += 1 + n;
    if ((op & OP_END) !== 0) return { terms, next: o };
  }
}

function readIpv6Prefix(b: Uint8Array, o: number, end: number): { prefix: string; offset: number; next: number } {
  if (o + 2 > end) throw new ComponentError('truncated IPv6 prefix component');
  const length = b[o]!;
  const offset = b[o + 1]!;
  if (length > 128 || (offset >= length && !(length === 0 && offset === 0))) throw new ComponentError(`IPv6 prefix length ${length} / offset ${offset} invalid`);
  const bits = length - offset;
  const n = (bits + 7) >>> 3;
  if (o + 2 + n > end) throw new ComponentError('IPv6 prefix pattern runs past the NLRI');
  const words: AddressWords = [0, 0, 0, 0];
  for (let i = 0; i < bits; i++) {
    if (((b[o + 2 + (i >>> 3)]! << (i & 7)) & 0x80) === 0) continue;
    const k = offset + i;
    words[k >>> 5] = (words[k >>> 5]! | (1 << (31 - (k & 31)))) >>> 0;
  }
  return { prefix: formatPrefix({ words, length, family: 6 }), offset, next: o + 2 + n };
}

function readComponents(b: Uint8Array, o: number, end: number, family: FlowSpecFamily): FlowSpecComponent[] {
  const components: FlowSpecComponent[] = [];
  let lastType = 0;
  while (o < end) {
    const type = b[o++]!;
    const kind = COMPONENT_KIND[type];
    if (kind === undefined || (kind === 'flow-label' && family === 'ipv4')) throw new ComponentError(`unknown component type ${type}`);
    if (type <= lastType) throw new ComponentError(`component type ${type} out of order`);
    lastType = type;
    if (isPrefixKind(kind)) {
      if (family === 'ipv6') {
        const p = readIpv6Prefix(b, o, end);
        components.push(p.offset > 0 ? { kind, prefix: p.prefix, offset: p.offset } : { kind, prefix: p.prefix });
        o = p.next;
      } else {
        const bits = b[o];
        if (bits === undefined || bits > 32) throw new ComponentError('bad IPv4 prefix length');
        const n = (bits + 7) >>> 3;
        if (o + 1 + n > end) throw new ComponentError('IPv4 prefix runs past the NLRI');
        components.push({ kind, prefix: formatPrefix(prefixFromOctets(4, bits, b.subarray(o + 1, o + 1 + n))) });
        o += 1 + n;
      }
    } else {
      const r = readTerms(b, o, end, isBitmaskKind(kind));
      components.push({ kind, terms: r.terms } as FlowSpecComponent);
      o = r.next;
    }
  }
  if (components.length === 0) throw new ComponentError('empty NLRI');
  return components;
}

/** Decodes every NLRI of an MP_REACH/MP_UNREACH NLRI field (internal: throws WireFailure on framing errors). */
export function decodeFlowSpecNlriField(b: Uint8Array, family: FlowSpecFamily): DecodedFlowSpecNlri {
  const rules: FlowSpecRule[] = [];
  let malformed: WireError | undefined;
  let o = 0;
  while (o < b.length) {
    let len = b[o]!;
    let hdr = 1;
    if (len >= 0xf0) {
      if (o + 2 > b.length) fail(ErrorCode.UpdateMessage, UpdateSubcode.OptionalAttributeError, 'truncated FlowSpec NLRI length');
      len = ((len & 0x0f) << 8) | b[o + 1]!;
      hdr = 2;
    }
    const start = o + hdr;
    const end = start + len;
    if (end > b.length) fail(ErrorCode.UpdateMessage, UpdateSubcode.OptionalAttributeError, 'FlowSpec NLRI runs past its attribute');
    try {
      rules.push({ family, components: readComponents(b, start, end, family) });
    } catch (e) {
      if (!(e instanceof ComponentError)) throw e;
      malformed ??= { code: ErrorCode.UpdateMessage, subcode: UpdateSubcode.OptionalAttributeError, data: b.slice(o, end), reason: `malformed FlowSpec NLRI: ${e.reason}`, treatAsWithdraw: true };
    }
    o = end;
  }
  return { rules, malformed };
}

/** Decodes a field of FlowSpec NLRI. Never throws. */
export function decodeFlowSpecNlri(bytes: Uint8Array, family: FlowSpecFamily): DecodeResult<DecodedFlowSpecNlri> {
  return runDecoder(() => decodeFlowSpecNlriField(bytes, family), { code: ErrorCode.UpdateMessage, subcode: UpdateSubcode.OptionalAttributeError });
}
