/**
 * The forms of the incident pages. The reporter's: open an incident under a regime (the instants
 * and conditions that regime's clocks read, the entity's time zone for the EU regimes), and each
 * stage's report — summary and the stage's items (the ACD Act written report's 7), saved as a
 * draft, submitted, amended. The regulator's: acknowledge a version, request information, order a
 * correction with a deadline, close. Citations for reporters and analysts. The API decides; every
 * form shows its coded refusal next to it (an amendment after the acknowledgement, a date in the
 * future, an item left empty).
 */
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { api } from '../api/http.js';
import { useAction } from '../api/use-action.js';
import {
  INCIDENT_CATEGORIES,
  INCIDENT_REGIMES,
  LINK_KINDS,
  type Incident,
  type IncidentCategory,
  type IncidentLink,
  type IncidentRegime,
  type IncidentStage,
  type LinkKind,
  type ReportContent,
  type ReportVersion,
} from '../api/types.js';
import { ErrorBanner, Field, Link } from '../components/ui.js';
import { itemKey, REGIME_FORMS } from '../lib/incident-regimes.js';
import { fullDuration, inputZoneName, instantInputValue, parseInstantInput } from '../lib/incident-time.js';
import { INCIDENT_CATEGORY_LABELS, LINK_KIND_LABELS, REGIME_LABELS } from '../lib/labels.js';

const HOUR_MS = 3_600_000;
const path = (id: string, rest = '') => `/incidents/${encodeURIComponent(id)}${rest}`;

/** Ctrl+Enter (⌘+Enter) submits a form whose fields are text areas, where Enter makes a new line. */
function submitOnCtrlEnter(e: KeyboardEvent<HTMLFormElement>): void {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && e.target instanceof HTMLTextAreaElement) {
    e.preventDefault();
    e.currentTarget.requestSubmit();
  }
}

/** Opens an incident of the reporter's own organisation. */
export function OpenIncident({ done }: { done: () => void }) {
  const [regime, setRegime] = useState<IncidentRegime>('jp-act');
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState<IncidentCategory>('ddos');
  const [anchors, setAnchors] = useState<Readonly<Record<string, string>>>(() => ({ awareness: instantInputValue(Date.now(), true) }));
  const [conditions, setConditions] = useState<Readonly<Record<string, boolean>>>({});
  const [zone, setZone] = useState('');
  const [opened, setOpened] = useState<Incident | undefined>(undefined);
  const action = useAction();
  const form = REGIME_FORMS[regime];
  const zoneName = inputZoneName(form.japan);
  const chooseRegime = (next: IncidentRegime) => {
    // The instants keep their moment when the input zone changes (Japan time ↔ UTC).
    const from = REGIME_FORMS[regime].japan;
    const to = REGIME_FORMS[next].japan;
    const moved: Record<string, string> = {};
    for (const [k, v] of Object.entries(anchors)) {
      const ms = parseInstantInput(v, from);
      moved[k] = ms === undefined ? v : instantInputValue(ms, to);
    }
    setAnchors(moved);
    setRegime(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setOpened(undefined);
    return action.run(async () => {
      const at: Record<string, number> = {};
      for (const a of form.anchors) {
        const raw = (anchors[a.name] ?? '').trim();
        if (raw === '') continue;
        const ms = parseInstantInput(raw, form.japan);
        if (ms === undefined) throw new Error(`${a.label}: give a date and time (${zoneName}).`);
        at[a.name] = ms;
      }
      const body: Record<string, unknown> = {
        regime,
        title: title.trim(),
        category,
        anchors: at,
        conditions: Object.fromEntries(form.conditions.map((c) => [c.name, conditions[c.name] === true])),
      };
      if (form.zone !== 'none' && zone.trim() !== '') body['timeZone'] = zone.trim();
      const i = await api<Incident>('/incidents', { method: 'POST', body });
      setOpened(i);
      setTitle('');
      done();
    });
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="open-incident-title" noValidate>
      <h2 id="open-incident-title">Open an incident</h2>
      <ErrorBanner error={action.error} title="Not opened" />
      <p role="status" className={opened === undefined ? undefined : 'banner ok'}>
        {opened === undefined ? null : (
          <>
            Opened <Link href={path(opened.id)}>{opened.title}</Link>
          </>
        )}
      </p>
      <div className="grid cols-2">
        <Field id="incident-regime" label="Regime">
          <select id="incident-regime" value={regime} onChange={(e) => chooseRegime(e.target.value as IncidentRegime)}>
            {INCIDENT_REGIMES.map((r) => (
              <option key={r} value={r}>
                {REGIME_LABELS[r]} — {REGIME_FORMS[r].name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="incident-category" label="Category">
          <select id="incident-category" value={category} onChange={(e) => setCategory(e.target.value as IncidentCategory)}>
            {INCIDENT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {INCIDENT_CATEGORY_LABELS[c]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field id="incident-title" label="Title">
        <input id="incident-title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={500} required />
      </Field>
      <fieldset>
        <legend>When ({zoneName})</legend>
        <div className="grid cols-2">
          {form.anchors.map((a) => (
            <Field key={a.name} id={`anchor-${a.name}`} label={`${a.label}${a.required ? '' : ' (if known)'}`} hint={a.hint}>
              <input
                id={`anchor-${a.name}`}
                type="datetime-local"
                value={anchors[a.name] ?? ''}
                onChange={(e) => setAnchors({ ...anchors, [a.name]: e.target.value })}
                aria-describedby={a.hint === undefined ? undefined : `anchor-${a.name}-hint`}
              />
            </Field>
          ))}
        </div>
      </fieldset>
      {form.conditions.length === 0 ? null : (
        <fieldset>
          <legend>Conditions</legend>
          {form.conditions.map((c) => (
            <label key={c.name} className="check">
              <input type="checkbox" checked={conditions[c.name] === true} onChange={(e) => setConditions({ ...conditions, [c.name]: e.target.checked })} />
              {c.label}
            </label>
          ))}
        </fieldset>
      )}
      {form.zone === 'none' ? null : (
        <Field
          id="incident-zone"
          label={`Your time zone${form.zone === 'optional' ? ' (if not America/New_York)' : ''}`}
          hint="IANA name, e.g. Europe/Berlin: the regime counts its days and working days there."
        >
          <input
            id="incident-zone"
            value={zone}
            onChange={(e) => setZone(e.target.value)}
            placeholder={form.zone === 'optional' ? 'America/New_York' : 'Europe/Berlin'}
            aria-describedby="incident-zone-hint"
          />
        </Field>
      )}
      <button className="primary" type="submit">
        Open incident
      </button>
    </form>
  );
}

/** The content a stage's editor starts from: the saved draft, else the latest version, else nothing. */
function startingContent(draft: ReportContent | undefined, latest: ReportVersion | undefined): ReportContent {
  return draft ?? latest?.content ?? {};
}

/** What a submission or amendment did, for people. */
function filedText(v: ReportVersion, amended: boolean): string {
  const when = v.lateBySeconds === null ? '' : v.lateBySeconds === 0 ? ', on time' : `, late by ${fullDuration(v.lateBySeconds)}`;
  return `${amended ? 'Amended' : 'Submitted'}: version ${v.version}${when}.`;
}

/** A stage's report for the organisation's reporter: summary and items, save as draft, submit or amend. */
export function StageReportForm({
  incident,
  stage,
  draft,
  latest,
  done,
}: {
  incident: Incident;
  stage: IncidentStage;
  draft: ReportContent | undefined;
  latest: ReportVersion | undefined;
  done: () => void;
}) {
  const start = startingContent(draft, latest);
  const keys = stage.items.map(itemKey);
  const [summary, setSummary] = useState(start.summary ?? '');
  const [items, setItems] = useState<Readonly<Record<string, string>>>(() => Object.fromEntries(keys.map((k) => [k, start.items?.[k] ?? ''])));
  const [status, setStatus] = useState('');
  const action = useAction();
  const submitted = stage.versions > 0;
  const id = `report-${stage.stage}`;
  const content = (): ReportContent => {
    const filled = Object.fromEntries(Object.entries(items).filter(([, v]) => v.trim() !== ''));
    return { ...(summary.trim() === '' ? {} : { summary }), ...(Object.keys(filled).length === 0 ? {} : { items: filled }) };
  };
  const saveDraft = () => {
    setStatus('');
    return action.run(async () => {
      const r = await api<{ updatedAt: number }>(path(incident.id, `/reports/${encodeURIComponent(stage.stage)}/draft`), { method: 'PUT', body: { content: content() } });
      setStatus(`Draft saved (${new Date(r.updatedAt).toISOString().slice(11, 19)} UTC).`);
      done();
    });
  };
  const file = (e: FormEvent) => {
    e.preventDefault();
    setStatus('');
    return action.run(async () => {
      const v = await api<ReportVersion>(path(incident.id, `/reports/${encodeURIComponent(stage.stage)}${submitted ? '/amendments' : ''}`), { method: 'POST', body: { content: content() } });
      setStatus(filedText(v, submitted));
      done();
    });
  };
  const verb = submitted ? 'Amend' : 'Submit';
  return (
    <form onSubmit={(e) => void file(e)} onKeyDown={submitOnCtrlEnter} aria-label={`Report: ${stage.title}`} noValidate style={{ marginTop: 10 }}>
      <ErrorBanner error={action.error} title={`Not ${submitted ? 'amended' : 'saved or submitted'}`} />
      <p role="status" data-testid={`${id}-status`} className={status === '' ? undefined : 'banner ok'}>
        {status}
      </p>
      <Field id={`${id}-summary`} label="Summary">
        <textarea id={`${id}-summary`} rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} />
      </Field>
      {stage.items.map((label, i) => {
        const k = keys[i]!;
        return (
          <Field key={k} id={`${id}-${k}`} label={<span lang={/[\u3040-\u30ff\u4e00-\u9fff]/.test(label) ? 'ja' : undefined}>{label}</span>}>
            <textarea id={`${id}-${k}`} rows={2} value={items[k] ?? ''} onChange={(e) => setItems({ ...items, [k]: e.target.value })} />
          </Field>
        );
      })}
      <div className="row">
        <button type="button" onClick={() => void saveDraft()}>
          Save draft
        </button>
        <button className="primary" type="submit">
          {verb}
        </button>
        <span className="muted small">
          Ctrl+Enter: {verb.toLowerCase()}
          {submitted && stage.acknowledged ? ' · acknowledged: an amendment is refused unless the regulator asks for more' : ''}
        </span>
      </div>
    </form>
  );
}

/** The regulator acknowledges the latest version of a stage's report. */
export function AcknowledgeButton({ incident, stage, done }: { incident: Incident; stage: IncidentStage; done: () => void }) {
  const action = useAction();
  return (
    <div style={{ marginTop: 8 }}>
      <ErrorBanner error={action.error} title="Not acknowledged" />
      <button
        className="primary"
        type="button"
        onClick={() =>
          void action.run(async () => {
            await api(path(incident.id, `/reports/${encodeURIComponent(stage.stage)}/acknowledgement`), { method: 'POST' });
            done();
          })
        }
      >
        Acknowledge version {stage.versions}
      </button>
    </div>
  );
}

/** Stages a regulator may address: every one that applies to the incident. */
const applicable = (incident: Incident) => incident.stages.filter((s) => s.state !== 'not-applicable');

/** A request for information (due date optional) or a correction order (deadline required) on one stage. */
export function RegulatorRequestForm({ incident, kind, done }: { incident: Incident; kind: 'information' | 'correction-order'; done: () => void }) {
  const stages = applicable(incident);
  const japan = REGIME_FORMS[incident.regime].japan;
  const order = kind === 'correction-order';
  const [stage, setStage] = useState(() => (stages.find((s) => s.versions > 0) ?? stages[0])?.stage ?? '');
  const [text, setText] = useState('');
  const [due, setDue] = useState(() => (order ? instantInputValue(Date.now() + 7 * 24 * HOUR_MS, japan) : ''));
  const [sent, setSent] = useState(false);
  const action = useAction();
  const id = order ? 'order' : 'info';
  const title = order ? 'Order a correction' : 'Request information';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSent(false);
    return action.run(async () => {
      const ms = due.trim() === '' ? undefined : parseInstantInput(due, japan);
      if (due.trim() !== '' && ms === undefined) throw new Error(`Give the ${order ? 'deadline' : 'due date'} as a date and time (${inputZoneName(japan)}).`);
      const body: Record<string, unknown> = { stage, text };
      if (ms !== undefined) body[order ? 'deadline' : 'dueAt'] = ms;
      await api(path(incident.id, order ? '/correction-orders' : '/information-requests'), { method: 'POST', body });
      setSent(true);
      setText('');
      done();
    });
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{title}</h3>
      <ErrorBanner error={action.error} title={order ? 'Not ordered' : 'Not requested'} />
      <p role="status" className={sent ? 'banner ok' : undefined}>
        {sent ? (order ? 'Correction ordered.' : 'Information requested.') : null}
      </p>
      <Field id={`${id}-stage`} label="Report">
        <select id={`${id}-stage`} value={stage} onChange={(e) => setStage(e.target.value)}>
          {stages.map((s) => (
            <option key={s.stage} value={s.stage}>
              {s.title}
            </option>
          ))}
        </select>
      </Field>
      <Field id={`${id}-text`} label={order ? 'What to correct' : 'What to provide'}>
        <input id={`${id}-text`} value={text} onChange={(e) => setText(e.target.value)} maxLength={5000} required />
      </Field>
      <Field id={`${id}-due`} label={`${order ? 'Deadline' : 'Due (optional)'} (${inputZoneName(japan)})`} hint={order ? 'Not complying by then flags the incident non-compliant.' : undefined}>
        <input id={`${id}-due`} type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} aria-describedby={order ? `${id}-due-hint` : undefined} />
      </Field>
      <button className="primary" type="submit">
        {order ? 'Order correction' : 'Request information'}
      </button>
    </form>
  );
}

/** The regulator closes the matter (refused while a correction order is unanswered). */
export function CloseIncident({ incident, done }: { incident: Incident; done: () => void }) {
  const action = useAction();
  if (incident.state === 'closed') return null;
  return (
    <div>
      <h3>Close</h3>
      <ErrorBanner error={action.error} title="Not closed" />
      <button
        type="button"
        onClick={() =>
          void action.run(async () => {
            await api(path(incident.id, '/close'), { method: 'POST' });
            done();
          })
        }
      >
        Close the incident
      </button>
    </div>
  );
}

/** Cites an attack, a sighting, a case or an intel object by id. */
export function CiteForm({ incident, done }: { incident: Incident; done: () => void }) {
  const [kind, setKind] = useState<LinkKind>('attack');
  const [ref, setRef] = useState('');
  const action = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    return action.run(async () => {
      await api(path(incident.id, '/links'), { method: 'POST', body: { links: [{ kind, ref: ref.trim() }] } });
      setRef('');
      done();
    });
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Cite evidence" noValidate style={{ marginTop: 10 }}>
      <ErrorBanner error={action.error} title="Not cited" />
      <div className="row" style={{ alignItems: 'end' }}>
        <Field id="cite-kind" label="Kind">
          <select id="cite-kind" value={kind} onChange={(e) => setKind(e.target.value as LinkKind)}>
            {LINK_KINDS.map((k) => (
              <option key={k} value={k}>
                {LINK_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="cite-ref" label="Id">
          <input id="cite-ref" className="mono" value={ref} onChange={(e) => setRef(e.target.value)} maxLength={200} required />
        </Field>
        <button type="submit">Cite</button>
      </div>
    </form>
  );
}

/** Removes one citation. */
export function UnciteButton({ incident, link, done }: { incident: Incident; link: IncidentLink; done: () => void }) {
  const action = useAction();
  return (
    <>
      <button
        type="button"
        className="link"
        aria-label={`Remove ${LINK_KIND_LABELS[link.kind] ?? link.kind} ${link.ref}`}
        onClick={() =>
          void action.run(async () => {
            await api(path(incident.id, '/links/remove'), { method: 'POST', body: { links: [link] } });
            done();
          })
        }
      >
        Remove
      </button>
      <ErrorBanner error={action.error} />
    </>
  );
}
