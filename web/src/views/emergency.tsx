/**
 * Emergency actions: executed at once during an active attack and reviewed by the commission
 * afterwards, each with its review deadline (overdue ones stand out).
 */
import { useState } from 'react';
import { useSession } from '../api/session.js';
import { usePages } from '../api/use-pages.js';
import type { RequestSummary } from '../api/types.js';
import { LoadMore } from '../components/more.js';
import { RequestTable } from '../components/request-table.js';
import { Badge, Empty, ErrorBanner, Link, Loading, PageHead } from '../components/ui.js';
import { dateTime, relative, words } from '../lib/format.js';

/** The emergency list page. */
export function EmergencyList() {
  const { me } = useSession();
  const [review, setReview] = useState('');
  const pages = usePages<RequestSummary>('/emergency', { review }, 50, 5000);
  const now = Date.now();
  const officer = me.roles.includes('designated_officer') || me.roles.includes('defence_operator');
  return (
    <div>
      <PageHead title="Emergency actions" sub="Taken at once during an active attack, time-boxed, and reviewed by the commission afterwards.">
        <label htmlFor="em-review">Review</label>
        <select id="em-review" style={{ width: 'auto' }} value={review} onChange={(e) => setReview(e.target.value)}>
          <option value="">All</option>
          <option value="pending">Pending</option>
          <option value="upheld">Upheld</option>
          <option value="withdrawal_ordered">Withdrawal ordered</option>
        </select>
        {officer ? (
          <Link className="button" href="/requests/new">
            New action
          </Link>
        ) : null}
      </PageHead>
      <ErrorBanner error={pages.error} />
      {pages.items.length === 0 ? (
        pages.loading ? (
          <Loading what="emergency actions" />
        ) : (
          <Empty>No emergency actions.</Empty>
        )
      ) : (
        <RequestTable
          rows={pages.items}
          testId="emergency"
          extra={[
            {
              title: 'Review',
              render: (r) =>
                r.review === null ? (
                  '–'
                ) : (
                  <span className="nowrap">
                    <Badge state={r.review.state}>{words(r.review.state)}</Badge>
                    <div className="small">
                      due {dateTime(r.review.dueAt)}
                      {r.review.state === 'pending' ? (
                        <>
                          {' '}
                          <Badge tone={r.review.dueAt < now ? 'bad' : 'warn'}>{r.review.dueAt < now ? 'overdue' : relative(r.review.dueAt, now)}</Badge>
                        </>
                      ) : null}
                    </div>
                  </span>
                ),
            },
          ]}
        />
      )}
      <LoadMore pages={pages} />
    </div>
  );
}
