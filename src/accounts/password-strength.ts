/**
 * Password strength with zxcvbn-ts (Dropbox's zxcvbn estimator): a password is matched against
 * lists of common passwords (`@zxcvbn-ts/language-common`), English words and names
 * (`@zxcvbn-ts/language-en`), keyboard walks, sequences, repeats, dates and l33t spellings, and
 * scored by the number of guesses a cracker needs. `password1234` and `123456789012` score 1.
 *
 * The dictionaries are built on first use (about 0.2 s, once per process).
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

/**
 * Lowest zxcvbn score accepted: 3, "safely unguessable" — at least 10^8 guesses, which against
 * scrypt at N = 2^15 (32 MiB per guess) is years of one GPU's work.
 */
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;

/** The zxcvbn score (0–4) of `password`, where `context` (user name, display name) counts as guessable, and the estimator's warning. */
export function passwordStrength(password: string, context: readonly string[] = []): { score: number; warning: string | null } {
  estimator ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...en.dictionary }, graphs: common.adjacencyGraphs, translations: en.translations });
  const r = estimator.check(password, ['sakimori', ...context.filter((c) => c !== '')]);
  return { score: r.score, warning: r.feedback.warning === '' ? null : r.feedback.warning };
}
