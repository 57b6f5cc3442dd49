/**
 * Compiles a parsed regular expression into a Thompson-NFA program for {@link runProgram}, with a
 * bound on program size: counted repetitions `{n,m}` are expanded and could otherwise explode.
 */
import { ERR_PATTERN_REGEX_TOO_LARGE } from '../errors.js';
import { type ParseRegexResult, parseRegex, type RegexError } from './parse-regex.js';
import type { Assertion, CharMatcher, ParsedRegex, RegexFlags, RegexNode } from './regex-ast.js';

/** One automaton instruction. `split` prefers neither branch: only whether a match exists matters. */
export type Instruction =
  | { readonly op: 'char'; readonly matcher: CharMatcher }
  | { readonly op: 'split'; readonly x: number; readonly y: number }
  | { readonly op: 'jmp'; readonly x: number }
  | { readonly op: 'assert'; readonly assertion: Assertion }
  | { readonly op: 'match' };

/** A compiled regular expression. */
export interface RegexProgram {
  readonly instructions: readonly Instruction[];
  readonly flags: RegexFlags;
  /** True when every match must start at offset 0 (a leading `^` or `\A`): the search stops early. */
  readonly anchoredStart: boolean;
  /** True when every character of the source is below 256, so the program may run over bytes. */
  readonly byteCompatible: boolean;
}

/** Default largest program, in instructions. */
export const DEFAULT_MAX_REGEX_INSTRUCTIONS = 20_000;

/** Result of {@link compileRegex}. */
export type CompileRegexResult = { readonly ok: true; readonly program: RegexProgram } | { readonly ok: false; readonly error: RegexError };

/**
 * Parses and compiles a MATCHES regular expression (Python `re` syntax) for linear-time matching.
 *
 * @example
 * ```ts
 * const r = compileRegex('^(a+)+$');
 * if (r.ok) regexSearch(r.program, 'a'.repeat(100_000) + 'b'); // { matched: false, steps: … } without backtracking
 * ```
 */
export function compileRegex(source: string, maxInstructions = DEFAULT_MAX_REGEX_INSTRUCTIONS): CompileRegexResult {
  const codePoints = Array.from(source, (ch) => ch.codePointAt(0) as number);
  const parsed: ParseRegexResult = parseRegex(codePoints);
  if (!parsed.ok) return parsed;
  const size = sizeOf(parsed.regex.root, maxInstructions);
  if (size + 1 > maxInstructions) {
    return { ok: false, error: { code: ERR_PATTERN_REGEX_TOO_LARGE.code, message: new ERR_PATTERN_REGEX_TOO_LARGE(String(maxInstructions)).message, offset: 0 } };
  }
  return {
    ok: true,
    program: emitProgram(
      parsed.regex,
      codePoints.every((c) => c < 256),
    ),
  };
}

// Instruction count of a node, saturating just above `limit` so huge repeats never overflow.
function sizeOf(n: RegexNode, limit: number): number {
  const cap = (v: number): number => Math.min(v, limit + 1);
  switch (n.kind) {
    case 'empty':
      return 0;
    case 'char':
    case 'assert':
      return 1;
    case 'concat':
      return cap(n.items.reduce((a, it) => a + sizeOf(it, limit), 0));
    case 'alternation':
      return cap(n.options.reduce((a, it) => a + sizeOf(it, limit) + 2, 0));
    case 'repeat': {
      const inner = sizeOf(n.node, limit);
      const copies = n.max === Infinity ? Math.max(n.min, 1) : n.max;
      return cap(copies * (inner + 2) + 2);
    }
  }
}

function emitProgram(regex: ParsedRegex, byteCompatible: boolean): RegexProgram {
  const code: Instruction[] = [];
  emit(regex.root, code);
  code.push({ op: 'match' });
  return { instructions: code, flags: regex.flags, anchoredStart: startsAnchored(regex.root), byteCompatible };
}

function startsAnchored(n: RegexNode): boolean {
  if (n.kind === 'assert') return n.assertion === 'text-start';
  if (n.kind === 'concat') return n.items[0] !== undefined && startsAnchored(n.items[0]);
  if (n.kind === 'alternation') return n.options.every(startsAnchored);
  return false;
}

function emit(n: RegexNode, code: Instruction[]): void {
  switch (n.kind) {
    case 'empty':
      return;
    case 'char':
      code.push({ op: 'char', matcher: n.matcher });
      return;
    case 'assert':
      code.push({ op: 'assert', assertion: n.assertion });
      return;
    case 'concat':
      for (const it of n.items) emit(it, code);
      return;
    case 'alternation':
      emitAlternation(n.options, code);
      return;
    case 'repeat':
      emitRepeat(n.node, n.min, n.max, code);
      return;
  }
}

function emitAlternation(options: readonly RegexNode[], code: Instruction[]): void {
  const jumps: number[] = [];
  for (let k = 0; k < options.length - 1; k++) {
    const split = code.length;
    code.push({ op: 'jmp', x: -1 });
    emit(options[k] as RegexNode, code);
    jumps.push(code.length);
    code.push({ op: 'jmp', x: -1 });
    code[split] = { op: 'split', x: split + 1, y: code.length };
  }
  emit(options[options.length - 1] as RegexNode, code);
  for (const j of jumps) code[j] = { op: 'jmp', x: code.length };
}

// Lazy and greedy forms accept the same strings; only existence of a match is computed.
function emitRepeat(node: RegexNode, min: number, max: number, code: Instruction[]): void {
  for (let k = 0; k < min; k++) emit(node, code);
  if (max === Infinity) {
    const split = code.length;
    code.push({ op: 'jmp', x: -1 });
    emit(node, code);
    code.push({ op: 'jmp', x: split });
    code[split] = { op: 'split', x: split + 1, y: code.length };
    return;
  }
  const splits: number[] = [];
  for (let k = min; k < max; k++) {
    splits.push(code.length);
    code.push({ op: 'jmp', x: -1 });
    emit(node, code);
  }
  for (const s of splits) code[s] = { op: 'split', x: s + 1, y: code.length };
}
