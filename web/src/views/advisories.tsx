/**
 * Advisories from the office to operators. The office's analysts list every advisory — drafts
 * (those the platform drafted for a KEV addition marked so), published and withdrawn — with who has
 * acknowledged and who is overdue, and draft new ones below the list. An operator's list is its
 * inbox: the published advisories sent to its organisation, with its own acknowledgement and
 * answers. A sector regulator's list holds the advisories sent to its sector's operators with each
 * one's acknowledgement; advisories with an overdue recipient are marked on their row.
 */
import { useState } from 'react';
import { loadAdvisoryPage, type AdvisoryFilter } from '../api/advisory-pages.js';
import { ADVISORY_STATUSES, type AdvisoryDetail, type AdvisoryStatus } from '../api/advisory-types.js';
import { useSession } from '../api/session.js';
import { usePageLoader } from '../api/use-pages.js';
import { AdvisoryStatusBadge, RecipientStateBadge, TlpBadge } from '../components/advisory-bits.js';
import { CveLink } from '../components/exposure-bits.js';
import { LoadMore } from '../components/more.js';
import { Badge, Empty, ErrorBanner, Link, Loading, PageHead } from '../components/ui.js';
import { int } from '../lib/format.js';
import { japanDateTime } from '../lib/japan-time.js';
import { ADVISORY_STATUS_LABELS } from '../lib/labels.js';
import { hasAny } from '../lib/views.js';
import { DraftAdvisory } from './advisory-forms.js';

/** How many recipients a row names before it counts the rest. */
const NAMED = 4;

/** Who has acknowledged: each recipient in scope with its state, the overdue ones first. */
function Acknowledgements({ d }: { d: AdvisoryDetail }) {
  if (d.advisory.status === 'draft')
    return <span className="muted small">{d.assets.length === 0 ? 'concerns no asset now' : `would go to ${int(new Set(d.assets.map((a) => a.organizationId)).size)} organisation(s)`}</span>;
  const sorted = [...d.recipients].sort((a, b) => Number(b.state === 'overdue') - Number(a.state === 'overdue'));
  return (
    <ul className="small" style={{ margin: 0, padding: 0, listStyle: 'none' }}>
      {sorted.slice(0, NAMED).map((r) => (
        <li key={r.organizationId} className="nowrap">
          {r.organization} <RecipientStateBadge state={r.state} />
        </li>
      ))}
      {sorted.length > NAMED ? <li className="muted">and {sorted.length - NAMED} more</li> : null}
    </ul>
  );
}

function AdvisoryRow({ d }: { d: AdvisoryDetail }) {
  const a = d.advisory;
  const overdue = d.recipients.filter((r) => r.state === 'overdue').length;
  const answered = d.assets.filter((x) => x.answer !== null).length;
  return (
    <tr className={overdue > 0 ? 'attention' : undefined} data-testid={`advisory-${a.id}`}>
      <td>
        <Link href={`/advisories/${encodeURIComponent(a.id)}`}>{a.title}</Link>
        {a.origin === 'kev' ? <div className="muted small">drafted for a KEV addition</div> : null}
      </td>
      <td>
        {a.cves.slice(0, 3).map((c) => (
          <div key={c}>
            <CveLink cve={c} />
          </div>
        ))}
        {a.cves.length > 3 ? <div className="muted small">and {a.cves.length - 3} more</div> : null}
      </td>
      <td>
        <TlpBadge tlp={a.tlp} />
      </td>
      <td>
        <AdvisoryStatusBadge status={a.status} /> {overdue > 0 ? <Badge tone="bad">Overdue</Badge> : null}
      </td>
      <td className="nowrap small">
        {a.publishedAt === null ? (
          <span className="muted">not published</span>
        ) : (
          <>
            {japanDateTime(a.publishedAt)}
            <div>acknowledge by {japanDateTime(a.dueAt)}</div>
          </>
        )}
      </td>
      <td>
        <Acknowledgements d={d} />
      </td>
      <td className="num small">{a.status === 'draft' ? '–' : `${answered} of ${d.assets.length}`}</td>
    </tr>
  );
}

/** The advisories page. */
export function AdvisoryList() {
  const { me } = useSession();
  const analyst = hasAny(me.roles, ['nco_analyst']);
  const operator = !analyst && hasAny(me.roles, ['operator_reporter']);
  const [filter, setFilter] = useState<AdvisoryFilter>({ status: '', overdue: false });
  const pages = usePageLoader<AdvisoryDetail>(`advisories?${JSON.stringify(filter)}`, (cursor, limit) => loadAdvisoryPage(filter, cursor, limit), 25);
  const statuses = analyst ? ADVISORY_STATUSES : ADVISORY_STATUSES.filter((s) => s !== 'draft');
  const sub = analyst
    ? 'Advisories of the office: drafts to review (the platform drafts one for each KEV addition that concerns a registered asset), publication, and who has acknowledged.'
    : operator
      ? `${me.organizationName ?? 'Your organisation'}’s inbox: advisories about your exposed assets. Acknowledge each, and answer for every asset.`
      : `Advisories sent to the ${me.sector ?? 'sector'} sector’s operators and each one’s acknowledgement (read only).`;
  return (
    <div>
      <PageHead title="Advisories" sub={sub}>
        <Link href="/exposure">Exposure</Link>
      </PageHead>
      <form className="row" style={{ marginBottom: 10 }} aria-label="Filter advisories" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="a-status">Status</label>
        <select id="a-status" style={{ width: 'auto' }} value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value as AdvisoryStatus | '' })}>
          <option value="">All</option>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {ADVISORY_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        <label className="check" htmlFor="a-overdue">
          <input id="a-overdue" type="checkbox" checked={filter.overdue} onChange={(e) => setFilter({ ...filter, overdue: e.target.checked })} />
          Overdue acknowledgements only
        </label>
        <span className="muted" role="status" data-testid="advisory-count">
          {int(pages.items.length)}
          {pages.more ? '+' : ''} {pages.items.length === 1 && !pages.more ? 'advisory' : 'advisories'}
        </span>
      </form>
      <ErrorBanner error={pages.error} />
      {pages.items.length === 0 ? (
        pages.loading ? (
          <Loading what="advisories" />
        ) : (
          <Empty>{filter.status === '' && !filter.overdue ? (operator ? 'No advisory has been sent to your organisation.' : 'No advisories.') : 'No advisories match the filter.'}</Empty>
        )
      ) : (
        <div className="table-wrap">
          <table aria-label="Advisories" data-testid="advisory-table">
            <thead>
              <tr>
                <th scope="col">Advisory</th>
                <th scope="col">CVEs</th>
                <th scope="col">TLP</th>
                <th scope="col">Status</th>
                <th scope="col">Published (JST)</th>
                <th scope="col">{operator ? 'Your acknowledgement' : 'Acknowledgements'}</th>
                <th scope="col" className="num">
                  Assets answered
                </th>
              </tr>
            </thead>
            <tbody>
              {pages.items.map((d) => (
                <AdvisoryRow key={d.advisory.id} d={d} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore pages={pages} />
      {analyst ? (
        <div style={{ marginTop: 16, maxWidth: 760 }}>
          <DraftAdvisory />
        </div>
      ) : null}
    </div>
  );
}
