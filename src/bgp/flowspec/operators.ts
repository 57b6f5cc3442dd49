/**
 * The operator octets of FlowSpec numeric and bitmask terms (RFC 8955 §4.2.1):
 * `e a len(2) 0 lt gt eq` and `e a len(2) 0 0 not m`.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { NumericComparison } from './rule.js';

/** End-of-list bit. */
export const OP_END = 0x80;
/** AND bit. */
export const OP_AND = 0x40;
/** Mask of the 2-bit value length field. */
export const OP_LEN_MASK = 0x30;
/** Bitmask NOT bit. */
export const OP_NOT = 0x02;
/** Bitmask MATCH bit. */
export const OP_MATCH = 0x01;

const COMPARISON_BITS: Readonly<Record<NumericComparison, number>> = {
  false: 0,
  '==': 1,
  '>': 2,
  '>=': 3,
  '<': 4,
  '<=': 5,
  '!=': 6,
  true: 7,
};

const COMPARISON_BY_BITS: readonly NumericComparison[] = ['false', '==', '>', '>=', '<', '<=', '!=', 'true'];

/** The lt/gt/eq bits of a comparison. */
export function comparisonBits(op: NumericComparison): number {
  return COMPARISON_BITS[op];
}

/** The comparison named by the low three bits of an operator octet. */
export function comparisonOf(opByte: number): NumericComparison {
  return COMPARISON_BY_BITS[opByte & 0x07]!;
}

/** Smallest length code (0..3 for 1, 2, 4, 8 octets) that holds `value`. */
export function lengthCodeFor(value: number): number {
  if (value <= 0xff) return 0;
  if (value <= 0xffff) return 1;
  if (value <= 0xffffffff) return 2;
  return 3;
}

/** Octets of a length code. */
export function octetsOfLengthCode(code: number): number {
  return 1 << code;
}
