/**
 * Cases: the list (by state) and, for analysts and officers, a form to open a new one.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../api/http.js';
import { useSession } from '../api/session.js';
import { useAction } from '../api/use-action.js';
import { usePages } from '../api/use-pages.js';
import type { Case, CaseDetail } from '../api/types.js';
import { LoadMore } from '../components/more.js';
import { Badge, Empty, ErrorBanner, Field, Link, Loading, PageHead, Person } from '../components/ui.js';
import { dateTime } from '../lib/format.js';
import { navigate } from '../lib/router.js';
import { CASE_WRITERS, hasAny } from '../lib/views.js';

function NewCase() {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [serious, setSerious] = useState(false);
  const action = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    return action.run(async () => {
      const d = await api<CaseDetail>('/cases', { method: 'POST', body: { title, ...(description === '' ? {} : { description }), serious } });
      navigate(`/cases/${encodeURIComponent(d.case.id)}`);
    });
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="new-case">
      <h2 id="new-case">Open a case</h2>
      <ErrorBanner error={action.error} />
      <Field id="case-title" label="Title">
        <input id="case-title" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
      </Field>
      <Field id="case-desc" label="Description">
        <textarea id="case-desc" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={4000} />
      </Field>
      <label className="check" style={{ marginBottom: 10 }}>
        <input type="checkbox" checked={serious} onChange={(e) => setSerious(e.target.checked)} />
        Serious case (every request needs the national security council's review)
      </label>
      <button className="primary" type="submit" disabled={title.trim() === ''}>
        Open case
      </button>
    </form>
  );
}

/** The case list page. */
export function CaseList() {
  const { me } = useSession();
  const [state, setState] = useState('');
  const pages = usePages<Case>('/cases', { state });
  return (
    <div>
      <PageHead title="Cases" sub="Files gathering the evidence of one incident and the countermeasures requested for it." />
      <div className="grid" style={{ gridTemplateColumns: hasAny(me.roles, CASE_WRITERS) ? 'minmax(0, 2fr) minmax(260px, 1fr)' : '1fr' }}>
        <section className="card" aria-labelledby="case-list">
          <div className="spread">
            <h2 id="case-list">All cases</h2>
            <span className="row">
              <label htmlFor="case-state">State</label>
              <select id="case-state" style={{ width: 'auto' }} value={state} onChange={(e) => setState(e.target.value)}>
                <option value="">All</option>
                <option value="open">Open</option>
                <option value="contained">Contained</option>
                <option value="closed">Closed</option>
              </select>
            </span>
          </div>
          <ErrorBanner error={pages.error} />
          {pages.items.length === 0 ? (
            pages.loading ? (
              <Loading what="cases" />
            ) : (
              <Empty>No cases.</Empty>
            )
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">State</th>
                  <th scope="col">Opened</th>
                  <th scope="col">Assignee</th>
                </tr>
              </thead>
              <tbody>
                {pages.items.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link href={`/cases/${encodeURIComponent(c.id)}`}>{c.title}</Link> {c.serious ? <Badge tone="bad">serious</Badge> : null}
                    </td>
                    <td>
                      <Badge state={c.state} />
                    </td>
                    <td className="nowrap">{dateTime(c.createdAt)}</td>
                    <td>
                      <Person id={c.assignee} name={c.assigneeName} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <LoadMore pages={pages} />
        </section>
        {hasAny(me.roles, CASE_WRITERS) ? <NewCase /> : null}
      </div>
    </div>
  );
}
