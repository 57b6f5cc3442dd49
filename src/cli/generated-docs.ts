/**
 * The generated documentation files and their content (configuration, error codes, the approval
 * rules). Error codes come from the parts' descriptors, plus the few the configuration loader and
 * the CLI raise themselves.
 */
import { configurationReference } from '../config/reference.js';
import { corePart } from '../core/core-part.js';
import { errorReference, partErrors } from '../core/error-reference.js';
import * as configLoad from '../config/load.js';
import { renderRules } from '../operations/policy/rules.js';
import { PARTS } from '../platform/parts.js';
import * as platformErrors from '../platform/errors.js';
import * as replay from './commands/replay.js';

/** Every part's descriptor, and the configuration loader's and the CLI's own errors, for the error list. */
export const DOCUMENTED = [corePart, ...PARTS, { errors: [configLoad, replay, platformErrors] }] as const;

/** File path (relative to the repository root) → content. */
export async function generatedDocs(): Promise<Record<string, string>> {
  return {
    'docs/configuration.md': configurationReference(),
    'docs/errors.md': errorReference(partErrors(DOCUMENTED).values()),
    'docs/approval-rules.md': renderRules(),
  };
}
