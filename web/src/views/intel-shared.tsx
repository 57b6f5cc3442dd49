/**
 * Shared: the delivery log — what intel left the platform, to whom, over which channel and under
 * which markings (the audit log's `data.share` entries), newest first. The office and auditors
 * read all of it.
 */
import { usePages } from '../api/use-pages.js';
import type { IntelShare } from '../api/types.js';
import { Markings } from '../components/markings.js';
import { LoadMore } from '../components/more.js';
import { Empty, ErrorBanner, Link, Loading, PageHead } from '../components/ui.js';

const CHANNELS: Readonly<Record<string, string>> = {
  taxii: 'TAXII',
  'api-view': 'console / API view',
  'misp-feed': 'MISP feed',
  'file-export': 'file export',
  'bundle-export': 'bundle export',
  webhook: 'webhook',
  notice: 'notice',
};

/** The delivery log page. */
export function SharedView() {
  const pages = usePages<IntelShare>('/intel/shares');
  return (
    <div>
      <PageHead title="Shared" sub="What intel was shared with whom, over which channel and under which markings, newest first (from the audit log)." />
      <ErrorBanner error={pages.error} />
      {pages.items.length === 0 ? (
        pages.loading ? (
          <Loading what="deliveries" />
        ) : (
          <Empty>Nothing has been shared yet.</Empty>
        )
      ) : (
        <table data-testid="intel-shares">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Recipient</th>
              <th scope="col">Channel</th>
              <th scope="col">Collection</th>
              <th scope="col" className="num">
                Objects
              </th>
              <th scope="col">Markings</th>
              <th scope="col" className="num">
                Audit entry
              </th>
            </tr>
          </thead>
          <tbody>
            {pages.items.map((s) => (
              <tr key={s.seq}>
                <td className="nowrap small">{s.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</td>
                <td>
                  {s.recipientName ?? s.recipient}
                  {s.recipientName === null ? null : <div className="small muted mono">{s.recipient}</div>}
                </td>
                <td>{CHANNELS[s.channel] ?? s.channel}</td>
                <td className="small">{s.collectionId === null ? '–' : <Link href={`/intel/collections/${encodeURIComponent(s.collectionId)}`}>{s.collectionId}</Link>}</td>
                <td className="num" title={s.objects.join('\n')}>
                  {s.objects.length}
                </td>
                <td>
                  <Markings names={s.markings} />
                </td>
                <td className="num mono small">{s.seq}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore pages={pages} />
    </div>
  );
}
