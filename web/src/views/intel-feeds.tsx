/**
 * Feeds: the TAXII collections the platform pulls, with when each was last pulled, how it went and
 * what it stored.
 */
import { useApi } from '../api/use-api.js';
import type { IntelFeeds } from '../api/types.js';
import { Badge, Empty, ErrorBanner, Loading, PageHead } from '../components/ui.js';
import { bytes, dateTime, duration, int } from '../lib/format.js';

/** The feeds page. */
export function FeedList() {
  const res = useApi<IntelFeeds>('/intel/feeds', undefined, 15_000);
  const feeds = res.data?.feeds ?? [];
  return (
    <div>
      <PageHead title="Feeds" sub="External TAXII 2.1 collections pulled into the object store, with their last pull." />
      <ErrorBanner error={res.error} />
      {res.data === undefined ? (
        res.error === undefined ? (
          <Loading what="feeds" />
        ) : null
      ) : feeds.length === 0 ? (
        <Empty>No feed is configured (intel.feeds).</Empty>
      ) : (
        <table data-testid="intel-feeds">
          <thead>
            <tr>
              <th scope="col">Feed</th>
              <th scope="col">Server</th>
              <th scope="col">Every</th>
              <th scope="col">Last pull</th>
              <th scope="col">Outcome</th>
              <th scope="col" className="num">
                Last pull stored
              </th>
              <th scope="col" className="num">
                Stored in all
              </th>
            </tr>
          </thead>
          <tbody>
            {feeds.map((f) => (
              <tr key={f.name} data-testid={`feed-${f.name}`}>
                <td>
                  {f.name} {f.configured ? f.enabled ? null : <Badge tone="neutral">disabled</Badge> : <Badge tone="neutral">no longer configured</Badge>}
                </td>
                <td className="mono small">{f.host ?? '–'}</td>
                <td className="small">{f.intervalSeconds === null ? '–' : duration(f.intervalSeconds)}</td>
                <td className="nowrap small">
                  {f.lastPullAt === null ? 'never' : dateTime(f.lastPullAt)}
                  {f.lastSuccessAt === null || f.lastSuccessAt === f.lastPullAt ? null : <div className="muted">last success {dateTime(f.lastSuccessAt)}</div>}
                </td>
                <td>
                  {f.lastOutcome === null ? (
                    '–'
                  ) : (
                    <Badge tone={f.lastOutcome === 'ok' ? 'ok' : f.lastOutcome === 'running' ? 'info' : 'bad'}>
                      {f.lastOutcome === 'ok' || f.lastOutcome === 'running' ? f.lastOutcome : 'failed'}
                    </Badge>
                  )}
                  {f.lastOutcome !== null && f.lastOutcome !== 'ok' && f.lastOutcome !== 'running' ? (
                    <div className="small mono" title={f.lastError ?? undefined}>
                      {f.lastOutcome}
                    </div>
                  ) : null}
                  {f.lastError === null ? null : <div className="small muted">{f.lastError}</div>}
                </td>
                <td className="num">
                  {int(f.last.stored)}
                  <div className="small muted">
                    {int(f.last.duplicates)} again · {int(f.last.refused)} refused · {int(f.last.pages)} pages · {bytes(f.last.bytes)}
                  </div>
                </td>
                <td className="num">
                  {int(f.storedTotal)}
                  <div className="small muted">{int(f.duplicatesTotal)} again</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
