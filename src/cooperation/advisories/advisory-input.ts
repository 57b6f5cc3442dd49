/** Checks of what a caller writes into an advisory or an answer; every refusal names the field. */
import { isTlpLevel } from '../../stix/marking/tlp-level.js';
import { asCveId } from '../../vulns/record.js';
import { ANSWERS_NEEDING_NOTE, ASSET_ANSWERS, type AdvisoryFields, type AssetAnswer } from './advisory.js';
import { ERR_ADVISORY_INVALID } from './errors.js';

/** The refusal of one field, named in `details.field` for a form to mark. */
function invalid(field: string, problem: string): Error {
  return new ERR_ADVISORY_INVALID(field, problem, { details: { field } });
}

/** Most CVEs in one advisory. */
export const MAX_ADVISORY_CVES = 50;

function text(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(field, 'required text');
  const t = value.trim();
  if (t.length > max) throw invalid(field, `longer than ${max} characters`);
  return t;
}

/** Checks a whole advisory (a new draft, or a draft with a patch applied). */
export function checkAdvisoryFields(input: Partial<Record<keyof AdvisoryFields, unknown>>): AdvisoryFields {
  const cves = input.cves;
  if (!Array.isArray(cves) || cves.length === 0) throw invalid('cves', 'at least one CVE id');
  if (cves.length > MAX_ADVISORY_CVES) throw invalid('cves', `at most ${MAX_ADVISORY_CVES}`);
  const ids: string[] = [];
  for (const [i, c] of cves.entries()) {
    const id = asCveId(c);
    if (id === undefined) throw invalid(`cves[${i}]`, `${JSON.stringify(c)} is not a CVE id`);
    if (ids.includes(id)) throw invalid(`cves[${i}]`, `${id} repeated`);
    ids.push(id);
  }
  const days = input.acknowledgeWithinDays;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 365) throw invalid('acknowledgeWithinDays', 'a whole number of days, 1 to 365');
  if (!isTlpLevel(input.tlp)) throw invalid('tlp', 'one of clear, green, amber, amber+strict, red');
  return {
    title: text('title', input.title, 200),
    summary: text('summary', input.summary, 5000),
    action: text('action', input.action, 5000),
    cves: ids,
    acknowledgeWithinDays: days,
    tlp: input.tlp,
  };
}

/** Checks an answer for one asset: a known status, and a note where the status needs one. */
export function checkAnswer(input: { readonly answer: unknown; readonly note?: unknown }): { answer: AssetAnswer; note: string | null } {
  if (!(ASSET_ANSWERS as readonly unknown[]).includes(input.answer)) throw invalid('answer', `one of ${ASSET_ANSWERS.join(', ')}`);
  const answer = input.answer as AssetAnswer;
  const note = input.note === undefined || input.note === null || (typeof input.note === 'string' && input.note.trim() === '') ? null : text('note', input.note, 2000);
  if (note === null && ANSWERS_NEEDING_NOTE.includes(answer)) throw invalid('note', `required for ${answer}: say how or why`);
  return { answer, note };
}
