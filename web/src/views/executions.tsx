/**
 * Executions: what is in force now and what ended, with each execution's rules counted per peer
 * and state (a BGP neighbour, a rule file, the notice outbox).
 */
import { useState } from 'react';
import { usePages } from '../api/use-pages.js';
import type { Execution } from '../api/types.js';
import { LoadMore } from '../components/more.js';
import { Badge, Empty, ErrorBanner, Link, Loading, PageHead } from '../components/ui.js';
import { dateTime, relative, words } from '../lib/format.js';
import { MECHANISM_LABELS } from '../lib/labels.js';

/** The executions page. */
export function ExecutionList() {
  const [state, setState] = useState('');
  const pages = usePages<Execution>('/executions', { state }, 50, 3000);
  const now = Date.now();
  return (
    <div>
      <PageHead title="Executions" sub="Countermeasures in force and ended, with the state of their rules at each peer.">
        <label htmlFor="ex-state">State</label>
        <select id="ex-state" style={{ width: 'auto' }} value={state} onChange={(e) => setState(e.target.value)}>
          {['', 'pending', 'active', 'completed', 'expired', 'withdrawn', 'failed'].map((s) => (
            <option key={s} value={s}>
              {s === '' ? 'All' : words(s)}
            </option>
          ))}
        </select>
      </PageHead>
      <ErrorBanner error={pages.error} />
      {pages.items.length === 0 ? (
        pages.loading ? (
          <Loading what="executions" />
        ) : (
          <Empty>Nothing has been executed.</Empty>
        )
      ) : (
        <table data-testid="executions">
          <thead>
            <tr>
              <th scope="col">Mechanism</th>
              <th scope="col">State</th>
              <th scope="col">Per peer</th>
              <th scope="col">Started</th>
              <th scope="col">Expires / ended</th>
            </tr>
          </thead>
          <tbody>
            {pages.items.map((x) => (
              <tr key={x.id}>
                <td>
                  <Link href={`/requests/${encodeURIComponent(x.requestId)}`}>{MECHANISM_LABELS[x.mechanism] ?? x.mechanism}</Link>
                  {x.lastError === null ? null : (
                    <div className="small" style={{ color: 'var(--bad)' }}>
                      {x.lastError}
                    </div>
                  )}
                </td>
                <td>
                  <Badge state={x.state} countermeasure />
                </td>
                <td>
                  <div className="row">
                    {(x.targets ?? []).map((t) => (
                      <Badge key={`${t.peer}-${t.state}`} state={t.state} countermeasure>
                        {t.peer}: {t.n} {t.state}
                      </Badge>
                    ))}
                  </div>
                </td>
                <td className="nowrap small">{dateTime(x.startedAt)}</td>
                <td className="nowrap small">
                  {x.endedAt !== null ? `${dateTime(x.endedAt)} (${words(x.endReason ?? '')})` : x.expiresAt === null ? '–' : `${dateTime(x.expiresAt)} (${relative(x.expiresAt, now)})`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore pages={pages} />
    </div>
  );
}
