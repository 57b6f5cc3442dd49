/**
 * One countermeasure request: the exact action and the digest the commission votes on (with its
 * canonical document, re-hashed in the browser so a member can see the two agree), the votes and
 * the quorum, gates, the emergency review with its deadline, and the execution's state per peer.
 */
import { useEffect, useState } from 'react';
import { useSession } from '../api/session.js';
import { useApi } from '../api/use-api.js';
import type { RequestView } from '../api/types.js';
import { actionTargets, Targets } from '../components/execution-targets.js';
import { GateForm, RequesterActions, ReviewForm, VoteForm } from '../components/request-actions.js';
import { Badge, Empty, ErrorBanner, Link, Loading, PageHead, Person, Stat } from '../components/ui.js';
import { sha256Hex } from '../audit/webcrypto.js';
import { dateTime, duration, relative, words } from '../lib/format.js';
import { GATE_LABELS, MECHANISM_LABELS } from '../lib/labels.js';

const LIVE_STATES = ['pending_approval', 'approved', 'active'];

function DigestCheck({ digest, document }: { digest: string; document: string }) {
  const [ok, setOk] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    let live = true;
    sha256Hex(new TextEncoder().encode(document)).then(
      (h) => live && setOk(h === digest),
      () => live && setOk(undefined),
    );
    return () => {
      live = false;
    };
  }, [digest, document]);
  if (ok === undefined) return null;
  return ok ? <Badge tone="ok">SHA-256 of the document matches</Badge> : <Badge tone="bad">SHA-256 of the document does NOT match the digest</Badge>;
}

/** The request page. */
export function RequestDetailView({ id }: { id: string }) {
  const { me } = useSession();
  const [poll, setPoll] = useState(true);
  const res = useApi<RequestView>(`/requests/${encodeURIComponent(id)}`, undefined, poll ? 2000 : undefined);
  const v = res.data;
  useEffect(() => {
    if (v !== undefined) setPoll(LIVE_STATES.includes(v.request.state) || v.execution?.state === 'pending');
  }, [v]);
  if (v === undefined) {
    return (
      <div>
        <PageHead title="Countermeasure request" />
        {res.error === undefined ? <Loading what="the request" /> : <ErrorBanner error={res.error} />}
      </div>
    );
  }
  const r = v.request;
  const mine = r.requestedBy === me.id || r.requestedBy === me.username;
  const member = me.roles.includes('commission_member');
  const voted = v.votes.some((x) => x.current && (x.voter === me.id || x.voter === me.username));
  const now = Date.now();
  return (
    <div className="stack">
      <PageHead
        title={
          <>
            {MECHANISM_LABELS[r.mechanism] ?? r.mechanism} <Badge state={r.state} countermeasure /> {r.path === 'emergency' ? <Badge tone="bad">emergency</Badge> : null}
          </>
        }
        sub={
          <>
            <Link href={`/cases/${encodeURIComponent(r.caseId)}`}>Case</Link> · requested by <Person id={r.requestedBy} name={r.requestedByName} /> ({words(r.requesterRole)}) on{' '}
            {dateTime(r.createdAt)} · urgency <Badge state={r.urgency} />
          </>
        }
      />
      <ErrorBanner error={res.error} />
      <div className="grid cols-4">
        <Stat label="Approvals" value={<span data-testid="approvals">{`${v.approvals} of ${v.quorum}`}</span>} sub={v.rejections > 0 ? `${v.rejections} rejection(s)` : undefined} />
        <Stat label="Duration" value={r.durationSeconds === null ? 'one-shot' : duration(r.durationSeconds)} />
        <Stat label="Targets" value={r.targetCount ?? actionTargets(r.action) ?? '–'} sub={r.abroad ? 'located abroad' : undefined} />
        <Stat
          label="Execution"
          value={<span data-testid="execution-state">{v.execution === null ? 'not started' : words(v.execution.state)}</span>}
          sub={v.execution?.expiresAt == null ? undefined : `expires ${relative(v.execution.expiresAt, now)}`}
        />
      </div>
      {r.review === null ? null : (
        <div className={`banner ${r.review.state === 'pending' ? (r.review.dueAt < now ? 'bad' : 'warn') : 'info'}`} role="status">
          Emergency review: <strong>{words(r.review.state)}</strong> · due {dateTime(r.review.dueAt)} ({relative(r.review.dueAt, now)}){r.review.reason === null ? '' : ` · ${r.review.reason}`}
        </div>
      )}
      <section className="card" aria-labelledby="digest-title">
        <h2 id="digest-title">
          What is being approved <DigestCheck digest={r.digest} document={v.digestDocument} />
        </h2>
        <p className="small muted">Votes bind to this SHA-256 digest of the canonical document below; any change to the action, duration or case makes a new one.</p>
        <div className="digest" data-testid="digest">
          {r.digest}
        </div>
        <details style={{ marginTop: 8 }}>
          <summary>Canonical document (revision {r.revision})</summary>
          <pre className="doc">{v.digestDocument}</pre>
        </details>
      </section>
      {member && r.state === 'pending_approval' && !mine && !voted ? <VoteForm v={v} done={res.reload} /> : null}
      {member && r.path === 'emergency' && r.review?.state === 'pending' ? <ReviewForm v={v} done={res.reload} /> : null}
      {mine ? <RequesterActions v={v} done={res.reload} /> : null}
      <div className="grid cols-2">
        <section className="card" aria-labelledby="grounds-title">
          <h2 id="grounds-title">Grounds</h2>
          <p style={{ whiteSpace: 'pre-wrap' }}>{r.justification}</p>
          <p className="small">
            Harm — life: <Badge state={r.harm.life} /> body: <Badge state={r.harm.body} /> property: <Badge state={r.harm.property} />
            {r.harm.notes === null ? null : <span className="muted"> · {r.harm.notes}</span>}
          </p>
          <h3>Evidence</h3>
          {r.evidence.length === 0 ? (
            <Empty>None linked.</Empty>
          ) : (
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {r.evidence.map((e) => (
                <li key={`${e.kind}-${e.ref}`}>
                  {words(e.kind)}: {e.kind === 'attack' || e.kind === 'attacker_list' ? <Link href={`/attacks/${encodeURIComponent(e.ref)}`}>{e.ref}</Link> : <span className="mono">{e.ref}</span>}
                </li>
              ))}
            </ul>
          )}
          <h3 style={{ marginTop: 8 }}>Gates</h3>
          {r.gates.length === 0 ? <Empty>No further authorisation required.</Empty> : null}
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {r.gates.map((g) => (
              <li key={g.kind}>
                {GATE_LABELS[g.kind] ?? g.kind}: {g.reference === null ? <Badge tone="warn">open</Badge> : <span className="mono">{g.reference}</span>}
              </li>
            ))}
          </ul>
          {v.openGates.length > 0 && (mine || me.roles.includes('designated_officer') || me.roles.includes('defence_operator')) ? <GateForm v={v} done={res.reload} /> : null}
        </section>
        <section className="card" aria-labelledby="votes-title">
          <h2 id="votes-title">Votes</h2>
          {v.votes.length === 0 ? (
            <Empty>No votes yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="votes">
                <thead>
                  <tr>
                    <th scope="col">Member</th>
                    <th scope="col">Decision</th>
                    <th scope="col">On digest</th>
                    <th scope="col">When</th>
                  </tr>
                </thead>
                <tbody>
                  {v.votes.map((x) => (
                    <tr key={`${x.voter}-${x.createdAt}`} style={x.current ? undefined : { opacity: 0.55 }}>
                      <td>
                        <Person id={x.voter} name={x.voterName} />
                      </td>
                      <td>
                        <Badge state={x.decision} />
                        {x.reason === null ? null : <div className="small">{x.reason}</div>}
                      </td>
                      <td className="mono small" title={x.digest}>
                        {x.digest.slice(0, 10)}… {x.current ? '' : '(void: earlier revision)'}
                      </td>
                      <td className="small">{dateTime(x.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {r.rejectionReasons.length === 0 ? null : <p className="small">Rejected: {r.rejectionReasons.join('; ')}</p>}
        </section>
      </div>
      <section className="card" aria-labelledby="exec-title">
        <h2 id="exec-title">Execution per peer</h2>
        {v.execution === null ? (
          <Empty>Not executed yet{r.state === 'pending_approval' ? ': waiting for the commission' : ''}.</Empty>
        ) : (
          <>
            <p className="small">
              {words(v.execution.state)} since {dateTime(v.execution.startedAt)}
              {v.execution.expiresAt === null ? '' : ` · expires ${dateTime(v.execution.expiresAt)}`}
              {v.execution.lastError === null ? '' : ` · last error: ${v.execution.lastError}`}
            </p>
            <Targets id={r.id} poll={poll} />
          </>
        )}
      </section>
      <details className="card">
        <summary>Action (JSON)</summary>
        <pre className="doc">{JSON.stringify(r.action, null, 2)}</pre>
      </details>
    </div>
  );
}
