/**
 * The forms of the advisory pages: the analysts' advisory (drafted new, or a draft edited — the
 * edit names the revision it read, so a concurrent change is refused rather than overwritten), and
 * an operator's answer for one asset. The API decides; a refusal is shown in the form with its
 * message and code, and the field it names is marked.
 */
import { useState, type FormEvent } from 'react';
import {
  ANSWERS_NEEDING_NOTE,
  ASSET_ANSWERS,
  TLP_LEVELS,
  type Advisory,
  type AdvisoryAsset,
  type AdvisoryDetail,
  type AdvisoryFields,
  type AssetAnswer,
  type TlpLevel,
} from '../api/advisory-types.js';
import { ApiError, api } from '../api/http.js';
import { useAction } from '../api/use-action.js';
import { ErrorBanner, Field } from '../components/ui.js';
import { ANSWER_LABELS, tlpName } from '../lib/labels.js';
import { navigate } from '../lib/router.js';
import { parseCves } from '../lib/vuln-text.js';

/** The field an `SAKIMORI_ERR_ADVISORY_INVALID` refusal names (`invalid advisory note: …` → `note`). */
function refusedField(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || error.code !== 'SAKIMORI_ERR_ADVISORY_INVALID') return undefined;
  return /^invalid advisory ([A-Za-z]+)/.exec(error.message)?.[1];
}

const EMPTY: AdvisoryFields = { title: '', summary: '', action: '', cves: [], acknowledgeWithinDays: 14, tlp: 'amber' };

/** The advisory's fields; `send` stores them (a new draft or a change). */
function AdvisoryForm({ id, title, initial, submitLabel, send }: { id: string; title: string; initial: AdvisoryFields; submitLabel: string; send: (f: AdvisoryFields) => Promise<void> }) {
  const [v, setV] = useState({ title: initial.title, summary: initial.summary, action: initial.action, cves: initial.cves.join(', '), days: String(initial.acknowledgeWithinDays), tlp: initial.tlp });
  const action = useAction();
  const bad = refusedField(action.error);
  const invalid = (field: string) => (bad !== undefined && bad.startsWith(field) ? true : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    return action.run(async () => {
      const { cves, bad: words } = parseCves(v.cves);
      if (words.length > 0) throw new Error(`Not CVE ids: ${words.join(', ')}. Write them as CVE-2023-27997.`);
      if (cves.length === 0) throw new Error('Name at least one CVE.');
      await send({ title: v.title.trim(), summary: v.summary.trim(), action: v.action.trim(), cves, acknowledgeWithinDays: Number(v.days), tlp: v.tlp });
    });
  };
  const f = (k: string) => `${id}-${k}`;
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby={f('title-h')} noValidate>
      <h2 id={f('title-h')}>{title}</h2>
      <div id={f('error')}>
        <ErrorBanner error={action.error} title="Not saved" />
      </div>
      <Field id={f('title')} label="Title">
        <input id={f('title')} value={v.title} maxLength={200} onChange={(e) => setV({ ...v, title: e.target.value })} aria-invalid={invalid('title')} required />
      </Field>
      <Field id={f('summary')} label="Summary" hint="What the vulnerabilities are and why they matter.">
        <textarea
          id={f('summary')}
          value={v.summary}
          maxLength={5000}
          onChange={(e) => setV({ ...v, summary: e.target.value })}
          aria-describedby={`${f('summary')}-hint`}
          aria-invalid={invalid('summary')}
          required
        />
      </Field>
      <Field id={f('action')} label="Action" hint="What operators must do.">
        <textarea
          id={f('action')}
          value={v.action}
          maxLength={5000}
          onChange={(e) => setV({ ...v, action: e.target.value })}
          aria-describedby={`${f('action')}-hint`}
          aria-invalid={invalid('action')}
          required
        />
      </Field>
      <Field id={f('cves')} label="CVEs" hint="CVE ids separated by commas, spaces or new lines (up to 50). The advisory goes to every organisation with an asset exposed to one of them.">
        <input
          id={f('cves')}
          className="mono"
          value={v.cves}
          onChange={(e) => setV({ ...v, cves: e.target.value })}
          aria-describedby={`${f('cves')}-hint`}
          aria-invalid={invalid('cves')}
          placeholder="CVE-2023-27997, CVE-2024-21762"
          required
        />
      </Field>
      <div className="grid cols-2">
        <Field id={f('days')} label="Days to acknowledge" hint="From publication; 1 to 365.">
          <input
            id={f('days')}
            type="number"
            min={1}
            max={365}
            value={v.days}
            onChange={(e) => setV({ ...v, days: e.target.value })}
            aria-describedby={`${f('days')}-hint`}
            aria-invalid={invalid('acknowledgeWithinDays')}
            required
          />
        </Field>
        <Field id={f('tlp')} label="TLP" hint="TLP:RED is for named people: it cannot go to an organisation’s inbox.">
          <select id={f('tlp')} value={v.tlp} onChange={(e) => setV({ ...v, tlp: e.target.value as TlpLevel })} aria-describedby={`${f('tlp')}-hint`} aria-invalid={invalid('tlp')}>
            {TLP_LEVELS.map((t) => (
              <option key={t} value={t}>
                {tlpName(t)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <button className="primary" type="submit">
        {submitLabel}
      </button>
    </form>
  );
}

/** Drafts a new advisory and opens it. */
export function DraftAdvisory() {
  return (
    <AdvisoryForm
      id="draft"
      title="Draft an advisory"
      initial={EMPTY}
      submitLabel="Save draft"
      send={async (fields) => {
        const a = await api<Advisory>('/advisories', { method: 'POST', body: fields });
        navigate(`/advisories/${encodeURIComponent(a.id)}`);
      }}
    />
  );
}

/** Changes a draft, naming the revision read. */
export function EditDraft({ advisory, done }: { advisory: Advisory; done: (a: Advisory) => void }) {
  return (
    <AdvisoryForm
      // A new revision (saved here or elsewhere and reloaded) starts the form again from it.
      key={advisory.revision}
      id="edit"
      title="Edit the draft"
      initial={advisory}
      submitLabel="Save changes"
      send={async (fields) => {
        done(await api<Advisory>(`/advisories/${encodeURIComponent(advisory.id)}`, { method: 'PATCH', body: { ...fields, expectedRevision: advisory.revision } }));
      }}
    />
  );
}

/** An operator's answer for one of its assets; the note is required for every answer but patched. */
export function AnswerForm({ advisoryId, asset, done }: { advisoryId: string; asset: AdvisoryAsset; done: (d: AdvisoryDetail) => void }) {
  const [answer, setAnswer] = useState<AssetAnswer>(asset.answer ?? 'patched');
  const [note, setNote] = useState(asset.note ?? '');
  const [saved, setSaved] = useState(false);
  const action = useAction();
  const id = `answer-${asset.assetId}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const noteBad = refusedField(action.error) === 'note';
  const needsNote = ANSWERS_NEEDING_NOTE.includes(answer);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    return action.run(async () => {
      const d = await api<AdvisoryDetail>(`/advisories/${encodeURIComponent(advisoryId)}/assets/${encodeURIComponent(asset.assetId)}`, {
        method: 'PUT',
        body: { answer, note: note.trim() === '' ? null : note.trim() },
      });
      setSaved(true);
      done(d);
    });
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={`Answer for ${asset.label}`} data-testid={id} noValidate>
      <div id={`${id}-error`}>
        <ErrorBanner error={action.error} title="Answer not recorded" />
      </div>
      <p role="status" className={saved ? 'banner ok' : undefined} style={saved ? undefined : { margin: 0 }}>
        {saved ? 'Answer recorded.' : null}
      </p>
      <div className="grid cols-2" style={{ alignItems: 'start' }}>
        <Field id={`${id}-answer`} label="Answer">
          <select id={`${id}-answer`} value={answer} onChange={(e) => setAnswer(e.target.value as AssetAnswer)}>
            {ASSET_ANSWERS.map((a) => (
              <option key={a} value={a}>
                {ANSWER_LABELS[a]}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-note`} label={needsNote ? 'Note (required)' : 'Note (optional)'} hint="How it is mitigated, or why the risk is accepted or the asset not affected.">
          <textarea
            id={`${id}-note`}
            value={note}
            maxLength={2000}
            onChange={(e) => setNote(e.target.value)}
            aria-required={needsNote}
            aria-invalid={noteBad ? true : undefined}
            aria-describedby={[`${id}-note-hint`, noteBad ? `${id}-error` : ''].filter((x) => x !== '').join(' ')}
          />
        </Field>
      </div>
      <button className="primary" type="submit">
        Save answer
      </button>
    </form>
  );
}
