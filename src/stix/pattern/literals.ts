/**
 * Decoding of literal tokens into AST literals: string escapes, hex and base64 bytes, numbers.
 */
import type { Literal } from './ast.js';
import type { Token } from './lexer.js';

/** Decodes a string literal token: only `\'` and `\\` are escapes (the lexer refused others). */
export function decodeString(token: string): string {
  return token.slice(1, -1).replace(/\\(['\\])/g, '$1');
}

/** The AST literal of a literal token (the parser has checked the token kind). */
export function literalOf(t: Token): Literal {
  switch (t.kind) {
    case 'int':
      return { kind: 'int', value: Number(t.text), text: t.text.replace(/^\+/, '') };
    case 'float':
      return { kind: 'float', value: Number(t.text), text: t.text.replace(/^\+/, '') };
    case 'string':
      return { kind: 'string', value: decodeString(t.text) };
    case 'bool':
      return { kind: 'bool', value: t.text === 'true' };
    case 'hex':
      return { kind: 'bytes', encoding: 'hex', value: hexToBytes(t.text.slice(2, -1)) };
    case 'binary':
      return { kind: 'bytes', encoding: 'base64', value: base64ToBytes(t.text.slice(2, -1)) };
    case 'timestamp':
      return { kind: 'timestamp', text: t.text.slice(2, -1) };
    default:
      throw new Error(`not a literal token: ${t.kind}`);
  }
}

/** Hex digits (even count, already checked) to bytes. */
export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Standard padded base64 to bytes (`atob` is a global in every supported runtime). */
export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
