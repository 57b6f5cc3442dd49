/**
 * Parser of MATCHES regular expressions (Python `re` syntax, as the reference matcher uses).
 *
 * Features that need backtracking — backreferences, lookaround, atomic groups, possessive
 * quantifiers, conditionals — are refused here with a coded error, so every accepted expression
 * runs on the linear-time automaton.
 */
import { ERR_PATTERN_REGEX_SYNTAX, ERR_PATTERN_REGEX_UNSUPPORTED } from '../errors.js';
import type { Assertion, CharMatcher, ClassEscape, ParsedRegex, RegexFlags, RegexNode } from './regex-ast.js';

/** Why a regular expression was refused. */
export interface RegexError {
  readonly code: string;
  readonly message: string;
  readonly offset: number;
}

/** Result of {@link parseRegex}. */
export type ParseRegexResult = { readonly ok: true; readonly regex: ParsedRegex } | { readonly ok: false; readonly error: RegexError };

class RegexFailure {
  constructor(
    readonly code: string,
    readonly message: string,
    readonly offset: number,
  ) {}
}

/** Deepest group nesting accepted (recursion bound). */
export const MAX_REGEX_DEPTH = 100;

/** Parses a regular expression given as code points; never throws on input. */
export function parseRegex(source: readonly number[]): ParseRegexResult {
  try {
    return { ok: true, regex: new RegexParser(source).parse() };
  } catch (e) {
    if (e instanceof RegexFailure) return { ok: false, error: { code: e.code, message: e.message, offset: e.offset } };
    throw e;
  }
}

const cp = (s: string): number => s.codePointAt(0) as number;
const SIMPLE_ESCAPES: ReadonlyMap<string, number> = new Map([
  ['n', 10],
  ['t', 9],
  ['r', 13],
  ['f', 12],
  ['v', 11],
  ['a', 7],
]);

class RegexParser {
  private i = 0;
  private depth = 0;
  private flags: { ignoreCase: boolean; dotAll: boolean; multiline: boolean; ascii: boolean } = { ignoreCase: false, dotAll: false, multiline: false, ascii: false };

  constructor(private readonly src: readonly number[]) {}

  parse(): ParsedRegex {
    this.leadingFlags();
    const root = this.alternation();
    if (this.i < this.src.length) this.syntax('unbalanced parenthesis');
    return { root, flags: this.flags as RegexFlags };
  }

  private leadingFlags(): void {
    while (this.at('(') && this.peekStr(1) === '?' && /[aiLmsux]/.test(this.peekStr(2))) {
      let j = this.i + 2;
      while (j < this.src.length && /[aiLmsux]/.test(String.fromCodePoint(this.src[j] as number))) j++;
      if (this.src[j] !== cp(')')) return; // a scoped `(?i:…)` group: refused where groups are parsed
      for (let k = this.i + 2; k < j; k++) this.setFlag(String.fromCodePoint(this.src[k] as number), k);
      this.i = j + 1;
    }
  }

  private setFlag(f: string, at: number): void {
    if (f === 'i') this.flags.ignoreCase = true;
    else if (f === 's') this.flags.dotAll = true;
    else if (f === 'm') this.flags.multiline = true;
    else if (f === 'a') this.flags.ascii = true;
    else if (f !== 'u') this.unsupported(`flag '${f}'`, at);
  }

  private alternation(): RegexNode {
    const options = [this.concatenation()];
    while (this.at('|')) {
      this.i++;
      options.push(this.concatenation());
    }
    return options.length === 1 ? (options[0] as RegexNode) : { kind: 'alternation', options };
  }

  private concatenation(): RegexNode {
    const items: RegexNode[] = [];
    while (this.i < this.src.length && !this.at('|') && !this.at(')')) {
      const atomStart = this.i;
      const atom = this.atom();
      if (atom === undefined) continue;
      items.push(this.quantified(atom, atomStart));
    }
    if (items.length === 0) return { kind: 'empty' };
    return items.length === 1 ? (items[0] as RegexNode) : { kind: 'concat', items };
  }

  private quantified(atom: RegexNode, atomStart: number): RegexNode {
    let node = atom;
    let quantified = false;
    for (;;) {
      const q = this.quantifier();
      if (q === undefined) return node;
      if (quantified) this.syntax('multiple repeat', this.i - 1);
      if (atom.kind === 'assert' || atom.kind === 'empty') this.syntax('nothing to repeat', atomStart);
      let greedy = true;
      if (this.at('?')) {
        this.i++;
        greedy = false;
      } else if (this.at('+')) {
        this.unsupported('possessive quantifier', this.i);
      }
      node = { kind: 'repeat', node, min: q[0], max: q[1], greedy };
      quantified = true;
    }
  }

  private quantifier(): [number, number] | undefined {
    const c = this.peekStr(0);
    if (c === '*' || c === '+' || c === '?') {
      this.i++;
      return c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    }
    if (c !== '{') return undefined;
    // `{` that does not form {n}, {n,}, {,m} or {n,m} is a literal brace (as in Python).
    const m = /^\{(\d*)(,?)(\d*)\}/.exec(this.rest(20));
    if (m === null || (m[1] === '' && m[2] === '' && m[3] === '') || (m[2] === '' && m[3] !== '')) return undefined;
    this.i += (m[0] as string).length;
    const min = m[1] === '' ? 0 : Number(m[1]);
    const max = m[2] === '' ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (max < min) this.syntax('min repeat greater than max repeat');
    return [min, max];
  }

  private atom(): RegexNode | undefined {
    const start = this.i;
    const c = this.peekStr(0);
    this.i++;
    switch (c) {
      case '.':
        return { kind: 'char', matcher: this.flags.dotAll ? { kind: 'any' } : { kind: 'set', negated: true, ranges: [[10, 10]], classes: [] } };
      case '^':
        return { kind: 'assert', assertion: this.flags.multiline ? 'line-start' : 'text-start' };
      case '$':
        return { kind: 'assert', assertion: this.flags.multiline ? 'line-end' : 'end-or-final-newline' };
      case '(':
        return this.group(start);
      case '[':
        return { kind: 'char', matcher: this.charClass() };
      case '\\':
        return this.escape(start);
      case '*':
      case '+':
      case '?':
        return this.syntax('nothing to repeat', start);
      default:
        if (c === '{' && this.quantifierAhead(start)) return this.syntax('nothing to repeat', start);
        return literal(this.src[start] as number);
    }
  }

  private quantifierAhead(at: number): boolean {
    const save = this.i;
    this.i = at;
    const q = this.quantifier();
    this.i = save;
    return q !== undefined;
  }

  private group(start: number): RegexNode | undefined {
    if (++this.depth > MAX_REGEX_DEPTH) this.unsupported(`groups nested deeper than ${MAX_REGEX_DEPTH}`, start);
    if (this.at('?') && this.groupExtension(start) === 'comment') {
      this.depth--;
      return undefined;
    }
    const inner = this.alternation();
    if (!this.at(')')) this.syntax('missing ), unterminated subpattern', start);
    this.i++;
    this.depth--;
    return inner;
  }

  // After `(?`: non-capturing and named groups pass; everything needing backtracking is refused.
  private groupExtension(start: number): 'group' | 'comment' {
    const rest = this.rest(4);
    if (rest.startsWith('?:')) this.i += 2;
    else if (rest.startsWith('?P<') || (rest.startsWith('?<') && !/^\?<[=!]/.test(rest))) this.skipGroupName(start);
    else if (rest.startsWith('?#')) {
      const close = this.src.indexOf(cp(')'), this.i);
      if (close < 0) this.syntax('missing ), unterminated comment', start);
      this.i = close + 1;
      return 'comment';
    } else if (/^\?[=!]|^\?<[=!]/.test(rest)) this.unsupported('lookaround assertion', start);
    else if (rest.startsWith('?P=')) this.unsupported('named backreference', start);
    else if (rest.startsWith('?>')) this.unsupported('atomic group', start);
    else if (rest.startsWith('?(')) this.unsupported('conditional group', start);
    else if (/^\?[-aiLmsux]/.test(rest)) this.unsupported('flags other than leading (?aimsu)', start);
    else this.syntax('unknown extension', start);
    return 'group';
  }

  private skipGroupName(start: number): void {
    const close = this.src.indexOf(cp('>'), this.i);
    if (close < 0) this.syntax('missing >, unterminated name', start);
    const name = String.fromCodePoint(...this.src.slice(this.i + (this.peekStr(1) === 'P' ? 3 : 2), close));
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) this.syntax(`bad character in group name '${name}'`, start);
    this.i = close + 1;
  }

  private escape(start: number): RegexNode {
    const c = this.peekStr(0);
    if (c === '') this.syntax('bad escape (end of pattern)', start);
    const assertion = ESCAPE_ASSERTIONS.get(c);
    if (assertion !== undefined) {
      this.i++;
      return { kind: 'assert', assertion };
    }
    if (c === 'z') this.syntax('bad escape \\z', start);
    if (/[dDwWsS]/.test(c)) {
      this.i++;
      return { kind: 'char', matcher: { kind: 'set', negated: false, ranges: [], classes: [c as ClassEscape] } };
    }
    if (/[1-9]/.test(c)) this.unsupported('backreference', start);
    return literal(this.escapedCodePoint(start, false));
  }

  /** The code point of an escape that stands for one character (after the backslash). */
  private escapedCodePoint(start: number, inClass: boolean): number {
    const c = this.peekStr(0);
    this.i++;
    const simple = SIMPLE_ESCAPES.get(c);
    if (simple !== undefined) return simple;
    if (inClass && c === 'b') return 8;
    if (c === 'x') return this.hexDigits(2, start);
    if (c === 'u') return this.hexDigits(4, start);
    if (c === 'U') return this.hexDigits(8, start);
    if (c === '0') return this.octal();
    if (c === 'N') this.unsupported('named character escape \\N{…}', start);
    if (/[A-Za-z0-9]/.test(c)) this.syntax(`bad escape \\${c}`, start);
    return this.src[this.i - 1] as number;
  }

  private hexDigits(n: number, start: number): number {
    const digits = this.rest(n);
    if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) this.syntax('incomplete hex escape', start);
    this.i += n;
    const v = Number.parseInt(digits, 16);
    if (v > 0x10ffff) this.syntax('bad escape (code point out of range)', start);
    return v;
  }

  private octal(): number {
    const m = /^[0-7]{0,2}/.exec(this.rest(2))?.[0] ?? '';
    this.i += m.length;
    return Number.parseInt(`0${m}`, 8);
  }

  private charClass(): CharMatcher {
    const start = this.i - 1;
    let negated = false;
    if (this.at('^')) {
      negated = true;
      this.i++;
    }
    const ranges: [number, number][] = [];
    const classes: ClassEscape[] = [];
    let first = true;
    for (;;) {
      if (this.i >= this.src.length) this.syntax('unterminated character set', start);
      if (this.at(']') && !first) break;
      first = false;
      const lo = this.classAtom(classes);
      if (lo === undefined) continue;
      if (this.at('-') && this.peekStr(1) !== ']' && this.i + 1 < this.src.length) {
        this.i++;
        const hi = this.classAtom(classes);
        if (hi === undefined) this.syntax('bad character range', start);
        if (hi < lo) this.syntax('bad character range', start);
        ranges.push([lo, hi]);
      } else {
        ranges.push([lo, lo]);
      }
    }
    this.i++;
    return { kind: 'set', negated, ranges, classes };
  }

  private classAtom(classes: ClassEscape[]): number | undefined {
    const at = this.i;
    const c = this.src[this.i] as number;
    this.i++;
    if (c !== cp('\\')) return c;
    const e = this.peekStr(0);
    if (/[dDwWsS]/.test(e)) {
      this.i++;
      classes.push(e as ClassEscape);
      return undefined;
    }
    if (/[1-9]/.test(e)) this.unsupported('backreference', at);
    return this.escapedCodePoint(at, true);
  }

  private at(s: string): boolean {
    return this.src[this.i] === cp(s);
  }

  private peekStr(k: number): string {
    const c = this.src[this.i + k];
    return c === undefined ? '' : String.fromCodePoint(c);
  }

  private rest(n: number): string {
    return String.fromCodePoint(...this.src.slice(this.i, this.i + n));
  }

  private syntax(message: string, at = this.i): never {
    throw new RegexFailure(ERR_PATTERN_REGEX_SYNTAX.code, new ERR_PATTERN_REGEX_SYNTAX(String(at), message).message, at);
  }

  private unsupported(what: string, at: number): never {
    throw new RegexFailure(ERR_PATTERN_REGEX_UNSUPPORTED.code, new ERR_PATTERN_REGEX_UNSUPPORTED(what).message, at);
  }
}

const ESCAPE_ASSERTIONS: ReadonlyMap<string, Assertion> = new Map<string, Assertion>([
  ['A', 'text-start'],
  ['Z', 'text-end'],
  ['b', 'word-boundary'],
  ['B', 'not-word-boundary'],
]);

function literal(c: number): RegexNode {
  return { kind: 'char', matcher: { kind: 'set', negated: false, ranges: [[c, c]], classes: [] } };
}
