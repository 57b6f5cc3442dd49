/**
 * Recursive-descent parser of the STIX 2.1 patterning language (STIXPattern.g4), with limits that
 * keep hostile patterns cheap: length, nesting depth, operator count and REPEATS count.
 */
import type { ComparisonExpression, ComparisonOperator, Literal, ObjectPath, ObservationExpression, PathStep, PatternAst, SetLiteral, SourcePosition, TimestampLiteral } from './ast.js';
import { ERR_PATTERN_DUPLICATE_QUALIFIER, ERR_PATTERN_REPEATS_LIMIT, ERR_PATTERN_SYNTAX, ERR_PATTERN_TOO_DEEP, ERR_PATTERN_TOO_LONG, ERR_PATTERN_TOO_MANY_OPERATORS } from './errors.js';
import { type Token, type TokenKind, tokenize } from './lexer.js';
import { decodeString, literalOf } from './literals.js';
import { checkPatternSemantics } from './semantic-checks.js';

/** Limits and checks of parsing; defaults in {@link DEFAULT_PARSE_OPTIONS}. */
export interface ParseOptions {
  /** Longest pattern accepted, in UTF-16 units. */
  readonly maxLength: number;
  /** Deepest nesting of parentheses and brackets. */
  readonly maxDepth: number;
  /** Most AND / OR / FOLLOWEDBY operators (observation and comparison ones together): trees are walked recursively. */
  readonly maxOperators: number;
  /** Largest REPEATS count: matching cost grows with it. */
  readonly maxRepeats: number;
  /**
   * Apply the reference validator's checks beyond the grammar (hash formats, a qualifier kind
   * repeated on one `[ … ]`). The reference matcher does not apply them; turn off to parse as it does.
   */
  readonly validatorChecks: boolean;
}

/** Default parse limits: 64 KiB, 64 levels, 1000 operators, REPEATS at most 1000, validator checks on. */
export const DEFAULT_PARSE_OPTIONS: ParseOptions = Object.freeze({ maxLength: 65536, maxDepth: 64, maxOperators: 1000, maxRepeats: 1000, validatorChecks: true });

/** Why a pattern was refused, with its position (line from 1, column from 0). */
export interface PatternError {
  readonly code: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/** Result of {@link parsePattern}. */
export type ParseResult = { readonly ok: true; readonly ast: PatternAst } | { readonly ok: false; readonly error: PatternError };

class ParseFailure {
  constructor(
    readonly code: string,
    readonly message: string,
    readonly offset: number,
  ) {}
}

/**
 * Parses a STIX 2.1 pattern into a typed tree, applying the grammar and the reference validator's
 * semantic checks (hash formats, duplicate qualifiers). Never throws on input.
 *
 * @example
 * ```ts
 * const r = parsePattern("[ipv4-addr:value ISSUBSET '203.0.113.0/24'] WITHIN 60 SECONDS");
 * if (r.ok) console.log(r.ast.kind); // 'within'
 * else console.log(`${r.error.line}:${r.error.column} ${r.error.message}`);
 * ```
 */
export function parsePattern(text: string, limits: Partial<ParseOptions> = {}): ParseResult {
  const lim: ParseOptions = { ...DEFAULT_PARSE_OPTIONS, ...limits };
  if (text.length > lim.maxLength) return failure(text, new ParseFailure(ERR_PATTERN_TOO_LONG.code, new ERR_PATTERN_TOO_LONG(String(text.length), String(lim.maxLength)).message, 0));
  const lexed = tokenize(text);
  if (!lexed.ok) return failure(text, new ParseFailure(ERR_PATTERN_SYNTAX.code, lexed.message, lexed.offset));
  try {
    const ast = new Parser(text, lexed.tokens, lim).parse();
    const semantic = lim.validatorChecks ? checkPatternSemantics(ast) : undefined;
    if (semantic !== undefined) return failure(text, new ParseFailure(semantic.code, semantic.message, 0));
    return { ok: true, ast };
  } catch (e) {
    if (e instanceof ParseFailure) return failure(text, e);
    throw e;
  }
}

/** Line and column of a UTF-16 offset. */
export function positionAt(text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charAt(i) === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart };
}

function failure(text: string, f: ParseFailure): ParseResult {
  const { line, column } = positionAt(text, f.offset);
  return { ok: false, error: { code: f.code, message: f.message, line, column } };
}

const COMPARISON_OPERATORS: ReadonlyMap<TokenKind, ComparisonOperator> = new Map<TokenKind, ComparisonOperator>([
  ['=', '='],
  ['!=', '!='],
  ['<', '<'],
  ['<=', '<='],
  ['>', '>'],
  ['>=', '>='],
  ['IN', 'IN'],
  ['LIKE', 'LIKE'],
  ['MATCHES', 'MATCHES'],
  ['ISSUBSET', 'ISSUBSET'],
  ['ISSUPERSET', 'ISSUPERSET'],
]);

const ORDERABLE: ReadonlySet<TokenKind> = new Set(['int', 'float', 'string', 'hex', 'binary', 'timestamp']);

class Parser {
  private pos = 0;
  private depth = 0;
  private operators = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
    private readonly limits: ParseOptions,
  ) {}

  parse(): PatternAst {
    const first = this.peek();
    if (first.kind !== '[' && first.kind !== '(') this.fail(first, "a pattern starts with '[' or '(' (is the input missing square brackets?)");
    const ast = this.observationExpressions();
    this.expect('eof', 'end of pattern');
    return ast;
  }

  // Precedence (grammar): FOLLOWEDBY < OR < AND, all left-associative.
  private observationExpressions(): ObservationExpression {
    let left = this.observationOr();
    while (this.operator('FOLLOWEDBY')) left = { kind: 'observation-binary', operator: 'followedby', left, right: this.observationOr() };
    return left;
  }

  private observationOr(): ObservationExpression {
    let left = this.observationAnd();
    while (this.operator('OR')) left = { kind: 'observation-binary', operator: 'or', left, right: this.observationAnd() };
    return left;
  }

  private observationAnd(): ObservationExpression {
    let left = this.observationQualified();
    while (this.operator('AND')) left = { kind: 'observation-binary', operator: 'and', left, right: this.observationQualified() };
    return left;
  }

  private observationQualified(): ObservationExpression {
    const open = this.peek();
    let expr: ObservationExpression;
    if (this.accept('[')) {
      this.enter(open);
      const comparison = this.comparisonOr();
      this.expect(']', "']'");
      this.depth--;
      expr = { kind: 'observation', comparison, position: this.where(open) };
    } else if (this.accept('(')) {
      this.enter(open);
      expr = this.observationExpressions();
      this.expect(')', "')'");
      this.depth--;
    } else {
      return this.fail(open, "expected '[' or '('");
    }
    // The reference validator refuses a qualifier kind repeated directly on `[ … ]`, not on `( … )`.
    const seen = open.kind === '[' && this.limits.validatorChecks ? new Set<string>() : undefined;
    for (;;) {
      const q = this.peek();
      if (q.kind !== 'WITHIN' && q.kind !== 'REPEATS' && q.kind !== 'START') return expr;
      const name = q.kind === 'START' ? 'STARTSTOP' : q.kind;
      if (seen?.has(name)) throw new ParseFailure(ERR_PATTERN_DUPLICATE_QUALIFIER.code, new ERR_PATTERN_DUPLICATE_QUALIFIER(name).message, q.offset);
      seen?.add(name);
      expr = this.qualifier(expr);
    }
  }

  private qualifier(expression: ObservationExpression): ObservationExpression {
    const q = this.next();
    if (q.kind === 'WITHIN') {
      const n = this.peek();
      if ((n.kind !== 'int' && n.kind !== 'float') || n.text.startsWith('-')) return this.fail(n, 'WITHIN takes a positive number of seconds');
      this.pos++;
      this.expect('SECONDS', "'SECONDS'");
      return { kind: 'within', expression, seconds: Number(n.text), secondsText: n.text.replace(/^\+/, '') };
    }
    if (q.kind === 'REPEATS') {
      const n = this.peek();
      if (n.kind !== 'int' || n.text.startsWith('-')) return this.fail(n, 'REPEATS takes a positive integer');
      this.pos++;
      const times = Number(n.text);
      if (times < 1 || times > this.limits.maxRepeats) {
        throw new ParseFailure(ERR_PATTERN_REPEATS_LIMIT.code, new ERR_PATTERN_REPEATS_LIMIT(n.text, String(this.limits.maxRepeats)).message, n.offset);
      }
      this.expect('TIMES', "'TIMES'");
      return { kind: 'repeats', expression, times };
    }
    const start = this.timestamp();
    this.expect('STOP', "'STOP'");
    return { kind: 'start-stop', expression, start, stop: this.timestamp() };
  }

  private timestamp(): TimestampLiteral {
    const t = this.expect('timestamp', "a timestamp literal t'…'");
    return { kind: 'timestamp', text: t.text.slice(2, -1) };
  }

  private comparisonOr(): ComparisonExpression {
    let left = this.comparisonAnd();
    while (this.operator('OR')) left = { kind: 'comparison-binary', operator: 'or', left, right: this.comparisonAnd() };
    return left;
  }

  private comparisonAnd(): ComparisonExpression {
    let left = this.propTest();
    while (this.operator('AND')) left = { kind: 'comparison-binary', operator: 'and', left, right: this.propTest() };
    return left;
  }

  private propTest(): ComparisonExpression {
    const first = this.peek();
    if (this.accept('(')) {
      this.enter(first);
      const inner = this.comparisonOr();
      this.expect(')', "')'");
      this.depth--;
      return inner;
    }
    if (first.kind === 'EXISTS' || (first.kind === 'NOT' && this.peek(1).kind === 'EXISTS')) {
      const negated = this.accept('NOT');
      this.pos++;
      return { kind: 'exists', path: this.objectPath(), negated, position: this.where(first) };
    }
    const path = this.objectPath();
    const negated = this.accept('NOT');
    const opToken = this.next();
    const operator = COMPARISON_OPERATORS.get(opToken.kind);
    if (operator === undefined) return this.fail(opToken, 'expected a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)');
    return { kind: 'comparison', path, operator, negated, value: this.comparisonValue(operator), position: this.where(first) };
  }

  private comparisonValue(operator: ComparisonOperator): Literal | SetLiteral {
    const t = this.peek();
    if (operator === 'IN') return this.setLiteral();
    if (operator === 'LIKE' || operator === 'MATCHES' || operator === 'ISSUBSET' || operator === 'ISSUPERSET') {
      this.expect('string', 'a string literal');
      return literalOf(t);
    }
    const allowed = operator === '=' || operator === '!=' ? ORDERABLE.has(t.kind) || t.kind === 'bool' : ORDERABLE.has(t.kind);
    if (!allowed) return this.fail(t, operator === '=' || operator === '!=' ? 'expected a literal' : 'expected an orderable literal (number, string, binary, hex or timestamp)');
    this.pos++;
    return literalOf(t);
  }

  private setLiteral(): SetLiteral {
    const open = this.expect('(', "'(' after IN");
    this.enter(open);
    const values: Literal[] = [];
    if (!this.accept(')')) {
      do {
        const t = this.peek();
        if (!ORDERABLE.has(t.kind) && t.kind !== 'bool') this.fail(t, 'expected a literal in the set');
        this.pos++;
        values.push(literalOf(t));
      } while (this.accept(','));
      this.expect(')', "')' or ','");
    }
    this.depth--;
    return { kind: 'set', values };
  }

  private objectPath(): ObjectPath {
    const type = this.expect('identifier', 'an object type');
    this.expect(':', "':' after the object type");
    const steps: PathStep[] = [{ kind: 'key', key: this.propertyName('a property name') }];
    for (;;) {
      if (this.accept('.')) {
        steps.push({ kind: 'key', key: this.propertyName('a property name after .') });
      } else if (this.peek().kind === '[' && this.isIndexStep()) {
        this.pos++;
        const t = this.next();
        steps.push(t.kind === '*' ? { kind: 'index-star' } : { kind: 'index', index: Number(t.text) });
        this.expect(']', "']'");
      } else {
        return { objectType: type.text, steps };
      }
    }
  }

  // `[` after a path is an index step only when followed by an integer or `*` (else it ends the path).
  private isIndexStep(): boolean {
    const t = this.peek(1);
    return (t.kind === 'int' || t.kind === '*') && this.peek(2).kind === ']';
  }

  private propertyName(what: string): string {
    const t = this.next();
    if (t.kind === 'identifier' && !t.text.includes('-')) return t.text;
    if (t.kind === 'string') return decodeString(t.text);
    return this.fail(t, t.kind === 'identifier' ? `property name '${t.text}' contains '-' and must be quoted` : `expected ${what}`);
  }

  // Binary trees are left-deep, so their operator count bounds every later recursive walk.
  private operator(kind: 'AND' | 'OR' | 'FOLLOWEDBY'): boolean {
    const t = this.peek();
    if (!this.accept(kind)) return false;
    if (++this.operators > this.limits.maxOperators) {
      throw new ParseFailure(ERR_PATTERN_TOO_MANY_OPERATORS.code, new ERR_PATTERN_TOO_MANY_OPERATORS(String(this.limits.maxOperators)).message, t.offset);
    }
    return true;
  }

  private enter(t: Token): void {
    if (++this.depth > this.limits.maxDepth) throw new ParseFailure(ERR_PATTERN_TOO_DEEP.code, new ERR_PATTERN_TOO_DEEP(String(this.limits.maxDepth)).message, t.offset);
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  private accept(kind: TokenKind): boolean {
    if (this.peek().kind !== kind) return false;
    this.pos++;
    return true;
  }

  private expect(kind: TokenKind, what: string): Token {
    const t = this.peek();
    if (t.kind !== kind) return this.fail(t, `expected ${what}`);
    this.pos++;
    return t;
  }

  private where(t: Token): SourcePosition {
    return positionAt(this.text, t.offset);
  }

  private fail(t: Token, message: string): never {
    const found = t.kind === 'eof' ? 'end of pattern' : `'${t.text}'`;
    const p = positionAt(this.text, t.offset);
    throw new ParseFailure(ERR_PATTERN_SYNTAX.code, new ERR_PATTERN_SYNTAX(`${p.line}:${p.column}`, `${message}, found ${found}`).message, t.offset);
  }
}
