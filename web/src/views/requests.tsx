/**
 * Countermeasure requests for analysts and officers: every request by state, and the way to a new one.
 */
import { useState } from 'react';
import { usePages } from '../api/use-pages.js';
import type { RequestSummary } from '../api/types.js';
import { LoadMore } from '../components/more.js';
import { RequestTable } from '../components/request-table.js';
import { Empty, ErrorBanner, Link, Loading, PageHead } from '../components/ui.js';
import { words } from '../lib/format.js';

const STATES = ['', 'pending_approval', 'approved', 'active', 'rejected', 'cancelled', 'completed', 'expired', 'withdrawn', 'failed'];

/** The request list page. */
export function RequestList() {
  const [state, setState] = useState('');
  const pages = usePages<RequestSummary>('/requests', { state }, 50, 5000);
  return (
    <div>
      <PageHead title="Countermeasures" sub="Requests for the commission's prior approval and emergency actions, newest first.">
        <label htmlFor="rq-state">State</label>
        <select id="rq-state" style={{ width: 'auto' }} value={state} onChange={(e) => setState(e.target.value)}>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {s === '' ? 'All' : words(s)}
            </option>
          ))}
        </select>
        <Link className="button primary" href="/requests/new">
          New request
        </Link>
      </PageHead>
      <ErrorBanner error={pages.error} />
      {pages.items.length === 0 ? pages.loading ? <Loading what="requests" /> : <Empty>No requests.</Empty> : <RequestTable rows={pages.items} testId="requests" />}
      <LoadMore pages={pages} />
    </div>
  );
}
