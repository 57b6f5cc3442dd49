/**
 * The countermeasure request form: case, mechanism (from the catalogue, only those the user's
 * roles may request), the action's targets (pre-filled from the attacker list), duration,
 * justification, harm assessment, urgency and linked evidence. It files the request for the
 * commission's prior approval, or — for officers during an active attack — executes it at once as
 * an emergency action that the commission reviews afterwards. For a carpet-bombing attack the
 * destination proposed is the part of the network the attack hits (its hit extent), not the
 * registered network: a rule on a /16 when a /22 is attacked would hit thousands of hosts that are
 * not.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api } from '../api/http.js';
import { useSession } from '../api/session.js';
import { useApi } from '../api/use-api.js';
import type { Attack, Case, CaseDetail, CatalogueEntry, Page, RequestView } from '../api/types.js';
import { ActionEditor } from '../components/action-editor.js';
import { EMPTY_GROUNDS, evidenceKey, GroundsFields, groundsBody, type Grounds } from '../components/grounds-fields.js';
import { ErrorBanner, Field, PageHead } from '../components/ui.js';
import { buildAction, EMPTY_FIELDS, type ActionFields } from '../lib/action-input.js';
import { clearDraft, readDraft } from '../lib/draft.js';
import { MECHANISM_LABELS } from '../lib/labels.js';
import { navigate } from '../lib/router.js';

const DURATIONS = [
  { s: 3600, label: '1 hour' },
  { s: 6 * 3600, label: '6 hours' },
  { s: 24 * 3600, label: '24 hours' },
  { s: 3 * 86400, label: '3 days' },
  { s: 7 * 86400, label: '7 days' },
];

/** The form page; `caseId` and `attackId` in the query pre-fill it. */
export function RequestForm({ query }: { query: URLSearchParams }) {
  const { me } = useSession();
  const catalogue = useApi<readonly CatalogueEntry[] | Page<CatalogueEntry>>('/catalogue');
  const cases = useApi<Page<Case>>('/cases', { limit: 200 });
  const attackId = query.get('attackId');
  // Only a form opened from an attacker list takes its draft.
  const draft = useMemo(() => (attackId === null ? undefined : readDraft(attackId)), [attackId]);
  const [caseId, setCaseId] = useState(query.get('caseId') ?? draft?.caseId ?? '');
  const detail = useApi<CaseDetail>(caseId === '' ? undefined : `/cases/${encodeURIComponent(caseId)}`);
  const [f, setF] = useState<ActionFields>(() => ({
    ...EMPTY_FIELDS,
    ...(draft === undefined
      ? {}
      : {
          sources: draft.sources.join('\n'),
          destination: draft.destination,
          protocol: draft.protocol === null ? '' : String(draft.protocol),
          attackId: draft.attackId,
          sourcePorts: draft.sourcePorts.join(', '),
        }),
    // Opened from an attack's hit extent: a rule on the traffic towards it.
    ...(query.get('destination') !== null ? { destination: query.get('destination')!, matchKind: 'traffic' as const, attackId: attackId ?? '' } : {}),
  }));
  const set = (p: Partial<ActionFields>): void => setF((x) => ({ ...x, ...p }));
  const attack = useApi<Attack>(attackId === null ? undefined : `/attacks/${encodeURIComponent(attackId)}`);
  const extent = attack.data?.extent ?? null;
  // A carpet attack's draft names the registered network: propose what the attack hits instead.
  useEffect(() => {
    const a = attack.data;
    if (a?.extent == null) return;
    const proposed = a.extent.prefixes[0]!.prefix;
    setF((x) => (x.destination === '' || x.destination === a.target ? { ...x, destination: proposed } : x));
  }, [attack.data]);
  const [duration, setDuration] = useState(3600);
  const [grounds, setGrounds] = useState<Grounds>(EMPTY_GROUNDS);
  const setG = (p: Partial<Grounds>): void => setGrounds((g) => ({ ...g, ...p }));
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const entries = catalogue.data === undefined ? [] : Array.isArray(catalogue.data) ? (catalogue.data as readonly CatalogueEntry[]) : (catalogue.data as Page<CatalogueEntry>).items;
  const allowed = entries.filter((e) => e.available !== false && e.requesters.some((r) => me.roles.includes(r)));
  const entry = allowed.find((e) => e.mechanism === f.mechanism);
  const isOfficer = me.roles.includes('designated_officer') || me.roles.includes('defence_operator');
  // biome-ignore lint/correctness/useExhaustiveDependencies: set only merges into the form state (a new function at every render)
  useEffect(() => {
    if (allowed.length > 0 && entry === undefined) set({ mechanism: allowed[0]!.mechanism });
  }, [allowed, entry]);
  useEffect(() => {
    if (caseId === '' && cases.data !== undefined) {
      const first = cases.data.items.find((c) => c.state !== 'closed');
      if (first !== undefined) setCaseId(first.id);
    }
  }, [caseId, cases.data]);
  // Evidence about the attack the draft came from is linked by default.
  useEffect(() => {
    if (detail.data === undefined) return;
    const linked = detail.data.evidence.filter((e) => draft === undefined || e.ref === draft.attackId);
    setGrounds((g) => ({ ...g, evidence: new Set(linked.map(evidenceKey)) }));
  }, [detail.data, draft]);

  const built = buildAction(f);
  const body = (): Record<string, unknown> => ({
    caseId,
    action: built.ok ? built.action : {},
    ...(entry?.mode === 'one_shot' ? {} : { durationSeconds: duration }),
    ...groundsBody(grounds),
  });
  const submit = async (path: '/requests' | '/emergency'): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const v = await api<RequestView>(path, { method: 'POST', body: body() });
      clearDraft();
      navigate(`/requests/${encodeURIComponent(v.request.id)}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    void submit('/requests');
  };
  const ready = built.ok && caseId !== '' && grounds.justification.trim() !== '';

  return (
    <form onSubmit={onSubmit} aria-labelledby="page-title" className="stack">
      <PageHead title="Request a countermeasure" sub="The commission approves the exact action in advance; its digest is what members vote on." />
      <ErrorBanner error={error ?? catalogue.error} title="Not filed" />
      <div className="grid cols-2">
        <section className="card" aria-labelledby="rq-what">
          <h2 id="rq-what">Action</h2>
          <Field id="rq-case" label="Case">
            <select id="rq-case" value={caseId} onChange={(e) => setCaseId(e.target.value)} required>
              <option value="">Choose a case…</option>
              {(cases.data?.items ?? [])
                .filter((c) => c.state !== 'closed')
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.title}
                  </option>
                ))}
            </select>
          </Field>
          <Field id="rq-mech" label="Mechanism" hint={entry?.summary}>
            <select id="rq-mech" value={f.mechanism} onChange={(e) => set({ mechanism: e.target.value })}>
              {allowed.map((e) => (
                <option key={e.mechanism} value={e.mechanism}>
                  {MECHANISM_LABELS[e.mechanism] ?? e.mechanism}
                </option>
              ))}
            </select>
          </Field>
          <ActionEditor f={f} set={set} />
          {extent !== null && (f.mechanism === 'flowspec' || f.mechanism === 'rtbh') ? (
            <p className="small muted" data-testid="extent-hint">
              The attack hits {extent.prefixes.map((p) => `${p.prefix} (${p.hostsHit} hosts)`).join(', ')} of {attack.data!.networkPrefix}
              {extent.prefixes.length > 1 ? ': one rule per prefix keeps the rest of the network out of it.' : '.'}
            </p>
          ) : null}
          {entry?.mode === 'one_shot' ? null : (
            <Field id="rq-dur" label="Duration" hint="Rules expire by themselves at the end.">
              <select id="rq-dur" value={duration} onChange={(e) => setDuration(Number(e.target.value))}>
                {DURATIONS.map((d) => (
                  <option key={d.s} value={d.s}>
                    {d.label}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <details>
            <summary>The action as it will be filed</summary>
            {built.ok ? <pre className="doc">{JSON.stringify(built.action, null, 2)}</pre> : <p className="banner warn">{built.problem}</p>}
          </details>
        </section>
        <section className="card" aria-labelledby="rq-why">
          <h2 id="rq-why">Grounds</h2>
          <GroundsFields g={grounds} set={setG} caseEvidence={detail.data?.evidence ?? []} />
        </section>
      </div>
      <div className="row">
        <button type="submit" className="primary" disabled={!ready || busy}>
          Submit for commission approval
        </button>
        {isOfficer && entry?.emergency !== false ? (
          <button type="button" className="danger" disabled={!ready || busy} onClick={() => void submit('/emergency')}>
            Execute now as emergency action
          </button>
        ) : null}
        {!built.ok ? <span className="muted small">{built.problem}</span> : grounds.justification.trim() === '' ? <span className="muted small">A justification is required.</span> : null}
      </div>
    </form>
  );
}
