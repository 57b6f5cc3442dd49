/**
 * The commission's approval queue: requests waiting for prior approval, with the digest each vote
 * binds to, oldest first so nothing waits longest; below, emergency actions waiting for review.
 */
import { useSession } from '../api/session.js';
import { usePages } from '../api/use-pages.js';
import type { RequestSummary } from '../api/types.js';
import { LoadMore } from '../components/more.js';
import { RequestTable } from '../components/request-table.js';
import { Badge, Empty, ErrorBanner, Loading, PageHead } from '../components/ui.js';
import { dateTime, relative } from '../lib/format.js';

/** The queue page. */
export function ApprovalQueue() {
  const { me } = useSession();
  const pending = usePages<RequestSummary>('/requests', { state: 'pending_approval', path: 'prior' }, 100, 5000);
  const reviews = usePages<RequestSummary>('/emergency', { review: 'pending' }, 100, 5000);
  const queue = [...pending.items].sort((a, b) => a.createdAt - b.createdAt);
  const now = Date.now();
  const mine = (r: RequestSummary): boolean => r.requestedBy === me.id || r.requestedBy === me.username;
  return (
    <div className="stack">
      <PageHead title="Approval queue" sub="Each vote binds to the digest of the exact action; open a request to read the canonical document." />
      <section className="card" aria-labelledby="q-title">
        <h2 id="q-title">
          Waiting for prior approval <Badge tone={queue.length > 0 ? 'warn' : 'neutral'}>{queue.length}</Badge>
        </h2>
        <ErrorBanner error={pending.error} />
        {queue.length === 0 ? (
          pending.loading ? (
            <Loading what="the queue" />
          ) : (
            <Empty>Nothing is waiting for the commission.</Empty>
          )
        ) : (
          <RequestTable
            rows={queue}
            testId="approval-queue"
            extra={[
              { title: 'Digest voted on', render: (r) => <code title={r.digest}>{r.digest.slice(0, 16)}…</code> },
              { title: 'You', render: (r) => (mine(r) ? <Badge tone="info">your request: no vote</Badge> : null) },
            ]}
          />
        )}
        <LoadMore pages={pending} />
      </section>
      <section className="card" aria-labelledby="rv-title">
        <h2 id="rv-title">
          Emergency actions to review <Badge tone={reviews.items.length > 0 ? 'warn' : 'neutral'}>{reviews.items.length}</Badge>
        </h2>
        <ErrorBanner error={reviews.error} />
        {reviews.items.length === 0 ? (
          <Empty>No emergency action waits for review.</Empty>
        ) : (
          <RequestTable
            rows={reviews.items}
            extra={[
              {
                title: 'Review due',
                render: (r) =>
                  r.review === null ? (
                    '–'
                  ) : (
                    <span className="nowrap">
                      {dateTime(r.review.dueAt)} <Badge tone={r.review.dueAt < now ? 'bad' : 'warn'}>{r.review.dueAt < now ? 'overdue' : relative(r.review.dueAt, now)}</Badge>
                    </span>
                  ),
              },
            ]}
          />
        )}
      </section>
    </div>
  );
}
