/**
 * The generated documentation files and their content (configuration, error codes, the approval rules). The CLI's command tree is imported first so
 * that every module's errors are defined before the error list is rendered.
 */
import { configurationReference } from '../config/reference.js';
import { errorReference } from '../core/error-reference.js';
import { renderRules } from '../operations/policy/rules.js';

/** File path (relative to the repository root) → content. */
export async function generatedDocs(): Promise<Record<string, string>> {
  // Loading every part registers its errors.
  await import('./program.js');
  await import('../operations/index.js');
  await import('../oversight/audit/errors.js');
  return { 'docs/configuration.md': configurationReference(), 'docs/errors.md': errorReference(), 'docs/approval-rules.md': renderRules() };
}
