/**
 * What people do on a request's page: a commission member votes on the exact digest or reviews an
 * emergency action; the requester cancels, withdraws or retries; an officer records a gate.
 */
import { useState } from 'react';
import { api } from '../api/http.js';
import type { RequestView } from '../api/types.js';
import { GATE_LABELS } from '../lib/labels.js';
import { ErrorBanner, Field } from './ui.js';

/** The vote of a commission member, bound to the current digest. */
export function VoteForm({ v, done }: { v: RequestView; done: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const vote = async (decision: 'approve' | 'reject'): Promise<void> => {
    try {
      await api(`/requests/${encodeURIComponent(v.request.id)}/votes`, { method: 'POST', body: { decision, digest: v.request.digest, ...(reason === '' ? {} : { reason }) } });
      setError(undefined);
      done();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="card" aria-labelledby="vote-title" data-testid="vote-form">
      <h2 id="vote-title">Your vote</h2>
      <p className="small">
        You vote on digest <code>{v.request.digest.slice(0, 16)}…</code> (revision {v.request.revision}). An amendment makes a new digest and voids earlier votes.
      </p>
      <ErrorBanner error={error} />
      <Field id="vote-reason" label="Reason" hint="Required to reject.">
        <textarea id="vote-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
      </Field>
      <div className="row">
        <button type="button" className="primary" onClick={() => void vote('approve')}>
          Approve this exact action
        </button>
        <button type="button" className="danger" disabled={reason.trim() === ''} onClick={() => void vote('reject')}>
          Reject
        </button>
      </div>
    </section>
  );
}

/** The commission's after-the-fact review of an emergency action. */
export function ReviewForm({ v, done }: { v: RequestView; done: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const review = async (outcome: 'upheld' | 'withdraw'): Promise<void> => {
    try {
      await api(`/emergency/${encodeURIComponent(v.request.id)}/review`, { method: 'POST', body: { outcome, ...(reason === '' ? {} : { reason }) } });
      done();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="card" aria-labelledby="review-title">
      <h2 id="review-title">Review this emergency action</h2>
      <ErrorBanner error={error} />
      <Field id="review-reason" label="Reason" hint="Required to order a withdrawal.">
        <textarea id="review-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <div className="row">
        <button type="button" className="primary" onClick={() => void review('upheld')}>
          Uphold
        </button>
        <button type="button" className="danger" disabled={reason.trim() === ''} onClick={() => void review('withdraw')}>
          Order withdrawal
        </button>
      </div>
    </section>
  );
}

/** Cancel, withdraw or retry, for the requester. */
export function RequesterActions({ v, done }: { v: RequestView; done: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const s = v.request.state;
  const act = async (what: 'cancel' | 'withdraw' | 'retry'): Promise<void> => {
    try {
      await api(`/requests/${encodeURIComponent(v.request.id)}/${what}`, { method: 'POST', body: what === 'retry' ? {} : { reason } });
      done();
    } catch (e) {
      setError(e);
    }
  };
  if (!['pending_approval', 'approved', 'active', 'failed'].includes(s)) return null;
  return (
    <section className="card" aria-labelledby="own-title">
      <h2 id="own-title">Your request</h2>
      <ErrorBanner error={error} />
      {s === 'failed' ? (
        <button type="button" onClick={() => void act('retry')}>
          Retry execution
        </button>
      ) : (
        <div className="row">
          <label htmlFor="own-reason">Reason</label>
          <input id="own-reason" style={{ width: 280 }} value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="button" disabled={reason.trim() === ''} onClick={() => void act(s === 'pending_approval' ? 'cancel' : 'withdraw')}>
            {s === 'pending_approval' ? 'Cancel request' : 'Withdraw'}
          </button>
        </div>
      )}
    </section>
  );
}

/** Records the reference of a gate (consultation, order, review). */
export function GateForm({ v, done }: { v: RequestView; done: () => void }) {
  const [gate, setGate] = useState(v.openGates[0] ?? '');
  const [reference, setReference] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const submit = async (): Promise<void> => {
    try {
      await api(`/requests/${encodeURIComponent(v.request.id)}/gates`, { method: 'POST', body: { gate, reference } });
      setReference('');
      done();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="row" style={{ marginTop: 6 }}>
      <ErrorBanner error={error} />
      <label htmlFor="gate-kind">Gate</label>
      <select id="gate-kind" style={{ width: 'auto' }} value={gate} onChange={(e) => setGate(e.target.value)}>
        {v.openGates.map((g) => (
          <option key={g} value={g}>
            {GATE_LABELS[g] ?? g}
          </option>
        ))}
      </select>
      <label htmlFor="gate-ref">Reference</label>
      <input id="gate-ref" style={{ width: 200 }} value={reference} onChange={(e) => setReference(e.target.value)} />
      <button type="button" disabled={reference.trim() === ''} onClick={() => void submit()}>
        Record
      </button>
    </div>
  );
}
