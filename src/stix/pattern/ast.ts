/**
 * Typed syntax tree of a STIX 2.1 pattern (STIX 2.1 §9), as produced by {@link parsePattern}.
 *
 * Every node is a discriminated union member with a `readonly kind`.
 */

/** Line (from 1) and column (from 0, in UTF-16 units) of a node in the pattern text. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** A whole pattern: one observation expression tree. */
export type PatternAst = ObservationExpression;

/** Observation expressions: `[ … ]`, the AND/OR/FOLLOWEDBY operators and the qualifiers. */
export type ObservationExpression = ObservationSimple | ObservationBinary | ObservationWithin | ObservationRepeats | ObservationStartStop;

/** `[ comparison ]`: one observation of one object. */
export interface ObservationSimple {
  readonly kind: 'observation';
  readonly comparison: ComparisonExpression;
  readonly position: SourcePosition;
}

/** Observation operators, lowest precedence first: FOLLOWEDBY, OR, AND. */
export type ObservationOperator = 'followedby' | 'or' | 'and';

/** `left OP right` between observation expressions. */
export interface ObservationBinary {
  readonly kind: 'observation-binary';
  readonly operator: ObservationOperator;
  readonly left: ObservationExpression;
  readonly right: ObservationExpression;
}

/** `expr WITHIN n SECONDS`. */
export interface ObservationWithin {
  readonly kind: 'within';
  readonly expression: ObservationExpression;
  readonly seconds: number;
  /** The literal as written, e.g. `1.5`, for exact arithmetic. */
  readonly secondsText: string;
}

/** `expr REPEATS n TIMES`. */
export interface ObservationRepeats {
  readonly kind: 'repeats';
  readonly expression: ObservationExpression;
  readonly times: number;
}

/** `expr START t'…' STOP t'…'`. */
export interface ObservationStartStop {
  readonly kind: 'start-stop';
  readonly expression: ObservationExpression;
  readonly start: TimestampLiteral;
  readonly stop: TimestampLiteral;
}

/** Comparison expressions inside `[ … ]`. */
export type ComparisonExpression = ComparisonBinary | Comparison | ExistsComparison;

/** `left AND right` / `left OR right` inside one observation expression. */
export interface ComparisonBinary {
  readonly kind: 'comparison-binary';
  readonly operator: 'and' | 'or';
  readonly left: ComparisonExpression;
  readonly right: ComparisonExpression;
}

/** Comparison operators of STIX 2.1 §9.5. */
export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'IN' | 'LIKE' | 'MATCHES' | 'ISSUBSET' | 'ISSUPERSET';

/** `path [NOT] OP value`. */
export interface Comparison {
  readonly kind: 'comparison';
  readonly path: ObjectPath;
  readonly operator: ComparisonOperator;
  readonly negated: boolean;
  readonly value: Literal | SetLiteral;
  readonly position: SourcePosition;
}

/** `[NOT] EXISTS path`. */
export interface ExistsComparison {
  readonly kind: 'exists';
  readonly path: ObjectPath;
  readonly negated: boolean;
  readonly position: SourcePosition;
}

/** `type:prop.sub[*].'key'[0]`: the first step is always a key. */
export interface ObjectPath {
  readonly objectType: string;
  readonly steps: readonly PathStep[];
}

/** One step of an object path. */
export type PathStep = { readonly kind: 'key'; readonly key: string } | { readonly kind: 'index'; readonly index: number } | { readonly kind: 'index-star' };

/** Literal values. */
export type Literal = IntLiteral | FloatLiteral | StringLiteral | BoolLiteral | BytesLiteral | TimestampLiteral;

/** Integer literal. */
export interface IntLiteral {
  readonly kind: 'int';
  readonly value: number;
  readonly text: string;
}

/** Float literal. */
export interface FloatLiteral {
  readonly kind: 'float';
  readonly value: number;
  readonly text: string;
}

/** String literal, escapes decoded. */
export interface StringLiteral {
  readonly kind: 'string';
  readonly value: string;
}

/** `true` or `false`. */
export interface BoolLiteral {
  readonly kind: 'bool';
  readonly value: boolean;
}

/** `h'…'` (hex) or `b'…'` (base64): compared as bytes. */
export interface BytesLiteral {
  readonly kind: 'bytes';
  readonly encoding: 'hex' | 'base64';
  readonly value: Uint8Array;
}

/** `t'…'`: an RFC 3339 UTC timestamp, kept as written (calendar checks happen when it is used). */
export interface TimestampLiteral {
  readonly kind: 'timestamp';
  readonly text: string;
}

/** `( v1, v2, … )` for IN. */
export interface SetLiteral {
  readonly kind: 'set';
  readonly values: readonly Literal[];
}
