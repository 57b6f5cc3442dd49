/**
 * Oversight: the commission's desk. Excessive-monitoring flags raised by the access guard (a look
 * without a case, outside the case's scope, far above the user's norm, or at the same person again
 * and again), inspections of data handling with their findings, and the notices, demands and
 * recommendations the commission issues with their follow-up. Commission members act here;
 * auditors read. Members also confirm or decline the commission_member role an admin granted
 * (it takes effect only once a different sitting member confirms it).
 */
import { useState, type FormEvent } from 'react';
import { api } from '../api/http.js';
import { useSession } from '../api/session.js';
import { useAction } from '../api/use-action.js';
import { usePages } from '../api/use-pages.js';
import type { Directive, Inspection, MonitoringFlag } from '../api/types.js';
import { LoadMore } from '../components/more.js';
import { Badge, Empty, ErrorBanner, Field, Link, Loading, PageHead, Person } from '../components/ui.js';
import { dateTime, words } from '../lib/format.js';

const FLAG_KINDS: Readonly<Record<string, string>> = {
  no_case: 'No case named',
  out_of_scope: 'Outside the case’s scope',
  volume: 'Volume far above the user’s norm',
  repeated_lookup: 'Same person looked up again and again',
};

const DIRECTIVE_STATES = ['issued', 'acknowledged', 'in_progress', 'implemented', 'not_implemented', 'closed'] as const;

/** The oversight page. */
export function OversightView() {
  const { me } = useSession();
  const member = me.roles.includes('commission_member');
  return (
    <div>
      <PageHead title="Oversight" sub="Excessive-monitoring flags, inspections, and the commission’s notices, demands and recommendations with their follow-up." />
      {member ? <RoleGrants /> : null}
      <Flags member={member} />
      <Inspections member={member} />
      <Directives member={member} />
    </div>
  );
}

function detailText(d: Readonly<Record<string, unknown>>): string {
  return Object.entries(d)
    .map(([k, v]) => `${words(k)}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

/** A pending grant of a role (`GET /commission/role-grants`). */
interface RoleGrant {
  readonly id: string;
  readonly userId: string;
  readonly userName: string | null;
  readonly role: string;
  readonly grantedBy: string;
  readonly grantedByName: string | null;
  readonly createdAt: number;
}

function RoleGrants() {
  const pages = usePages<RoleGrant>('/commission/role-grants', { state: 'pending' }, 50, 10_000);
  const action = useAction();
  const decide = (id: string, verb: 'confirm' | 'decline') =>
    action.run(async () => {
      await api(`/commission/role-grants/${encodeURIComponent(id)}/${verb}`, { method: 'POST' });
      pages.reload();
    });
  if (pages.items.length === 0 && action.error === undefined) return null;
  return (
    <section className="card" aria-labelledby="grants-title">
      <h2 id="grants-title">Role grants awaiting a member</h2>
      <p className="small">An admin granted these; they take effect only when a member other than the grantee confirms.</p>
      <ErrorBanner error={action.error} />
      <table data-testid="role-grants">
        <thead>
          <tr>
            <th scope="col">Who</th>
            <th scope="col">Role</th>
            <th scope="col">Granted by</th>
            <th scope="col">When</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {pages.items.map((g) => (
            <tr key={g.id}>
              <td>
                <Person id={g.userId} name={g.userName} />
              </td>
              <td>{words(g.role)}</td>
              <td>
                <Person id={g.grantedBy} name={g.grantedByName} />
              </td>
              <td className="nowrap">{dateTime(g.createdAt)}</td>
              <td>
                <span className="row">
                  <button type="button" onClick={() => void decide(g.id, 'confirm')}>
                    Confirm
                  </button>
                  <button type="button" onClick={() => void decide(g.id, 'decline')}>
                    Decline
                  </button>
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Flags({ member }: { member: boolean }) {
  const [state, setState] = useState('open');
  const pages = usePages<MonitoringFlag>('/commission/flags', { state }, 50, 5000);
  const [acting, setActing] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const action = useAction();
  const move = (id: string, to: string) =>
    action.run(async () => {
      await api(`/commission/flags/${encodeURIComponent(id)}/move`, { method: 'POST', body: { state: to, note } });
      setActing(null);
      setNote('');
      pages.reload();
    });
  return (
    <section className="card" aria-labelledby="flags-title">
      <div className="spread">
        <h2 id="flags-title">Excessive-monitoring flags</h2>
        <span className="row">
          <label htmlFor="flag-state">State</label>
          <select id="flag-state" style={{ width: 'auto' }} value={state} onChange={(e) => setState(e.target.value)}>
            {['open', 'acknowledged', 'closed', ''].map((s) => (
              <option key={s} value={s}>
                {s === '' ? 'All' : words(s)}
              </option>
            ))}
          </select>
        </span>
      </div>
      <ErrorBanner error={pages.error} />
      <ErrorBanner error={action.error} />
      {pages.items.length === 0 ? (
        pages.loading ? (
          <Loading what="flags" />
        ) : (
          <Empty>No {state === '' ? '' : `${words(state).toLowerCase()} `}flags.</Empty>
        )
      ) : (
        <table data-testid="flags">
          <thead>
            <tr>
              <th scope="col">Flag</th>
              <th scope="col">Who</th>
              <th scope="col">Case</th>
              <th scope="col">Details</th>
              <th scope="col">Raised</th>
              <th scope="col">State</th>
              {member ? <th scope="col">Action</th> : null}
            </tr>
          </thead>
          <tbody>
            {pages.items.map((f) => (
              <tr key={f.id}>
                <td>{FLAG_KINDS[f.kind] ?? words(f.kind)}</td>
                <td>
                  <Person id={f.userId} name={f.userName} />
                </td>
                <td>{f.caseId === null ? '–' : <Link href={`/cases/${encodeURIComponent(f.caseId)}`}>case</Link>}</td>
                <td className="small">{detailText(f.details)}</td>
                <td className="nowrap">{dateTime(f.raisedAt)}</td>
                <td>
                  <Badge state={f.state} tone={f.state === 'open' ? 'warn' : undefined} />
                </td>
                {member ? (
                  <td>
                    {acting === f.id ? (
                      <form
                        onSubmit={(e) => {
                          e.preventDefault();
                        }}
                        aria-label="Act on the flag"
                      >
                        <Field id={`flag-note-${f.id}`} label="Note (the finding, when closing)">
                          <textarea id={`flag-note-${f.id}`} value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} />
                        </Field>
                        <div className="row">
                          {f.state !== 'acknowledged' && f.state !== 'closed' ? (
                            <button type="button" disabled={note.trim() === ''} onClick={() => void move(f.id, 'acknowledged')}>
                              Acknowledge
                            </button>
                          ) : null}
                          {f.state !== 'closed' ? (
                            <button type="button" disabled={note.trim() === ''} onClick={() => void move(f.id, 'closed')}>
                              Close
                            </button>
                          ) : (
                            <button type="button" disabled={note.trim() === ''} onClick={() => void move(f.id, 'open')}>
                              Reopen
                            </button>
                          )}
                          <button type="button" onClick={() => setActing(null)}>
                            Cancel
                          </button>
                        </div>
                      </form>
                    ) : (
                      <button type="button" onClick={() => (setActing(f.id), setNote(''))}>
                        Act…
                      </button>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore pages={pages} />
    </section>
  );
}

function Inspections({ member }: { member: boolean }) {
  const pages = usePages<Inspection>('/commission/inspections', {}, 50, 10_000);
  const [title, setTitle] = useState('');
  const [scope, setScope] = useState('');
  const action = useAction();
  const open = (e: FormEvent) => {
    e.preventDefault();
    return action.run(async () => {
      await api('/commission/inspections', { method: 'POST', body: { title, scope } });
      setTitle('');
      setScope('');
      pages.reload();
    });
  };
  return (
    <section className="card" aria-labelledby="inspections-title">
      <h2 id="inspections-title">Inspections</h2>
      <ErrorBanner error={pages.error} />
      {pages.items.length === 0 ? (
        pages.loading ? (
          <Loading what="inspections" />
        ) : (
          <Empty>No inspections yet.</Empty>
        )
      ) : (
        <div data-testid="inspections">
          {pages.items.map((i) => (
            <InspectionRow key={i.id} inspection={i} member={member} done={pages.reload} />
          ))}
        </div>
      )}
      <LoadMore pages={pages} />
      {member ? (
        <form onSubmit={(e) => void open(e)} aria-label="Open an inspection" style={{ marginTop: 10 }}>
          <ErrorBanner error={action.error} />
          <Field id="insp-title" label="New inspection: title">
            <input id="insp-title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
          </Field>
          <Field id="insp-scope" label="Scope (what is inspected)">
            <textarea id="insp-scope" value={scope} onChange={(e) => setScope(e.target.value)} maxLength={2000} />
          </Field>
          <button type="submit" disabled={title.trim() === '' || scope.trim() === ''}>
            Open inspection
          </button>
        </form>
      ) : null}
    </section>
  );
}

function InspectionRow({ inspection: i, member, done }: { inspection: Inspection; member: boolean; done: () => void }) {
  const [findings, setFindings] = useState('');
  const [close, setClose] = useState(false);
  const action = useAction();
  const record = (e: FormEvent) => {
    e.preventDefault();
    return action.run(async () => {
      await api(`/commission/inspections/${encodeURIComponent(i.id)}/findings`, { method: 'POST', body: { findings, close } });
      setFindings('');
      done();
    });
  };
  return (
    <article style={{ borderBottom: '1px solid var(--border)', padding: '8px 0' }}>
      <div className="spread">
        <strong>{i.title}</strong>
        <Badge state={i.state} />
      </div>
      <div className="small muted">
        opened by <Person id={i.openedBy} name={i.openedByName} /> on {dateTime(i.openedAt)}
        {i.closedAt === null ? null : <> · closed {dateTime(i.closedAt)}</>}
      </div>
      <div style={{ whiteSpace: 'pre-wrap' }}>{i.scope}</div>
      {i.findings === null ? null : (
        <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>
          <span className="small muted">Findings: </span>
          {i.findings}
        </div>
      )}
      {member && i.state === 'open' ? (
        <form onSubmit={(e) => void record(e)} aria-label={`Findings of ${i.title}`} style={{ marginTop: 6 }}>
          <ErrorBanner error={action.error} />
          <Field id={`findings-${i.id}`} label="Findings">
            <textarea id={`findings-${i.id}`} value={findings} onChange={(e) => setFindings(e.target.value)} maxLength={20000} />
          </Field>
          <label className="row small">
            <input type="checkbox" checked={close} onChange={(e) => setClose(e.target.checked)} style={{ width: 'auto' }} /> conclude the inspection
          </label>
          <button type="submit" disabled={findings.trim() === ''}>
            Record findings
          </button>
        </form>
      ) : null}
    </article>
  );
}

function Directives({ member }: { member: boolean }) {
  const pages = usePages<Directive>('/commission/directives', {}, 50, 10_000);
  const [kind, setKind] = useState('recommendation');
  const [addressee, setAddressee] = useState('');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [due, setDue] = useState('');
  const action = useAction();
  const issue = (e: FormEvent) => {
    e.preventDefault();
    return action.run(async () => {
      const dueAt = due === '' ? null : new Date(due).getTime();
      await api('/commission/directives', { method: 'POST', body: { kind, addressee, subject, body, dueAt } });
      setAddressee('');
      setSubject('');
      setBody('');
      setDue('');
      pages.reload();
    });
  };
  return (
    <section className="card" aria-labelledby="directives-title">
      <h2 id="directives-title">Notices, demands and recommendations</h2>
      <ErrorBanner error={pages.error} />
      {pages.items.length === 0 ? (
        pages.loading ? (
          <Loading what="directives" />
        ) : (
          <Empty>None issued.</Empty>
        )
      ) : (
        <table data-testid="directives">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">Issued</th>
              <th scope="col">Due</th>
              <th scope="col">State</th>
              {member ? <th scope="col">Follow-up</th> : null}
            </tr>
          </thead>
          <tbody>
            {pages.items.map((d) => (
              <tr key={d.id}>
                <td>{words(d.kind)}</td>
                <td>{d.addressee}</td>
                <td>
                  <div>{d.subject}</div>
                  <div className="small muted" style={{ whiteSpace: 'pre-wrap' }}>
                    {d.body}
                  </div>
                </td>
                <td className="nowrap">
                  {dateTime(d.issuedAt)}
                  <div className="small muted">
                    <Person id={d.issuedBy} name={d.issuedByName} />
                  </div>
                </td>
                <td className="nowrap">{d.dueAt === null ? '–' : dateTime(d.dueAt)}</td>
                <td>
                  <Badge state={d.state} tone={d.state === 'implemented' ? 'ok' : d.state === 'not_implemented' ? 'bad' : undefined} />
                </td>
                {member ? (
                  <td>
                    <FollowUp directive={d} done={pages.reload} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore pages={pages} />
      {member ? (
        <form onSubmit={(e) => void issue(e)} aria-label="Issue a directive" style={{ marginTop: 10 }}>
          <ErrorBanner error={action.error} />
          <div className="row">
            <Field id="dir-kind" label="Kind">
              <select id="dir-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
                <option value="notice">Notice</option>
                <option value="demand">Demand</option>
                <option value="recommendation">Recommendation</option>
              </select>
            </Field>
            <Field id="dir-to" label="Addressed to">
              <input id="dir-to" value={addressee} onChange={(e) => setAddressee(e.target.value)} maxLength={200} />
            </Field>
            <Field id="dir-due" label="Due (optional)">
              <input id="dir-due" type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} />
            </Field>
          </div>
          <Field id="dir-subject" label="Subject">
            <input id="dir-subject" value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={200} />
          </Field>
          <Field id="dir-body" label="Text">
            <textarea id="dir-body" value={body} onChange={(e) => setBody(e.target.value)} maxLength={20000} />
          </Field>
          <button type="submit" disabled={addressee.trim() === '' || subject.trim() === '' || body.trim() === ''}>
            Issue
          </button>
        </form>
      ) : null}
    </section>
  );
}

function FollowUp({ directive: d, done }: { directive: Directive; done: () => void }) {
  const [state, setState] = useState(d.state);
  const [note, setNote] = useState('');
  const action = useAction();
  if (d.state === 'closed') return <>–</>;
  const save = (e: FormEvent) => {
    e.preventDefault();
    return action.run(async () => {
      await api(`/commission/directives/${encodeURIComponent(d.id)}/follow-up`, { method: 'POST', body: { state, note } });
      setNote('');
      done();
    });
  };
  return (
    <form onSubmit={(e) => void save(e)} aria-label={`Follow-up of ${d.subject}`}>
      <ErrorBanner error={action.error} />
      <select aria-label="New state" value={state} onChange={(e) => setState(e.target.value)} style={{ width: 'auto' }}>
        {DIRECTIVE_STATES.map((s) => (
          <option key={s} value={s}>
            {words(s)}
          </option>
        ))}
      </select>
      <input aria-label="Follow-up note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} placeholder="note" />
      <button type="submit" disabled={note.trim() === ''}>
        Record
      </button>
    </form>
  );
}
