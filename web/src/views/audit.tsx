/**
 * The audit log: the latest signed checkpoint, its verification in this browser (signature with
 * WebCrypto, RFC 9162 consistency and inclusion proofs with the shared Merkle code), the signed
 * checkpoints, and — for auditors and commission members — the entries themselves.
 */
import { useState } from 'react';
import { api } from '../api/http.js';
import { useSession } from '../api/session.js';
import { useApi } from '../api/use-api.js';
import type { AuditEntryAnswer, CheckpointAnswer, Page } from '../api/types.js';
import { verifyLog, type AuditSource, type TrustedCheckpoint, type VerificationResult } from '../audit/verify-checkpoint.js';
import { hasWebCrypto } from '../audit/webcrypto.js';
import { Badge, Empty, ErrorBanner, Field, Loading, PageHead } from '../components/ui.js';
import { VirtualTable, type Column } from '../components/virtual-table.js';
import { dateTime, int } from '../lib/format.js';

const PIN_KEY = 'sakimori.audit.pinned-key';
const TRUST_KEY = 'sakimori.audit.trusted';

function readTrusted(): TrustedCheckpoint | undefined {
  try {
    const t = JSON.parse(localStorage.getItem(TRUST_KEY) ?? 'null') as TrustedCheckpoint | null;
    return t ?? undefined;
  } catch {
    return undefined;
  }
}

function apiSource(canReadEntries: boolean): AuditSource {
  return {
    verifierKey: () => api('/audit/verifier-key'),
    latest: () => api('/audit/checkpoints/latest'),
    checkpoints: async () => (await api<Page<CheckpointAnswer>>('/audit/checkpoints', { query: { limit: 20 } })).items,
    consistency: (first, second) => api('/audit/proofs/consistency', { query: { first, second } }),
    inclusion: (seq, size) => api('/audit/proofs/inclusion', { query: { seq, size } }),
    ...(canReadEntries
      ? {
          entryLeaf: async (seq: number) => (await api<Page<AuditEntryAnswer>>('/audit/entries', { query: { from: seq, limit: 1 } })).items.find((e) => e.seq === seq)?.leaf,
        }
      : {}),
  };
}

function Verifier({ latest, canReadEntries, onDone }: { latest: CheckpointAnswer | undefined; canReadEntries: boolean; onDone: () => void }) {
  const [pinned, setPinned] = useState(() => localStorage.getItem(PIN_KEY) ?? '');
  const [seq, setSeq] = useState('');
  const [result, setResult] = useState<VerificationResult | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const [trusted, setTrusted] = useState(readTrusted);
  const [runs, setRuns] = useState(0);

  const run = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const r = await verifyLog(apiSource(canReadEntries), { pinnedKey: pinned, trusted, ...(seq === '' ? {} : { seq: Number(seq) }) });
      setResult(r);
      // Remember the newest checkpoint only when everything checked out, for the next consistency proof.
      if (r.ok && r.verified !== undefined) {
        localStorage.setItem(TRUST_KEY, JSON.stringify(r.verified));
        setTrusted(r.verified);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setRuns((n) => n + 1);
      // The log may have grown since the page loaded: show the checkpoint just verified.
      onDone();
    }
  };

  return (
    <section className="card" aria-labelledby="verify-title" data-testid="verifier">
      <h2 id="verify-title">Verify in this browser</h2>
      {!hasWebCrypto() ? <div className="banner warn">WebCrypto is not available here (it needs https or localhost); signatures cannot be checked.</div> : null}
      <p className="small muted">
        Checks the Ed25519 signature of the latest checkpoint with WebCrypto, then RFC 9162 proofs that the log only grew and that an entry is in it. Nothing here trusts the server's word.
      </p>
      <Field id="pin" label="Pinned verifier key (optional)" hint="Paste the key published out of band; the check fails if the server presents another.">
        <input
          id="pin"
          className="mono"
          value={pinned}
          onChange={(e) => {
            setPinned(e.target.value);
            localStorage.setItem(PIN_KEY, e.target.value);
          }}
          placeholder="name+1234abcd+AB…"
        />
      </Field>
      <div className="row">
        <label htmlFor="seq">Entry to prove</label>
        <input
          id="seq"
          style={{ width: 120 }}
          inputMode="numeric"
          value={seq}
          onChange={(e) => setSeq(e.target.value.replace(/\D/g, ''))}
          placeholder={latest === undefined ? '' : String(Math.max(0, latest.size - 1))}
        />
        <button type="button" className="primary" onClick={() => void run()} disabled={busy}>
          {busy ? 'Verifying…' : 'Verify checkpoint'}
        </button>
        {trusted === undefined ? null : <span className="small muted">Last verified here: size {int(trusted.size)}</span>}
      </div>
      <ErrorBanner error={error} />
      {result === undefined ? null : (
        <div aria-live="polite" style={{ marginTop: 10 }}>
          <div className={`banner ${result.ok ? 'ok' : 'bad'}`} role="status" data-testid="verify-result" data-run={runs}>
            {result.ok ? 'Verified: the checkpoint is signed, the log is append-only, and the entry is in it.' : 'Verification FAILED.'}
          </div>
          <ol style={{ margin: 0, paddingLeft: 20 }}>
            {result.steps.map((s) => (
              <li key={s.name} style={{ marginBottom: 4 }}>
                <Badge tone={s.ok ? 'ok' : 'bad'}>{s.ok ? 'pass' : 'fail'}</Badge> <strong>{s.name}</strong>
                <div className="small muted">{s.detail}</div>
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}

function Entries({ size }: { size: number }) {
  const from = Math.max(0, size - 200);
  const entries = useApi<Page<AuditEntryAnswer>>('/audit/entries', { from, limit: 200 });
  const columns: Column<AuditEntryAnswer>[] = [
    { key: 'seq', title: '#', width: '70px', align: 'right', render: (e) => e.seq },
    { key: 'time', title: 'Time', width: '160px', render: (e) => String(e.entry.time ?? '') },
    { key: 'action', title: 'Action', width: '170px', render: (e) => <span className="mono">{String(e.entry.action ?? '')}</span> },
    {
      key: 'actor',
      title: 'Actor',
      width: 'minmax(140px, 1fr)',
      render: (e) => {
        const a = e.entry.actor as { id?: string; role?: string; kind?: string } | undefined;
        return `${a?.id ?? a?.kind ?? ''}${a?.role === undefined ? '' : ` (${a.role})`}`;
      },
    },
    { key: 'outcome', title: 'Outcome', width: '90px', render: (e) => String(e.entry.outcome ?? '') },
    {
      key: 'subjects',
      title: 'Subjects',
      width: 'minmax(160px, 1.5fr)',
      render: (e) => ((e.entry.subjects as { type: string; id: string }[] | undefined) ?? []).map((s) => `${s.type} ${s.id}`).join(', '),
    },
  ];
  const rows = [...(entries.data?.items ?? [])].reverse();
  return (
    <section className="card" aria-labelledby="entries-title">
      <h2 id="entries-title">Latest entries</h2>
      <ErrorBanner error={entries.error} />
      {entries.data === undefined ? <Loading what="entries" /> : <VirtualTable rows={rows} columns={columns} rowKey={(e) => String(e.seq)} label="Audit log entries" height={360} />}
    </section>
  );
}

/** The audit page. */
export function AuditView() {
  const { me } = useSession();
  const latest = useApi<CheckpointAnswer>('/audit/checkpoints/latest');
  const list = useApi<Page<CheckpointAnswer>>('/audit/checkpoints', { limit: 20 });
  const canReadEntries = me.roles.includes('auditor') || me.roles.includes('commission_member');
  return (
    <div className="stack">
      <PageHead title="Audit log" sub="Tamper-evident log of every security-relevant action, with signed checkpoints anyone can verify." />
      <div className="grid cols-2">
        <section className="card" aria-labelledby="latest-title">
          <h2 id="latest-title">Latest checkpoint</h2>
          <ErrorBanner error={latest.error} />
          {latest.data === undefined ? (
            latest.error === undefined ? (
              <Loading />
            ) : null
          ) : (
            <>
              <p>
                <strong data-testid="checkpoint-size">{int(latest.data.size)}</strong> entries · signed {dateTime(latest.data.time)}
              </p>
              <pre className="doc" aria-label="Signed checkpoint note">
                {latest.data.note}
              </pre>
            </>
          )}
        </section>
        <Verifier
          latest={latest.data}
          canReadEntries={canReadEntries}
          onDone={() => {
            latest.reload();
            list.reload();
          }}
        />
      </div>
      <section className="card" aria-labelledby="cps-title">
        <h2 id="cps-title">Signed checkpoints</h2>
        <ErrorBanner error={list.error} />
        {(list.data?.items ?? []).length === 0 ? (
          <Empty>None yet.</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">Root (base64)</th>
                <th scope="col">Signed</th>
              </tr>
            </thead>
            <tbody>
              {(list.data?.items ?? []).map((c) => (
                <tr key={c.size}>
                  <td className="num">{int(c.size)}</td>
                  <td className="mono small">{c.root}</td>
                  <td className="nowrap">{dateTime(c.time)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {canReadEntries && latest.data !== undefined ? <Entries size={latest.data.size} /> : null}
    </div>
  );
}
