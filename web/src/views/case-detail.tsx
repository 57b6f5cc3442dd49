/**
 * One case: its state and transitions, evidence (with links to attacks), notes, the declared
 * scope of personal-data access, and its countermeasure requests.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../api/http.js';
import { useSession } from '../api/session.js';
import { useAction } from '../api/use-action.js';
import { useApi } from '../api/use-api.js';
import { EVIDENCE_KINDS, type CaseDetail, type CaseState, type Page, type ScopeEntry } from '../api/types.js';
import { Badge, Empty, ErrorBanner, Field, Link, Loading, PageHead, Person } from '../components/ui.js';
import { dateTime, words } from '../lib/format.js';
import { MECHANISM_LABELS } from '../lib/labels.js';
import { CASE_WRITERS, hasAny } from '../lib/views.js';

const NEXT: Readonly<Record<CaseState, readonly CaseState[]>> = { open: ['contained', 'closed'], contained: ['open', 'closed'], closed: ['open'] };
const VERB: Readonly<Record<CaseState, string>> = { open: 'Reopen', contained: 'Mark contained', closed: 'Close' };

function evidenceLink(kind: string, ref: string) {
  if (kind === 'attack' || kind === 'attacker_list') return <Link href={`/attacks/${encodeURIComponent(ref)}`}>{ref}</Link>;
  return <span className="mono">{ref}</span>;
}

function EvidenceForm({ caseId, done }: { caseId: string; done: () => void }) {
  const [kind, setKind] = useState<string>('attack');
  const [ref, setRef] = useState('');
  const [note, setNote] = useState('');
  const action = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    return action.run(async () => {
      await api(`/cases/${encodeURIComponent(caseId)}/evidence`, { method: 'POST', body: { kind, ref, ...(note === '' ? {} : { note }) } });
      setRef('');
      setNote('');
      done();
    });
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Add evidence" style={{ marginTop: 10 }}>
      <ErrorBanner error={action.error} />
      <div className="row">
        <label htmlFor="ev-kind">Kind</label>
        <select id="ev-kind" style={{ width: 'auto' }} value={kind} onChange={(e) => setKind(e.target.value)}>
          {EVIDENCE_KINDS.map((k) => (
            <option key={k} value={k}>
              {words(k)}
            </option>
          ))}
        </select>
        <label htmlFor="ev-ref">Reference</label>
        <input id="ev-ref" className="mono" style={{ width: 200 }} value={ref} onChange={(e) => setRef(e.target.value)} required />
        <label htmlFor="ev-note">Note</label>
        <input id="ev-note" style={{ width: 200 }} value={note} onChange={(e) => setNote(e.target.value)} />
        <button type="submit" disabled={ref.trim() === ''}>
          Add evidence
        </button>
      </div>
    </form>
  );
}

function Notes({ detail, canWrite, done }: { detail: CaseDetail; canWrite: boolean; done: () => void }) {
  const [text, setText] = useState('');
  const action = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    return action.run(async () => {
      await api(`/cases/${encodeURIComponent(detail.case.id)}/notes`, { method: 'POST', body: { text } });
      setText('');
      done();
    });
  };
  return (
    <section className="card" aria-labelledby="notes-title">
      <h2 id="notes-title">Notes</h2>
      {detail.notes.length === 0 ? <Empty>No notes.</Empty> : null}
      {detail.notes.map((n) => (
        <div key={n.id} style={{ borderBottom: '1px solid var(--border)', padding: '6px 0' }}>
          <div className="small muted">
            <Person id={n.author} name={n.authorName} /> · {dateTime(n.createdAt)}
          </div>
          <div style={{ whiteSpace: 'pre-wrap' }}>{n.text}</div>
        </div>
      ))}
      {canWrite ? (
        <form onSubmit={(e) => void submit(e)} style={{ marginTop: 8 }}>
          <ErrorBanner error={action.error} />
          <Field id="note-text" label="New note">
            <textarea id="note-text" value={text} onChange={(e) => setText(e.target.value)} maxLength={4000} />
          </Field>
          <button type="submit" disabled={text.trim() === ''}>
            Add note
          </button>
        </form>
      ) : null}
    </section>
  );
}

const APPROVAL: Readonly<Record<ScopeEntry['approval'], { tone: 'warn' | 'ok' | 'bad'; text: string } | undefined>> = {
  not_needed: undefined,
  pending: { tone: 'warn', text: 'wider than the limit: waits for the commission' },
  approved: { tone: 'ok', text: 'approved by the commission' },
  rejected: { tone: 'bad', text: 'rejected by the commission' },
};

/**
 * What the case may look at: the attacks it cites (their targets over their time) and what its
 * creator or assignee declared. A declared prefix wider than the limit waits for a commission
 * member, who approves or rejects it here.
 */
function Scope({ detail, canChange, canDecide, myId }: { detail: CaseDetail; canChange: boolean; canDecide: boolean; myId: string }) {
  const caseId = detail.case.id;
  const scope = useApi<Page<ScopeEntry>>(`/cases/${encodeURIComponent(caseId)}/scope`);
  const [prefix, setPrefix] = useState('');
  const action = useAction();
  const add = (e: FormEvent) => {
    e.preventDefault();
    return action.run(async () => {
      await api(`/cases/${encodeURIComponent(caseId)}/scope`, { method: 'POST', body: { prefix, from: Date.now() - 24 * 3600_000, to: Date.now() + 24 * 3600_000 } });
      setPrefix('');
      scope.reload();
    });
  };
  const remove = (id: string) =>
    action.run(async () => {
      await api(`/cases/${encodeURIComponent(caseId)}/scope/${encodeURIComponent(id)}`, { method: 'DELETE' });
      scope.reload();
    });
  const decide = (id: string, decision: 'approve' | 'reject') =>
    action.run(async () => {
      await api(`/cases/${encodeURIComponent(caseId)}/scope/${encodeURIComponent(id)}/decision`, { method: 'POST', body: { decision } });
      scope.reload();
    });
  return (
    <section className="card" aria-labelledby="scope-title" data-testid="case-scope">
      <h2 id="scope-title">Scope</h2>
      <p className="small muted">Prefixes and time windows within which this case may look at personal data: the attacks it cites, and what its creator or assignee declared.</p>
      <ErrorBanner error={action.error ?? scope.error} />
      {(scope.data?.items ?? []).length === 0 ? <Empty>Nothing in scope: cite an attack, or declare a prefix.</Empty> : null}
      <ul style={{ margin: 0, paddingLeft: 18 }}>
        {(scope.data?.items ?? []).map((s) => {
          const approval = APPROVAL[s.approval];
          return (
            <li key={s.id}>
              <span className="mono">{s.prefix}</span>{' '}
              <span className="small muted">
                from {dateTime(s.from)} {s.to === null ? 'on' : `to ${dateTime(s.to)}`}
              </span>{' '}
              {s.origin === 'evidence' && s.attackId !== null ? (
                <span className="small muted">
                  · from attack <Link href={`/attacks/${encodeURIComponent(s.attackId)}`}>{s.attackId}</Link>
                </span>
              ) : null}
              {approval === undefined ? null : <Badge tone={approval.tone}>{approval.text}</Badge>}{' '}
              {canDecide && s.approval === 'pending' && s.addedBy !== myId ? (
                <>
                  <button type="button" className="link small" onClick={() => void decide(s.id, 'approve')} aria-label={`Approve ${s.prefix} for the scope`}>
                    approve
                  </button>{' '}
                  <button type="button" className="link small" onClick={() => void decide(s.id, 'reject')} aria-label={`Reject ${s.prefix} for the scope`}>
                    reject
                  </button>
                </>
              ) : null}
              {canChange && s.origin === 'declared' ? (
                <button type="button" className="link small" onClick={() => void remove(s.id)} aria-label={`Remove ${s.prefix} from the scope`}>
                  remove
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      {canChange ? (
        <form className="row" onSubmit={(e) => void add(e)} style={{ marginTop: 8 }}>
          <label htmlFor="scope-new">Prefix</label>
          <input id="scope-new" className="mono" style={{ width: 180 }} value={prefix} onChange={(e) => setPrefix(e.target.value)} placeholder="192.0.2.0/24" />
          <button type="submit" disabled={prefix.trim() === ''}>
            Declare (24 h either side of now)
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** The case page. */
export function CaseDetailView({ id }: { id: string }) {
  const { me } = useSession();
  const res = useApi<CaseDetail>(`/cases/${encodeURIComponent(id)}`);
  const action = useAction();
  const d = res.data;
  if (d === undefined) {
    return (
      <div>
        <PageHead title="Case" />
        {res.error === undefined ? <Loading what="the case" /> : <ErrorBanner error={res.error} />}
      </div>
    );
  }
  const canWrite = hasAny(me.roles, CASE_WRITERS);
  const transition = (to: CaseState) =>
    action.run(async () => {
      await api(`/cases/${encodeURIComponent(id)}/transition`, { method: 'POST', body: { to } });
      res.reload();
    });
  return (
    <div className="stack">
      <PageHead
        title={
          <>
            {d.case.title} <Badge state={d.case.state} /> {d.case.serious ? <Badge tone="bad">serious</Badge> : null}
          </>
        }
        sub={
          <>
            Opened {dateTime(d.case.createdAt)} by <Person id={d.case.createdBy} name={d.case.createdByName} />
            {d.case.assignee === null ? null : (
              <>
                {' '}
                · assigned to <Person id={d.case.assignee} name={d.case.assigneeName} />
              </>
            )}
          </>
        }
      >
        {canWrite
          ? NEXT[d.case.state].map((to) => (
              <button key={to} type="button" onClick={() => void transition(to)}>
                {VERB[to]}
              </button>
            ))
          : null}
        {hasAny(me.roles, ['designated_officer', 'defence_operator', 'nco_analyst']) && d.case.state !== 'closed' ? (
          <Link className="button primary" href={`/requests/new?caseId=${encodeURIComponent(id)}`}>
            Request countermeasure
          </Link>
        ) : null}
      </PageHead>
      <ErrorBanner error={action.error} />
      {d.case.description === null ? null : <p style={{ whiteSpace: 'pre-wrap' }}>{d.case.description}</p>}
      <div className="grid cols-2">
        <section className="card" aria-labelledby="ev-title">
          <h2 id="ev-title">Evidence</h2>
          {d.evidence.length === 0 ? (
            <Empty>No evidence yet.</Empty>
          ) : (
            <table data-testid="case-evidence">
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  <th scope="col">Reference</th>
                  <th scope="col">Note</th>
                  <th scope="col">Added</th>
                </tr>
              </thead>
              <tbody>
                {d.evidence.map((e) => (
                  <tr key={e.id}>
                    <td>{words(e.kind)}</td>
                    <td>{evidenceLink(e.kind, e.ref)}</td>
                    <td>{e.note ?? ''}</td>
                    <td className="small nowrap">
                      {dateTime(e.addedAt)}
                      <div className="muted">
                        <Person id={e.addedBy} name={e.addedByName} />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {canWrite ? <EvidenceForm caseId={id} done={res.reload} /> : null}
        </section>
        <section className="card" aria-labelledby="req-title">
          <h2 id="req-title">Countermeasure requests</h2>
          {d.requests.length === 0 ? (
            <Empty>None.</Empty>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Mechanism</th>
                  <th scope="col">Path</th>
                  <th scope="col">State</th>
                  <th scope="col">Filed</th>
                </tr>
              </thead>
              <tbody>
                {d.requests.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link href={`/requests/${encodeURIComponent(r.id)}`}>{MECHANISM_LABELS[r.mechanism] ?? r.mechanism}</Link>
                    </td>
                    <td>{r.path}</td>
                    <td>
                      <Badge state={r.state} countermeasure />
                    </td>
                    <td className="nowrap">{dateTime(r.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <Notes detail={d} canWrite={canWrite} done={res.reload} />
        <Scope detail={d} canChange={canWrite && (d.case.createdBy === me.id || d.case.assignee === me.id)} canDecide={hasAny(me.roles, ['commission_member'])} myId={me.id} />
      </div>
    </div>
  );
}
