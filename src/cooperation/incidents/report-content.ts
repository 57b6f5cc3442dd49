/**
 * The content of a stage's report: free text and the regime's items by key. A draft may be
 * incomplete; a submission must say something, and for the ACD Act's written report must fill in
 * all 7 items (the ordinance's 4条3項1号〜7号).
 *
 * Pure: no I/O, no `node:` imports.
 */
import { ERR_INCIDENT_INVALID } from './errors.js';
import type { ReportContent } from './incident.js';
import { checkMap, checkObject, checkText } from './input-checks.js';
import type { StageProfile } from './regime-profile.js';

/** Longest free-text summary, in characters. */
export const SUMMARY_MAX = 20_000;
/** Longest item, in characters. */
export const ITEM_MAX = 10_000;

/** For a draft, anything within the limits; for a submission, the rules of the stage too. */
export type ContentMode = 'draft' | 'submission';

function present(value: unknown): boolean {
  return value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
}

/**
 * Checks untrusted report content for `stage` and returns it normalised (trimmed text, items in
 * table order, blank fields left out).
 *
 * @throws {@link ERR_INCIDENT_INVALID} naming the field: unknown keys or items, text over the
 * limits or with control characters, and at submission a missing required item or no content.
 */
export function checkReportContent(value: unknown, stage: StageProfile, mode: ContentMode): ReportContent {
  const o = checkObject(value, '/content', ['summary', 'items']);
  const summary = present(o.summary) ? checkText(o.summary, '/content/summary', SUMMARY_MAX, true) : undefined;
  const given = o.items === undefined || o.items === null ? {} : checkMap(o.items, '/content/items');
  for (const key of Object.keys(given)) {
    if (!stage.itemKeys.includes(key)) {
      const known = stage.itemKeys.length === 0 ? 'this stage has no items' : `known: ${stage.itemKeys.join(', ')}`;
      throw new ERR_INCIDENT_INVALID(`/content/items/${key}`, `unknown item (${known})`);
    }
  }
  const items: Record<string, string> = {};
  for (const key of stage.itemKeys) {
    const v = given[key];
    if (present(v)) items[key] = checkText(v, `/content/items/${key}`, ITEM_MAX, true);
    else if (mode === 'submission' && stage.itemsRequired) throw new ERR_INCIDENT_INVALID(`/content/items/${key}`, `required for the ${stage.rule.stage} report`);
  }
  const hasItems = Object.keys(items).length > 0;
  if (mode === 'submission' && summary === undefined && !hasItems) throw new ERR_INCIDENT_INVALID('/content', 'a report needs a summary or at least one item');
  return { ...(summary === undefined ? {} : { summary }), ...(hasItems ? { items } : {}) };
}
