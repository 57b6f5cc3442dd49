/**
 * Pike-VM simulation of a compiled regular expression: every thread advances in lock-step over the
 * input, and a thread set holds each instruction at most once, so a search costs at most
 * O(program × input) steps whatever the expression — no backtracking, no catastrophic patterns.
 */
import { charMatches, isWordChar } from './char-predicates.js';
import type { RegexProgram } from './compile-regex.js';
import type { Assertion } from './regex-ast.js';

/** Result of {@link regexSearch}; `steps` counts instruction visits, for tests of the linear bound. */
export interface RegexSearchResult {
  readonly matched: boolean;
  readonly steps: number;
  /** True when the search stopped at `maxSteps` without an answer (`matched` is then false). */
  readonly exhausted: boolean;
}

/**
 * Searches `input` for a match anywhere (Python `re.search`). Text is matched by code point;
 * bytes are matched one byte per character (with ASCII class meanings), as Python matches `bytes`.
 */
export function regexSearch(program: RegexProgram, input: string | Uint8Array, maxSteps = Number.POSITIVE_INFINITY): RegexSearchResult {
  const chars = typeof input === 'string' ? Array.from(input, (ch) => ch.codePointAt(0) as number) : input;
  return new Vm(program, chars, typeof input !== 'string' || program.flags.ascii, maxSteps).run();
}

class Vm {
  private steps = 0;
  private readonly size: number;
  private current: Int32Array;
  private nextList: Int32Array;
  private currentCount = 0;
  private nextCount = 0;
  // Generation stamps make "already in this list" an O(1) test without clearing arrays.
  private readonly mark: Int32Array;
  private generation = 0;
  private readonly stack: Int32Array;

  constructor(
    private readonly program: RegexProgram,
    private readonly input: ArrayLike<number>,
    private readonly ascii: boolean,
    private readonly maxSteps: number,
  ) {
    this.size = program.instructions.length;
    this.current = new Int32Array(this.size);
    this.nextList = new Int32Array(this.size);
    this.mark = new Int32Array(this.size).fill(-1);
    this.stack = new Int32Array(this.size * 2 + 2);
  }

  run(): RegexSearchResult {
    const n = this.input.length;
    this.generation = 0;
    if (this.addThread(0, 0, 'current')) return this.done(true);
    for (let pos = 0; pos < n; pos++) {
      this.generation = pos + 1;
      this.nextCount = 0;
      const c = this.input[pos] as number;
      for (let k = 0; k < this.currentCount; k++) {
        const pc = this.current[k] as number;
        const ins = this.program.instructions[pc];
        this.steps++;
        if (ins?.op === 'char' && charMatches(ins.matcher, c, this.ascii, this.program.flags.ignoreCase)) {
          if (this.addThread(pc + 1, pos + 1, 'next')) return this.done(true);
        }
      }
      // Unanchored search: a new thread starts at every position (the implicit leading `.*?`).
      if (!this.program.anchoredStart && this.addThread(0, pos + 1, 'next')) return this.done(true);
      // Linear, but program × input can still be large: a budget lets callers bound the work.
      if (this.steps > this.maxSteps) return { matched: false, steps: this.steps, exhausted: true };
      [this.current, this.nextList] = [this.nextList, this.current];
      this.currentCount = this.nextCount;
      if (this.currentCount === 0 && this.program.anchoredStart) break;
    }
    return this.done(false);
  }

  private done(matched: boolean): RegexSearchResult {
    return { matched, steps: this.steps, exhausted: false };
  }

  // Follows jumps, splits and assertions from `start`; returns true on reaching `match`.
  private addThread(start: number, pos: number, list: 'current' | 'next'): boolean {
    const target = list === 'current' ? this.current : this.nextList;
    let sp = 0;
    this.stack[sp++] = start;
    while (sp > 0) {
      const pc = this.stack[--sp] as number;
      if (this.mark[pc] === this.generation) continue;
      this.mark[pc] = this.generation;
      this.steps++;
      const ins = this.program.instructions[pc];
      if (ins === undefined) continue;
      switch (ins.op) {
        case 'match':
          return true;
        case 'jmp':
          this.stack[sp++] = ins.x;
          break;
        case 'split':
          this.stack[sp++] = ins.y;
          this.stack[sp++] = ins.x;
          break;
        case 'assert':
          if (this.holds(ins.assertion, pos)) this.stack[sp++] = pc + 1;
          break;
        case 'char':
          if (list === 'current') target[this.currentCount++] = pc;
          else target[this.nextCount++] = pc;
          break;
      }
    }
    return false;
  }

  private holds(a: Assertion, pos: number): boolean {
    const n = this.input.length;
    const before = pos > 0 ? (this.input[pos - 1] as number) : -1;
    const after = pos < n ? (this.input[pos] as number) : -1;
    switch (a) {
      case 'text-start':
        return pos === 0;
      case 'text-end':
        return pos === n;
      case 'end-or-final-newline':
        return pos === n || (pos === n - 1 && after === 10);
      case 'line-start':
        return pos === 0 || before === 10;
      case 'line-end':
        return pos === n || after === 10;
      case 'word-boundary':
      case 'not-word-boundary': {
        const boundary = (before >= 0 && isWordChar(before, this.ascii)) !== (after >= 0 && isWordChar(after, this.ascii));
        return a === 'word-boundary' ? boundary : !boundary;
      }
    }
  }
}
