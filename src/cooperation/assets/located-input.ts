/**
 * Inputs of an import with their place in the document, and how the problems of a whole import
 * become one coded error. Pure.
 */
import type { SakimoriError, SakimoriErrorClass } from '../../core/errors.js';
import { ERR_ASSET_DATE, ERR_ASSET_INVALID } from './errors.js';
import type { AssetInput, AssetInputField, AssetProblem } from './validate-asset.js';

/** One asset's input as an import read it: where it is, and how the document names each field. */
export interface LocatedInput {
  readonly input: AssetInput;
  /** `row 7`, `component "pkg:npm/x@1" (components[3])`; empty for a single asset. */
  readonly where: string;
  /** How the document names a field: `column introduced_on`, `purl`, `import option introducedOn`. */
  label(field: AssetInputField): string;
}

/** A problem of an import, at its place, with the error class it is reported as. */
export interface LocatedProblem {
  readonly where: string;
  readonly error: SakimoriErrorClass<[string, string]>;
  readonly message: string;
}

/** Problems listed in an error's message (all of them are in `details.problems`). */
const LISTED = 10;

/** The problems of one input at its place in the document. */
export function locate(at: LocatedInput, problems: readonly AssetProblem[]): LocatedProblem[] {
  return problems.map((p) => ({
    where: at.where === '' ? at.label(p.field) : `${at.where}, ${at.label(p.field)}`,
    error: p.kind === 'date' ? ERR_ASSET_DATE : ERR_ASSET_INVALID,
    message: p.message,
  }));
}

/**
 * One error for every problem of an import: the class and place of the first, its message
 * followed by where the others are, and each problem (place, code, message) in
 * `details.problems` so a client can mark every row.
 */
export function problemsError(problems: readonly [LocatedProblem, ...LocatedProblem[]]): SakimoriError {
  const [first] = problems;
  const more = problems.length - 1;
  const others = problems
    .slice(1, 1 + LISTED)
    .map((p) => p.where)
    .join('; ');
  const message = more === 0 ? first.message : `${first.message} (and ${more} more problem${more === 1 ? '' : 's'}: ${others}${more > LISTED ? '; …' : ''})`;
  return new first.error(first.where, message, { details: { problems: problems.map((p) => ({ where: p.where, code: p.error.code, message: p.message })) } });
}

/** Throws {@link problemsError} when there are problems. */
export function refuseProblems(problems: readonly LocatedProblem[]): void {
  if (problems.length > 0) throw problemsError(problems as [LocatedProblem, ...LocatedProblem[]]);
}

/**
 * Text of an uploaded document: bytes are decoded as strict UTF-8; undefined when they are not
 * UTF-8 (a CSV saved in Shift_JIS, for instance).
 */
export function decodeUtf8(data: string | Uint8Array): string | undefined {
  if (typeof data === 'string') return data;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data);
  } catch {
    return undefined;
  }
}

/** True when the document is over `limit` UTF-8 bytes (encoded only when its length cannot decide). */
export function isOverBytes(data: string | Uint8Array, limit: number): boolean {
  if (typeof data !== 'string') return data.byteLength > limit;
  if (data.length > limit) return true; // every UTF-16 unit is at least one byte
  if (data.length * 3 <= limit) return false; // and at most three
  return new TextEncoder().encode(data).byteLength > limit;
}
