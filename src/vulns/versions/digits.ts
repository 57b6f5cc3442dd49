/**
 * Character tests and digit-string arithmetic shared by the version schemes. Numbers in versions are
 * compared as digit strings, never converted to `Number`: `20240101123045` and longer build stamps
 * must order exactly.
 */

/** True for the code of an ASCII digit. */
export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** True for the code of an ASCII letter. */
export function isLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** How the character at `offset` is shown in a message: printable ASCII quoted as itself, anything else as U+XXXX. */
export function showChar(text: string, offset: number): string {
  const code = text.codePointAt(offset) ?? 0;
  return code >= 0x21 && code <= 0x7e ? `'${String.fromCharCode(code)}'` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `digits` without its leading zeros; zero becomes `""`. The canonical form {@link compareDigits} expects. */
export function stripZeros(digits: string): string {
  let i = 0;
  while (i < digits.length && digits.charCodeAt(i) === 0x30) i++;
  return i === 0 ? digits : digits.slice(i);
}

/** Orders two digit strings without leading zeros by numeric value, at any length. */
export function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Most digits a number in an order key may have: its length is written as one UTF-16 code unit. */
export const MAX_DIGITS = 0xffff;

/**
 * A number as part of an order key: its length as one code unit, then its digits (leading zeros
 * stripped). Keys built from such parts order with plain string comparison, because a longer
 * number has a larger length unit and numbers of one length order by their digits.
 */
export function numberKey(digits: string): string {
  const d = stripZeros(digits);
  return String.fromCharCode(d.length) + d;
}
