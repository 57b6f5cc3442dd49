/**
 * Checks the syntax of a STIX pattern (§9) by recursive descent over its grammar and lists the
 * comparisons it makes (object type and property path), which the validator needs for its naming
 * rules. This is not a matcher: evaluation lives in `src/stix/pattern/`.
 */
import { type PatternToken, tokenizePattern } from './pattern-lexer.js';

/** One comparison: the object type and the path of the compared property. */
export interface PatternComparison {
  readonly objectType: string;
  readonly path: readonly (string | number)[];
}

/** Result of inspecting a pattern. */
export type PatternInspection = { readonly ok: true; readonly comparisons: readonly PatternComparison[] } | { readonly ok: false; readonly message: string };

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'FOLLOWEDBY', 'LIKE', 'MATCHES', 'ISSUPERSET', 'ISSUBSET', 'EXISTS', 'IN', 'WITHIN', 'SECONDS', 'REPEATS', 'TIMES', 'START', 'STOP']);
const TIMESTAMP_LITERAL_RE = /^t'\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z'$/;

class Parser {
  private pos = 0;
  readonly comparisons: PatternComparison[] = [];

  constructor(private readonly tokens: readonly PatternToken[]) {}

  private peek(): PatternToken {
    return this.tokens[this.pos] ?? { kind: 'end', text: '', at: -1 };
  }

  private next(): PatternToken {
    const t = this.peek();
    this.pos++;
    return t;
  }

  private is(text: string): boolean {
    const t = this.peek();
    return (t.kind === 'punct' || t.kind === 'word' || t.kind === 'op') && t.text === text;
  }

  private expect(text: string): PatternToken {
    const t = this.next();
    if (t.text !== text) throw new Error(`expected ${text} at offset ${t.at}, found ${t.text === '' ? 'end of pattern' : JSON.stringify(t.text)}`);
    return t;
  }

  pattern(): void {
    this.observationExpressions();
    if (this.peek().kind !== 'end') throw new Error(`unexpected ${JSON.stringify(this.peek().text)} at offset ${this.peek().at}`);
  }

  private observationExpressions(): void {
    this.binary(['FOLLOWEDBY', 'OR', 'AND'], 0);
  }

  private binary(ops: readonly string[], level: number): void {
    const op = ops[level];
    if (op === undefined) {
      this.observationExpression();
      return;
    }
    this.binary(ops, level + 1);
    while (this.is(op)) {
      this.next();
      this.binary(ops, level + 1);
    }
  }

  private observationExpression(): void {
    if (this.is('[')) {
      this.next();
      this.comparisonOr();
      this.expect(']');
    } else if (this.is('(')) {
      this.next();
      this.observationExpressions();
      this.expect(')');
    } else {
      throw new Error(`expected [ or ( at offset ${this.peek().at}`);
    }
    this.qualifiers();
  }

  private qualifiers(): void {
    for (;;) {
      if (this.is('WITHIN')) {
        this.next();
        const n = this.next();
        if (n.kind !== 'number' || Number(n.text) <= 0) throw new Error(`WITHIN needs a positive number at offset ${n.at}`);
        this.expect('SECONDS');
      } else if (this.is('REPEATS')) {
        this.next();
        const n = this.next();
        if (n.kind !== 'number' || !/^\+?\d+$/.test(n.text) || Number(n.text) <= 0) throw new Error(`REPEATS needs a positive integer at offset ${n.at}`);
        this.expect('TIMES');
      } else if (this.is('START')) {
        this.next();
        this.timestampLiteral();
        this.expect('STOP');
        this.timestampLiteral();
      } else return;
    }
  }

  private timestampLiteral(): void {
    const t = this.next();
    if (t.kind !== 'typed' || !TIMESTAMP_LITERAL_RE.test(t.text)) throw new Error(`expected a t'…' timestamp at offset ${t.at}`);
  }

  private comparisonOr(): void {
    this.comparisonAnd();
    while (this.is('OR')) {
      this.next();
      this.comparisonAnd();
    }
  }

  private comparisonAnd(): void {
    this.propTest();
    while (this.is('AND')) {
      this.next();
      this.propTest();
    }
  }

  private propTest(): void {
    if (this.is('(')) {
      this.next();
      this.comparisonOr();
      this.expect(')');
      return;
    }
    if (this.is('EXISTS')) {
      this.next();
      this.objectPath();
      return;
    }
    this.objectPath();
    if (this.is('NOT')) this.next();
    const t = this.next();
    if (t.kind === 'op') this.literal();
    else if (t.kind === 'word' && t.text === 'IN') this.setLiteral();
    else if (t.kind === 'word' && ['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'].includes(t.text)) {
      if (this.next().kind !== 'string') throw new Error(`${t.text} needs a string at offset ${t.at}`);
    } else throw new Error(`expected a comparison operator at offset ${t.at}`);
  }

  private literal(): void {
    const t = this.next();
    if (t.kind === 'string' || t.kind === 'number') return;
    if (t.kind === 'typed') {
      if (t.text.startsWith('t') && !TIMESTAMP_LITERAL_RE.test(t.text)) throw new Error(`invalid timestamp literal at offset ${t.at}`);
      if (t.text.startsWith('h') && !/^h'(?:[0-9a-fA-F]{2})*'$/.test(t.text)) throw new Error(`invalid hex literal at offset ${t.at}`);
      if (t.text.startsWith('b') && !/^b'(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?'$/.test(t.text)) throw new Error(`invalid binary literal at offset ${t.at}`);
      return;
    }
    if (t.kind === 'word' && (t.text === 'true' || t.text === 'false')) return;
    throw new Error(`expected a literal at offset ${t.at}`);
  }

  private setLiteral(): void {
    this.expect('(');
    if (this.is(')')) {
      this.next();
      return;
    }
    this.literal();
    while (this.is(',')) {
      this.next();
      this.literal();
    }
    this.expect(')');
  }

  private objectPath(): void {
    const type = this.next();
    if (type.kind !== 'word' || KEYWORDS.has(type.text)) throw new Error(`expected an object type at offset ${type.at}`);
    this.expect(':');
    const path: (string | number)[] = [this.pathName()];
    for (;;) {
      if (this.is('.')) {
        this.next();
        path.push(this.pathName());
      } else if (this.is('[')) {
        this.next();
        const t = this.next();
        if (t.kind === 'number' && /^[+-]?\d+$/.test(t.text)) path.push(Number(t.text));
        else if (!(t.kind === 'punct' && t.text === '*')) throw new Error(`expected a list index or * at offset ${t.at}`);
        else path.push('*');
        this.expect(']');
      } else break;
    }
    this.comparisons.push({ objectType: type.text, path });
  }

  private pathName(): string {
    const t = this.next();
    if (t.kind === 'word') return t.text;
    if (t.kind === 'string') return t.text.slice(1, -1);
    throw new Error(`expected a property name at offset ${t.at}`);
  }
}

/** Parses `pattern`; on success lists its comparisons, else says what is wrong. */
export function inspectPattern(pattern: string): PatternInspection {
  try {
    const parser = new Parser(tokenizePattern(pattern));
    parser.pattern();
    return { ok: true, comparisons: parser.comparisons };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}
