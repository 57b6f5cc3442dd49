/**
 * The common DDoS and ransomware forms (`common-forms.ts`) filled in from an incident: as JSON
 * (field id → label, gloss, value and where it came from) and as a printable HTML page laid out
 * like the written report.
 *
 * Only attacks the incident links (`links` of kind `attack`) are read, whatever the caller passes:
 * a form can never carry an attack the incident does not cite.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { localIso } from '../../regimes/index.js';
import { ERR_INCIDENT_INVALID } from '../errors.js';
import type { ReportVersion } from '../incident.js';
import type { IncidentView } from '../incident-view.js';
import { checkObject, checkText } from '../input-checks.js';
import { ITEM_MAX } from '../report-content.js';
import { type AttackField, type CommonForm, type CommonFormId, FORMS, type FieldSource } from './common-forms.js';
import { html, htmlDocument, text } from './html.js';
import { japaneseDate } from './incident-html.js';
import { pickVersion } from './report-parts.js';

/**
 * What the DDoS form reads of a detected attack: a structural subset of detection's
 * `StoredAttack`, which can be passed as it is (`cooperation/` may not import `detection/`).
 */
export interface AttackFacts {
  readonly id: string;
  readonly scope: 'host' | 'prefix';
  /** The attacked host address, or the prefix for `prefix` scope. */
  readonly target: string;
  readonly startedAt: number;
  /** Null while the attack is active. */
  readonly endedAt: number | null;
  readonly peak: { readonly pps: number; readonly bps: number };
  readonly vectors: readonly { readonly vector: string; readonly service?: string; readonly port?: number; readonly share: number }[];
  readonly sourceCount: number;
  readonly topSources: readonly { readonly country?: string; readonly asn?: number; readonly packetShare: number }[];
}

/** What a form needs besides the view and the versions. */
export interface CommonFormOptions {
  /** When the form is made, UTC epoch ms. */
  readonly exportedAt: number;
  /** The organisation's registered name; null shows its id. */
  readonly organizationName: string | null;
  /** The attacks the incident links (others are ignored); none when absent. */
  readonly attacks?: readonly AttackFacts[];
  /** The operator's answers by field id, checked with {@link checkFormAnswers}. */
  readonly answers?: Readonly<Record<string, string>>;
}

/** One filled-in field. */
export interface FormValue {
  readonly label: string;
  readonly gloss: string;
  /** Null when no source gave a value: the field is left for the operator to fill in by hand. */
  readonly value: string | null;
  /** The source that gave the value (`attacks:peak-bps`, `item:jp-act/written-report/response`, `answer`…), or null. */
  readonly from: string | null;
}

/** A filled-in form. */
export interface CommonFormDocument {
  readonly form: CommonFormId;
  readonly title: string;
  readonly gloss: string;
  /** That this is not the official form and must be checked against it. */
  readonly notice: string;
  readonly exportedAt: string;
  readonly incident: { readonly id: string; readonly title: string; readonly regime: string; readonly organizationId: string };
  /** In the form's order. */
  readonly fields: Readonly<Record<string, FormValue>>;
}

/** Printed on every form. */
export const FORM_NOTICE =
  '本様式は政府の共通様式の構成に倣って作成したものであり、公式の様式ではありません。提出前に公式様式と照合してください。 / Structured after the government’s common form as understood here; not the official form. Check it against the official document before submitting.';

/**
 * Checks untrusted answers for `form`: an object whose keys are ids of fields that take an answer
 * and whose values are text (as a report item: trimmed, at most `ITEM_MAX` characters, no control
 * characters other than newlines).
 *
 * @throws {@link ERR_INCIDENT_INVALID} naming the answer.
 */
export function checkFormAnswers(form: CommonFormId, value: unknown): Readonly<Record<string, string>> {
  const answerable = FORMS[form].fields.filter((f) => f.sources.some((s) => s.kind === 'answer')).map((f) => f.id);
  const o = checkObject(value, '/answers', answerable);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) out[k] = checkText(v, `/answers/${k}`, ITEM_MAX, true);
  return out;
}

const SI = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
] as const;

/** `12300000000, 'bps'` → `12.3 Gbps (12300000000 bps)`. */
export function formatRate(value: number, unit: string): string {
  const [scale, prefix] = SI.find(([s]) => value >= s) ?? [1, ''];
  const short = scale === 1 ? `${value} ${unit}` : `${(value / scale).toFixed(1)} ${prefix}${unit}`;
  return scale === 1 ? short : `${short} (${value} ${unit})`;
}

/** Distinct values over `entries`, the one with the largest summed share first. */
function byShare<T>(entries: readonly { readonly value: T | undefined; readonly share: number }[]): T[] {
  const total = new Map<T, number>();
  for (const e of entries) if (e.value !== undefined) total.set(e.value, (total.get(e.value) ?? 0) + e.share);
  return [...total.entries()].sort((a, b) => b[1] - a[1]).map(([v]) => v);
}

function attackValue(field: AttackField, list: readonly AttackFacts[], zone: string): string | null {
  if (list.length === 0) return null;
  const lines = (values: readonly (string | number)[]): string | null => (values.length === 0 ? null : values.join('\n'));
  const sources = list.flatMap((a) => a.topSources);
  switch (field) {
    case 'targets':
      return lines([...new Set(list.map((a) => (a.scope === 'prefix' ? `${a.target} (prefix)` : a.target)))]);
    case 'start':
      return localIso(Math.min(...list.map((a) => a.startedAt)), zone);
    case 'end':
      return list.some((a) => a.endedAt === null) ? '継続中 (ongoing)' : localIso(Math.max(...list.map((a) => a.endedAt ?? 0)), zone);
    case 'peak-bps':
      return formatRate(Math.max(...list.map((a) => a.peak.bps)), 'bps');
    case 'peak-pps':
      return formatRate(Math.max(...list.map((a) => a.peak.pps)), 'pps');
    case 'vectors':
      return lines(byShare(list.flatMap((a) => a.vectors.map((v) => ({ value: [v.vector, v.service, v.port].filter((x) => x !== undefined).join(' '), share: v.share })))));
    case 'source-count':
      return `${Math.max(...list.map((a) => a.sourceCount))} (estimate)`;
    case 'source-countries':
      return lines(byShare(sources.map((s) => ({ value: s.country, share: s.packetShare }))));
    case 'source-asns':
      return lines(byShare(sources.map((s) => ({ value: s.asn, share: s.packetShare }))).map((n) => `AS${n}`));
    case 'attack-ids':
      return lines(list.map((a) => a.id));
  }
}

interface FormContext {
  readonly view: IncidentView;
  readonly versions: readonly ReportVersion[];
  readonly attacks: readonly AttackFacts[];
  readonly organizationName: string | null;
}

function sourceValue(s: FieldSource, ctx: FormContext): string | null {
  const { view } = ctx;
  switch (s.kind) {
    case 'incident':
      return s.field === 'organization' ? (ctx.organizationName ?? view.organizationId) : view[s.field];
    case 'anchor': {
      const a = view.anchors[s.anchor];
      if (a === undefined) return null;
      return s.anchor === 'payment' ? `支払あり (paid) ${a.local}` : a.local;
    }
    case 'item':
      return view.regime === s.regime ? (pickVersion(ctx.versions, s.stage)?.content.items?.[s.key] ?? null) : null;
    case 'summary':
      return [...ctx.versions].sort((a, b) => b.submittedAt - a.submittedAt).find((v) => v.content.summary !== undefined)?.content.summary ?? null;
    case 'attacks':
      return attackValue(s.field, ctx.attacks, view.zone);
    case 'links':
      return (
        view.links
          .filter((l) => l.kind === s.link)
          .map((l) => l.ref)
          .join('\n') || null
      );
    case 'answer':
      return null; // answers are read by field id in fillForm
  }
}

function sourceName(s: FieldSource): string {
  switch (s.kind) {
    case 'incident':
      return `incident:${s.field}`;
    case 'anchor':
      return `anchor:${s.anchor}`;
    case 'item':
      return `item:${s.regime}/${s.stage}/${s.key}`;
    case 'attacks':
      return `attacks:${s.field}`;
    case 'links':
      return `links:${s.link}`;
    case 'summary':
    case 'answer':
      return s.kind;
  }
}

function fillForm(form: CommonForm, view: IncidentView, versions: readonly ReportVersion[], opts: CommonFormOptions): Record<string, FormValue> {
  const answers = opts.answers === undefined ? {} : checkFormAnswers(form.id, opts.answers);
  const linked = new Set(view.links.filter((l) => l.kind === 'attack').map((l) => l.ref));
  const ctx: FormContext = {
    view,
    versions: versions.filter((v) => v.incidentId === view.id),
    attacks: (opts.attacks ?? []).filter((a) => linked.has(a.id)),
    organizationName: opts.organizationName,
  };
  const fields: Record<string, FormValue> = {};
  for (const f of form.fields) {
    let value: string | null = null;
    let from: string | null = null;
    for (const s of f.sources) {
      value = s.kind === 'answer' ? (answers[f.id] ?? null) : sourceValue(s, ctx);
      if (value !== null && value.trim() !== '') {
        from = sourceName(s);
        break;
      }
      value = null;
    }
    fields[f.id] = { label: f.label, gloss: f.gloss, value, from };
  }
  return fields;
}

/**
 * Form `form` filled in from `view`, its submitted `versions`, the attacks it links and the
 * operator's answers.
 *
 * @throws {@link ERR_INCIDENT_INVALID} when `opts.answers` names a field that takes no answer or is not text.
 */
export function commonFormJson(form: CommonFormId, view: IncidentView, versions: readonly ReportVersion[], opts: CommonFormOptions): CommonFormDocument {
  const f = FORMS[form];
  if (f === undefined) throw new ERR_INCIDENT_INVALID('/format', `unknown form ${JSON.stringify(form)}`);
  return {
    form,
    title: f.title,
    gloss: f.gloss,
    notice: FORM_NOTICE,
    exportedAt: new Date(opts.exportedAt).toISOString(),
    incident: { id: view.id, title: view.title, regime: view.regime, organizationId: view.organizationId },
    fields: fillForm(f, view, versions, opts),
  };
}

/** {@link commonFormJson} as a printable HTML document (every value escaped). */
export function commonFormHtml(form: CommonFormId, view: IncidentView, versions: readonly ReportVersion[], opts: CommonFormOptions): string {
  const doc = commonFormJson(form, view, versions, opts);
  const rows = Object.entries(doc.fields).map(
    ([id, v], i) =>
      html`<tr data-field="${id}"><th class="no">${i + 1}</th><th class="label">${v.label}<span class="en">${v.gloss}</span></th><td>${text(v.value)}${v.from === null ? '' : html`<span class="en">source: ${v.from}</span>`}</td></tr>\n`,
  );
  const body = html`<main class="common-form" data-form="${form}">
<h1>${doc.title}<span class="en">${doc.gloss}</span></h1>
<p class="notice">${doc.notice}</p>
<dl class="meta">
<dt>作成日<span class="en">prepared</span></dt><dd>${japaneseDate(localIso(opts.exportedAt, view.zone))}</dd>
<dt>報告者<span class="en">reporting organisation</span></dt><dd>${opts.organizationName ?? view.organizationId}</dd>
</dl>
<table class="form">
<thead><tr><th class="no">No.</th><th class="label">項目<span class="en">field</span></th><th>記入内容<span class="en">entry</span></th></tr></thead>
<tbody>
${rows}</tbody>
</table>
<footer><p>${view.regimeName} — incident ${view.id}. Generated by Sakimori at ${localIso(opts.exportedAt, view.zone)}.</p></footer>
</main>`;
  return htmlDocument(`${doc.title} — ${view.title}`, body);
}
