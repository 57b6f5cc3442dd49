/**
 * Assets: the operators' "specified important computers" with where each one's notification stands
 * under the ACD Act, in two tabs. "All assets" lists the register (filters by status, role and
 * organisation) and, for operators and analysts, the forms to register and import; "Notifications"
 * is the regulator's desk — deadlines overdue and due soon first. Operators see their own
 * organisation, a regulator its sector (read only), the office's analysts every operator.
 */
import { useState } from 'react';
import { loadAssetPage, loadNotificationPage, type AssetFilter, type AssetRow, type NotificationRow } from '../api/asset-pages.js';
import { useSession } from '../api/session.js';
import { useApi } from '../api/use-api.js';
import { usePageLoader } from '../api/use-pages.js';
import { ASSET_ROLES, ASSET_STATUSES, NOTIFICATION_STATES, type AssetRole, type AssetStatus, type NotificationState, type Organization, type Page } from '../api/types.js';
import { assetName, AssetStatusBadge, DeadlineSummary, ProductIds } from '../components/asset-bits.js';
import { LoadMore } from '../components/more.js';
import { TabBar } from '../components/tab-bar.js';
import { Empty, ErrorBanner, Link, Loading, PageHead } from '../components/ui.js';
import { int } from '../lib/format.js';
import { japanDateTime } from '../lib/japan-time.js';
import { ASSET_ROLE_LABELS, ASSET_STATUS_LABELS, NOTIFICATION_STATE_LABELS } from '../lib/labels.js';
import { ASSET_WRITERS, hasAny } from '../lib/views.js';
import { ImportAssets, RegisterAsset } from './asset-forms.js';

type Tab = 'all' | 'notifications';
const TABS: readonly { key: Tab; title: string }[] = [
  { key: 'all', title: 'All assets' },
  { key: 'notifications', title: 'Notifications' },
];

/** A select of the organisations in scope, shown when there is more than one. */
function OrgFilter({ id, orgs, value, onChange }: { id: string; orgs: readonly Organization[] | undefined; value: string; onChange: (v: string) => void }) {
  if (orgs === undefined || orgs.length <= 1) return null;
  return (
    <>
      <label htmlFor={id}>Organisation</label>
      <select id={id} style={{ width: 'auto' }} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All</option>
        {orgs.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </>
  );
}

interface ListProps {
  readonly orgs: readonly Organization[] | undefined;
  /** Shows the organisation column (regulators and analysts). */
  readonly orgColumn: boolean;
  readonly orgName: (id: string) => string;
}

/** The register: filters, the table, and the writers' forms. */
function AllAssets({ orgs, orgColumn, orgName, canWrite }: ListProps & { canWrite: boolean }) {
  const [filter, setFilter] = useState<AssetFilter>({ organizationId: '', status: '', role: '' });
  const pages = usePageLoader<AssetRow>(`assets?${JSON.stringify(filter)}`, (cursor, limit) => loadAssetPage(filter, cursor, limit));
  return (
    <>
      <form className="row" style={{ marginBottom: 10 }} aria-label="Filter assets" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="f-status">Status</label>
        <select id="f-status" style={{ width: 'auto' }} value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value as AssetStatus | '' })}>
          <option value="">All</option>
          {ASSET_STATUSES.map((s) => (
            <option key={s} value={s}>
              {ASSET_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        <label htmlFor="f-role">Role</label>
        <select id="f-role" style={{ width: 'auto' }} value={filter.role} onChange={(e) => setFilter({ ...filter, role: e.target.value as AssetRole | '' })}>
          <option value="">All</option>
          {ASSET_ROLES.map((r) => (
            <option key={r} value={r}>
              {ASSET_ROLE_LABELS[r]}
            </option>
          ))}
        </select>
        <OrgFilter id="f-org" orgs={orgs} value={filter.organizationId} onChange={(organizationId) => setFilter({ ...filter, organizationId })} />
        <span className="muted" role="status" data-testid="asset-count">
          {int(pages.items.length)}
          {pages.more ? '+' : ''} {pages.items.length === 1 && !pages.more ? 'asset' : 'assets'}
        </span>
      </form>
      <ErrorBanner error={pages.error} />
      {pages.items.length === 0 ? (
        pages.loading ? (
          <Loading what="assets" />
        ) : (
          <Empty>No assets{filter.status === '' && filter.role === '' ? ' registered yet' : ' match the filter'}.</Empty>
        )
      ) : (
        <div className="table-wrap">
          <table aria-label="Assets" data-testid="asset-table">
            <thead>
              <tr>
                <th scope="col">Asset</th>
                {orgColumn ? <th scope="col">Organisation</th> : null}
                <th scope="col">CPE / purl</th>
                <th scope="col">Role</th>
                <th scope="col">Site</th>
                <th scope="col">Introduced</th>
                <th scope="col">Status</th>
                <th scope="col">Notification</th>
              </tr>
            </thead>
            <tbody>
              {pages.items.map(({ asset: a, deadline }) => (
                <tr key={a.id} data-testid={`asset-${a.id}`}>
                  <td>
                    <Link href={`/assets/${encodeURIComponent(a.id)}`}>{assetName(a)}</Link>
                  </td>
                  {orgColumn ? <td>{orgName(a.organizationId)}</td> : null}
                  <td style={{ maxWidth: 260 }}>
                    <ProductIds asset={a} />
                  </td>
                  <td className="small">{ASSET_ROLE_LABELS[a.role] ?? a.role}</td>
                  <td className="small">{a.site ?? '–'}</td>
                  <td className="nowrap small">{a.introducedOn ?? '–'}</td>
                  <td>
                    <AssetStatusBadge status={a.status} />
                  </td>
                  <td>
                    <DeadlineSummary deadline={deadline} planned={a.status === 'planned'} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore pages={pages} />
      {canWrite ? (
        <div className="grid cols-2" style={{ marginTop: 16, alignItems: 'start' }}>
          <RegisterAsset orgs={orgColumn ? orgs : undefined} suggestedOrg={filter.organizationId} done={pages.reload} />
          <ImportAssets orgs={orgColumn ? orgs : undefined} suggestedOrg={filter.organizationId} done={pages.reload} />
        </div>
      ) : (
        <p className="muted small" style={{ marginTop: 12 }}>
          Read only: operators register, import and notify their own assets; the office’s analysts may do so for them.
        </p>
      )}
    </>
  );
}

/** Notification deadlines in one state (empty: any), each with its asset. */
function NotificationTable({ state, organizationId, orgColumn, orgName, title }: Omit<ListProps, 'orgs'> & { state: NotificationState | ''; organizationId: string; title: string }) {
  const filter = { organizationId, state };
  const pages = usePageLoader<NotificationRow>(`notifications?${JSON.stringify(filter)}`, (cursor, limit) => loadNotificationPage(filter, cursor, limit));
  const id = `notifications-${state === '' ? 'all' : state}`;
  return (
    <section aria-labelledby={`${id}-title`} style={{ marginBottom: 16 }}>
      <h2 id={`${id}-title`}>
        {title}{' '}
        <span className="muted small" role="status">
          {pages.loading && pages.items.length === 0 ? '' : `${int(pages.items.length)}${pages.more ? '+' : ''}`}
        </span>
      </h2>
      <ErrorBanner error={pages.error} />
      {pages.items.length === 0 ? (
        pages.loading ? (
          <Loading what="deadlines" />
        ) : (
          <Empty>None.</Empty>
        )
      ) : (
        <div className="table-wrap">
          <table aria-labelledby={`${id}-title`} data-testid={id}>
            <thead>
              <tr>
                <th scope="col">Asset</th>
                {orgColumn ? <th scope="col">Organisation</th> : null}
                <th scope="col">Introduced</th>
                <th scope="col">Deadline</th>
                <th scope="col">Notified</th>
              </tr>
            </thead>
            <tbody>
              {pages.items.map(({ notification: n, asset }) => (
                <tr key={n.assetId}>
                  <td>
                    <Link href={`/assets/${encodeURIComponent(n.assetId)}`}>{asset === undefined ? n.assetId : assetName(asset)}</Link>
                  </td>
                  {orgColumn ? <td>{orgName(n.organizationId)}</td> : null}
                  <td className="nowrap small">{n.introducedOn}</td>
                  <td>
                    <DeadlineSummary deadline={n.deadline} />
                  </td>
                  <td className="nowrap small">{japanDateTime(n.notifiedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore pages={pages} />
    </section>
  );
}

/** The deadlines: overdue and due soon by default, or those in one state. */
function Notifications({ orgs, orgColumn, orgName }: ListProps) {
  const [state, setState] = useState<NotificationState | 'attention' | 'all'>('attention');
  const [organizationId, setOrganizationId] = useState('');
  const common = { organizationId, orgColumn, orgName };
  return (
    <>
      <form className="row" style={{ marginBottom: 10 }} aria-label="Filter notifications" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="n-state">Show</label>
        <select id="n-state" style={{ width: 'auto' }} value={state} onChange={(e) => setState(e.target.value as typeof state)}>
          <option value="attention">Overdue and due soon</option>
          {NOTIFICATION_STATES.map((s) => (
            <option key={s} value={s}>
              {NOTIFICATION_STATE_LABELS[s]}
            </option>
          ))}
          <option value="all">All deadlines</option>
        </select>
        <OrgFilter id="n-org" orgs={orgs} value={organizationId} onChange={setOrganizationId} />
      </form>
      <p className="muted small">
        ACD Act: an operator notifies each specified important computer within 4 months of introducing it (6 months of designation for those in use by then). Due times are in Japan time.
      </p>
      {state === 'attention' ? (
        <>
          <NotificationTable {...common} state="overdue" title="Overdue" />
          <NotificationTable {...common} state="due-soon" title="Due soon" />
        </>
      ) : (
        <NotificationTable {...common} state={state === 'all' ? '' : state} title={state === 'all' ? 'All deadlines' : NOTIFICATION_STATE_LABELS[state]} />
      )}
    </>
  );
}

/** The assets page. */
export function AssetList({ query }: { query: URLSearchParams }) {
  const { me } = useSession();
  const tab: Tab = query.get('tab') === 'notifications' ? 'notifications' : 'all';
  // Operators see their own organisation only: no organisation column, no choice.
  const orgColumn = hasAny(me.roles, ['nco_analyst', 'sector_regulator']);
  const orgs = useApi<Page<Organization>>(orgColumn ? '/organizations' : undefined, { limit: 1000 });
  const orgName = (id: string) => orgs.data?.items.find((o) => o.id === id)?.name ?? id;
  const sub = hasAny(me.roles, ['nco_analyst'])
    ? 'Every operator’s specified important computers and their notification deadlines.'
    : hasAny(me.roles, ['operator_reporter'])
      ? `${me.organizationName ?? 'Your organisation'}’s specified important computers: register them and record their notification.`
      : `Specified important computers of the ${me.sector ?? 'sector'} sector’s operators and their notification deadlines (read only).`;
  const list = { orgs: orgs.data?.items, orgColumn, orgName };
  return (
    <div>
      <PageHead title="Assets" sub={sub} />
      <ErrorBanner error={orgs.error} />
      <TabBar tabs={TABS} current={tab} path="/assets" label="Asset views" />
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'all' ? <AllAssets {...list} canWrite={hasAny(me.roles, ASSET_WRITERS)} /> : <Notifications {...list} />}
      </div>
    </div>
  );
}
