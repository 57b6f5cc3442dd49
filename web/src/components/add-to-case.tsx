/**
 * "Add to case": links an attack to an open case as evidence, or opens a new case with it.
 */
import { useState } from 'react';
import { api } from '../api/http.js';
import { useApi } from '../api/use-api.js';
import type { Case, CaseDetail, Page } from '../api/types.js';
import { ErrorBanner, Link } from './ui.js';

/** The control. `onDone` runs after the evidence was added (the case lists reload). */
export function AddToCase({ kind, refId, defaultTitle, onDone }: { kind: string; refId: string; defaultTitle: string; onDone?: () => void }) {
  const cases = useApi<Page<Case>>('/cases', { limit: 200 });
  const [choice, setChoice] = useState('new');
  const [title, setTitle] = useState(defaultTitle);
  const [error, setError] = useState<unknown>(undefined);
  const [added, setAdded] = useState<{ id: string; title: string } | undefined>(undefined);
  const open = (cases.data?.items ?? []).filter((c) => c.state !== 'closed');

  const submit = async (): Promise<void> => {
    setError(undefined);
    try {
      if (choice === 'new') {
        const d = await api<CaseDetail>('/cases', { method: 'POST', body: { title, evidence: [{ kind, ref: refId }] } });
        setAdded({ id: d.case.id, title: d.case.title });
      } else {
        await api(`/cases/${encodeURIComponent(choice)}/evidence`, { method: 'POST', body: { kind, ref: refId } });
        setAdded({ id: choice, title: open.find((c) => c.id === choice)?.title ?? choice });
      }
      cases.reload();
      onDone?.();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div>
      <ErrorBanner error={error} />
      {added === undefined ? null : (
        <div className="banner ok" role="status">
          Added to case <Link href={`/cases/${encodeURIComponent(added.id)}`}>{added.title}</Link>.
        </div>
      )}
      <div className="row">
        <label htmlFor="atc-case">Case</label>
        <select id="atc-case" style={{ width: 'auto', maxWidth: 260 }} value={choice} onChange={(e) => setChoice(e.target.value)}>
          <option value="new">New case…</option>
          {open.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
        {choice === 'new' ? (
          <>
            <label htmlFor="atc-title" className="sr-only">
              Title of the new case
            </label>
            <input id="atc-title" style={{ width: 280 }} value={title} onChange={(e) => setTitle(e.target.value)} />
          </>
        ) : null}
        <button type="button" onClick={() => void submit()} disabled={choice === 'new' && title.trim() === ''}>
          {choice === 'new' ? 'Open case with this attack' : 'Add to case'}
        </button>
      </div>
    </div>
  );
}
