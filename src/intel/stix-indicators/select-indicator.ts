/**
 * Which stored STIX indicators go into the flow matcher, and with what label and kind.
 *
 * - Only `pattern_type: 'stix'`, not revoked, and valid now: `valid_from <= now < valid_until`
 *   (STIX 2.1 §4.7: the indicator is no longer valid from `valid_until` on). Validity is judged
 *   when the set is loaded; the synchroniser's next refresh judges it again.
 * - Label: the indicator's `name`, else its id — with control characters replaced and cut to the
 *   indicator set's 200 characters, so a producer's formatting never refuses the indicator.
 * - Kind `c2` when `indicator_types` holds `malicious-activity`, `compromised` or `attribution`
 *   (the indicator is evidence that a host talking to it is in an adversary's hands), or when it is
 *   linked to command-and-control infrastructure (`c2-infrastructure.ts`); otherwise `watch`,
 *   which records sightings without reporting infected hosts.
 *
 * Pure: no I/O.
 */
import { parseTimestamp } from '../../stix/pattern/index.js';
import type { IndicatorKind } from '../indicator.js';
import type { IndicatorMeta, SkipCode } from './compile-pattern.js';

/** `indicator_types` that make an indicator `c2`. */
export const C2_INDICATOR_TYPES: readonly string[] = ['malicious-activity', 'compromised', 'attribution'];

const MAX_LABEL = 200;

/** Result of {@link selectIndicator}: the pattern and meta to compile, or why not. */
export type IndicatorSelection = { readonly ok: true; readonly pattern: string; readonly meta: Required<IndicatorMeta> } | { readonly ok: false; readonly code: SkipCode; readonly reason: string };

/**
 * Decides whether a STIX indicator (its latest version) is loaded at `now` (epoch ms); `c2Ids`
 * are the indicators linked to command-and-control infrastructure.
 */
export function selectIndicator(object: Readonly<Record<string, unknown>>, revoked: boolean, now: number, c2Ids: ReadonlySet<string>): IndicatorSelection {
  const id = typeof object.id === 'string' ? object.id : '';
  if (object.pattern_type !== 'stix') return { ok: false, code: 'not-stix-pattern', reason: `pattern_type ${JSON.stringify(object.pattern_type)} is not stix` };
  if (revoked || object.revoked === true) return { ok: false, code: 'revoked', reason: 'revoked' };
  // Nanoseconds, as STIX timestamps may carry them: `now` is a whole millisecond.
  const at = BigInt(now) * 1_000_000n;
  const from = timestamp(object.valid_from);
  if (from !== undefined && from > at) return { ok: false, code: 'not-yet-valid', reason: `valid from ${String(object.valid_from)}` };
  const until = timestamp(object.valid_until);
  if (until !== undefined && until <= at) return { ok: false, code: 'expired', reason: `valid until ${String(object.valid_until)}` };
  if (typeof object.pattern !== 'string') return { ok: false, code: 'invalid-pattern', reason: 'no pattern' };
  const types = Array.isArray(object.indicator_types) ? object.indicator_types : [];
  const kind: IndicatorKind = types.some((t) => typeof t === 'string' && C2_INDICATOR_TYPES.includes(t)) || c2Ids.has(id) ? 'c2' : 'watch';
  return { ok: true, pattern: object.pattern, meta: { label: labelOf(object, id), kind } };
}

function timestamp(v: unknown): bigint | undefined {
  return typeof v === 'string' ? parseTimestamp(v) : undefined;
}

function labelOf(object: Readonly<Record<string, unknown>>, id: string): string | null {
  const name = typeof object.name === 'string' ? object.name : '';
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  const label = clean.length > 0 ? clean : id;
  if (label.length === 0) return null;
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;
}
