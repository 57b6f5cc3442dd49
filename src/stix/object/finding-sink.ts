/**
 * Collects findings while one document is validated. Rules call {@link FindingSink.error} for a
 * broken MUST and {@link FindingSink.warn} for a broken SHOULD; a warning is only recorded when its
 * check runs, so rules need not consult the options themselves.
 */
import type { Finding } from './finding.js';
import type { ResolvedOptions } from './validation-options.js';

/** Error code of a broken MUST, by rule family. */
export type RuleCode =
  | 'INPUT'
  | 'LIMIT'
  | 'TYPE'
  | 'ID'
  | 'SPEC_VERSION'
  | 'REQUIRED'
  | 'VALUE'
  | 'TIMESTAMP'
  | 'ORDER'
  | 'REFERENCE'
  | 'PROPERTY_NAME'
  | 'RESERVED'
  | 'CUSTOM'
  | 'MARKING'
  | 'EXTENSION'
  | 'PATTERN'
  | 'OBSERVABLE'
  | 'INTEROP'
  | 'DETERMINISTIC_ID';

/** Findings of one validation run and the options that govern them. */
export class FindingSink {
  /** Broken MUSTs, and under `strict` broken SHOULDs, in the order found. */
  readonly errors: Finding[] = [];
  /** Broken SHOULDs when not `strict`. */
  readonly warnings: Finding[] = [];

  /** @param options the resolved options, which decide which SHOULD checks are recorded and how. */
  constructor(readonly options: ResolvedOptions) {}

  /** Records a broken MUST requirement. */
  error(objectId: string, path: string, code: RuleCode, message: string): void {
    this.errors.push({ objectId, path, message, code: `SAKIMORI_ERR_STIX_OBJECT_${code}`, severity: 'error' });
  }

  /**
   * Records a finding that the reference validator reports as a warning outside any named check
   * (the `strictTypes` and `strictProperties` refusals): an error under `strict`, else a warning.
   */
  advise(objectId: string, path: string, code: RuleCode, message: string): void {
    const finding: Finding = { objectId, path, message, code: `SAKIMORI_ERR_STIX_OBJECT_${code}`, severity: this.options.strict ? 'error' : 'warning' };
    (this.options.strict ? this.errors : this.warnings).push(finding);
  }

  /** Records a broken SHOULD requirement of best-practice check `check`, if that check runs. */
  warn(objectId: string, path: string, check: string, message: string): void {
    if (!this.options.runs(check)) return;
    const finding: Finding = { objectId, path, message, code: check, severity: this.options.strict ? 'error' : 'warning' };
    (this.options.strict ? this.errors : this.warnings).push(finding);
  }
}

/** What a rule knows about the object it is checking. */
export interface ObjectContext {
  readonly sink: FindingSink;
  /** The object's id (or a placeholder when it has none). */
  readonly id: string;
  /** JSON Pointer of the object in the input. */
  readonly path: string;
  /** The object itself. */
  readonly obj: Readonly<Record<string, unknown>>;
  /** See {@link ValueSite.looseReferences}. */
  readonly looseReferences?: boolean;
}

/** True for a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
