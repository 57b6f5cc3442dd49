/**
 * Tokenizer of the STIX 2.1 pattern grammar (STIXPattern.g4 lexer rules), written by hand.
 *
 * Keywords are case-sensitive; `t'…'`, `h'…'` and `b'…'` are literals only when their content
 * follows the grammar, and a malformed one is reported at the literal instead of as an identifier.
 */

/** Token kinds. Keywords are their own kinds; every other token carries its text. */
export type TokenKind =
  | 'AND'
  | 'OR'
  | 'NOT'
  | 'FOLLOWEDBY'
  | 'LIKE'
  | 'MATCHES'
  | 'ISSUPERSET'
  | 'ISSUBSET'
  | 'EXISTS'
  | 'LAST'
  | 'IN'
  | 'START'
  | 'STOP'
  | 'SECONDS'
  | 'WITHIN'
  | 'REPEATS'
  | 'TIMES'
  | 'bool'
  | 'identifier'
  | 'int'
  | 'float'
  | 'string'
  | 'hex'
  | 'binary'
  | 'timestamp'
  | '['
  | ']'
  | '('
  | ')'
  | ','
  | ':'
  | '.'
  | '*'
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'eof';

/** One token with its offset in the pattern text. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly offset: number;
}

/** Result of {@link tokenize}. */
export type TokenizeResult = { readonly ok: true; readonly tokens: readonly Token[] } | { readonly ok: false; readonly offset: number; readonly message: string };

const KEYWORDS: ReadonlySet<string> = new Set([
  'AND',
  'OR',
  'NOT',
  'FOLLOWEDBY',
  'LIKE',
  'MATCHES',
  'ISSUPERSET',
  'ISSUBSET',
  'EXISTS',
  'LAST',
  'IN',
  'START',
  'STOP',
  'SECONDS',
  'WITHIN',
  'REPEATS',
  'TIMES',
]);

// The grammar's WS rule, character for character.
const WHITESPACE = /[ \t\r\n\u000B\u000C\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const IDENTIFIER = /[a-zA-Z_][a-zA-Z0-9_-]*/y;
const NUMBER = /[+-]?(?:[0-9]*\.[0-9]+|0|[1-9][0-9]*)/y;
const TIMESTAMP = /^[0-9]{4}-(?:0[1-9]|1[012])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]+)?Z$/;
const HEX_BODY = /^(?:[0-9A-Fa-f]{2})*$/;
const BASE64_BODY = /^[A-Za-z0-9+/]*$/;

const PUNCTUATION: readonly (readonly [string, TokenKind])[] = [
  ['==', '='],
  ['!=', '!='],
  ['<>', '!='],
  ['<=', '<='],
  ['>=', '>='],
  ['=', '='],
  ['<', '<'],
  ['>', '>'],
  ['[', '['],
  [']', ']'],
  ['(', '('],
  [')', ')'],
  [',', ','],
  [':', ':'],
  ['.', '.'],
  ['*', '*'],
];

/** Splits a pattern into tokens, ending with an `eof` token; never throws. */
export function tokenize(text: string): TokenizeResult {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (WHITESPACE.test(c)) {
      i++;
      continue;
    }
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return { ok: false, offset: i, message: 'unterminated comment' };
      i = end + 2;
      continue;
    }
    if (text.startsWith('//', i)) {
      while (i < text.length && text.charAt(i) !== '\n' && text.charAt(i) !== '\r') i++;
      continue;
    }
    const scanned = scanToken(text, i);
    if ('message' in scanned) return { ok: false, offset: i, message: scanned.message };
    tokens.push(scanned);
    i += scanned.text.length;
  }
  tokens.push({ kind: 'eof', text: '', offset: text.length });
  return { ok: true, tokens };
}

function scanToken(text: string, i: number): Token | { message: string } {
  const c = text.charAt(i);
  const next = text.charAt(i + 1);
  if (c === "'") return scanString(text, i);
  if ((c === 't' || c === 'h' || c === 'b') && next === "'") return scanPrefixed(text, i, c);
  if (/[0-9.+-]/.test(c)) {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m !== null) return { kind: m[0].includes('.') ? 'float' : 'int', text: m[0], offset: i };
  }
  IDENTIFIER.lastIndex = i;
  const id = IDENTIFIER.exec(text);
  if (id !== null) {
    const word = id[0];
    if (KEYWORDS.has(word)) return { kind: word as TokenKind, text: word, offset: i };
    if (word === 'true' || word === 'false') return { kind: 'bool', text: word, offset: i };
    return { kind: 'identifier', text: word, offset: i };
  }
  for (const [p, kind] of PUNCTUATION) if (text.startsWith(p, i)) return { kind, text: p, offset: i };
  return { message: `unexpected character '${c}'` };
}

/** A quoted string: only `\'` and `\\` are escapes; any other backslash is an error (grammar). */
function scanString(text: string, start: number): Token | { message: string } {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === "'") return { kind: 'string', text: text.slice(start, i + 1), offset: start };
    if (c === '\\') {
      const n = text.charAt(i + 1);
      if (n !== "'" && n !== '\\') return { message: `invalid escape '\\${n}' in string literal (only \\' and \\\\ are allowed)` };
      i += 2;
      continue;
    }
    i++;
  }
  return { message: 'unterminated string literal' };
}

function scanPrefixed(text: string, start: number, prefix: string): Token | { message: string } {
  const end = text.indexOf("'", start + 2);
  if (end < 0) return { message: `unterminated ${prefix}'…' literal` };
  const body = text.slice(start + 2, end);
  const whole = text.slice(start, end + 1);
  if (prefix === 't') {
    if (!TIMESTAMP.test(body)) return { message: `invalid timestamp literal ${whole} (expected YYYY-MM-DDThh:mm:ss[.s+]Z)` };
    return { kind: 'timestamp', text: whole, offset: start };
  }
  if (prefix === 'h') {
    if (!HEX_BODY.test(body)) return { message: `invalid hex literal ${whole} (expected pairs of hex digits)` };
    return { kind: 'hex', text: whole, offset: start };
  }
  if (!isBase64(body)) return { message: `invalid binary literal ${whole} (expected non-empty padded base64)` };
  return { kind: 'binary', text: whole, offset: start };
}

function isBase64(body: string): boolean {
  if (body.length === 0 || body.length % 4 !== 0) return false;
  const pad = body.endsWith('==') ? 2 : body.endsWith('=') ? 1 : 0;
  return BASE64_BODY.test(body.slice(0, body.length - pad));
}
