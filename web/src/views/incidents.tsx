/**
 * Incident reports. "All incidents" lists those in the caller's scope — an operator's own, a
 * regulator's sector's, every one for the office's analysts — with each one's next deadline and
 * how far past it, filtered by state; operators open incidents there. "Regulator's desk" (regulators
 * and analysts) lists what is overdue, what awaits acknowledgement and the open correction orders.
 */
import { useState } from 'react';
import { useSession } from '../api/session.js';
import { useApi } from '../api/use-api.js';
import { usePages } from '../api/use-pages.js';
import { INCIDENT_STATES, type IncidentState, type IncidentSummary, type Organization, type Page } from '../api/types.js';
import { IncidentStateBadge, NextDeadline, NonCompliantBadge } from '../components/incident-bits.js';
import { LoadMore } from '../components/more.js';
import { TabBar } from '../components/tab-bar.js';
import { Empty, ErrorBanner, Link, Loading, PageHead } from '../components/ui.js';
import { int } from '../lib/format.js';
import { INCIDENT_CATEGORY_LABELS, INCIDENT_STATE_LABELS, REGIME_LABELS } from '../lib/labels.js';
import { DESK_READERS, hasAny, INCIDENT_REPORTERS } from '../lib/views.js';
import { OpenIncident } from './incident-forms.js';
import { RegulatorDesk } from './regulator-desk.js';

type Tab = 'all' | 'desk';
const TABS: readonly { key: Tab; title: string }[] = [
  { key: 'all', title: 'All incidents' },
  { key: 'desk', title: 'Regulator’s desk' },
];

interface ListProps {
  readonly orgs: readonly Organization[] | undefined;
  /** Shows the organisation column (regulators and analysts). */
  readonly orgColumn: boolean;
  readonly orgName: (id: string) => string;
}

/** The list with its filters, and the reporter's form. */
function AllIncidents({ orgs, orgColumn, orgName, canOpen }: ListProps & { canOpen: boolean }) {
  const [state, setState] = useState<IncidentState | ''>('');
  const [organizationId, setOrganizationId] = useState('');
  const pages = usePages<IncidentSummary>('/incidents', { state: state === '' ? undefined : state, organizationId: organizationId === '' ? undefined : organizationId });
  return (
    <>
      <form className="row" style={{ marginBottom: 10 }} aria-label="Filter incidents" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="i-state">State</label>
        <select id="i-state" style={{ width: 'auto' }} value={state} onChange={(e) => setState(e.target.value as IncidentState | '')}>
          <option value="">All</option>
          {INCIDENT_STATES.map((s) => (
            <option key={s} value={s}>
              {INCIDENT_STATE_LABELS[s]}
            </option>
          ))}
        </select>
        {orgs === undefined || orgs.length <= 1 ? null : (
          <>
            <label htmlFor="i-org">Organisation</label>
            <select id="i-org" style={{ width: 'auto' }} value={organizationId} onChange={(e) => setOrganizationId(e.target.value)}>
              <option value="">All</option>
              {orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </>
        )}
        <span className="muted" role="status" data-testid="incident-count">
          {int(pages.items.length)}
          {pages.more ? '+' : ''} {pages.items.length === 1 && !pages.more ? 'incident' : 'incidents'}
        </span>
      </form>
      <ErrorBanner error={pages.error} />
      {pages.items.length === 0 ? (
        pages.loading ? (
          <Loading what="incidents" />
        ) : (
          <Empty>No incidents{state === '' ? '' : ' match the filter'}.</Empty>
        )
      ) : (
        <div className="table-wrap">
          <table aria-label="Incidents" data-testid="incident-table">
            <thead>
              <tr>
                <th scope="col">Incident</th>
                {orgColumn ? <th scope="col">Organisation</th> : null}
                <th scope="col">Regime</th>
                <th scope="col">Category</th>
                <th scope="col">State</th>
                <th scope="col">Next deadline</th>
                <th scope="col">Compliance</th>
              </tr>
            </thead>
            <tbody>
              {pages.items.map((i) => (
                <tr key={i.id} data-testid={`incident-${i.id}`}>
                  <td>
                    <Link href={`/incidents/${encodeURIComponent(i.id)}`}>{i.title}</Link>
                  </td>
                  {orgColumn ? <td>{orgName(i.organizationId)}</td> : null}
                  <td className="small nowrap">{REGIME_LABELS[i.regime] ?? i.regime}</td>
                  <td className="small">{INCIDENT_CATEGORY_LABELS[i.category] ?? i.category}</td>
                  <td>
                    <IncidentStateBadge state={i.state} />
                  </td>
                  <td>
                    <NextDeadline regime={i.regime} nextDue={i.nextDue} overdueBySeconds={i.overdueBySeconds} />
                  </td>
                  <td>
                    <NonCompliantBadge nonCompliant={i.nonCompliant} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore pages={pages} />
      {canOpen ? (
        <div style={{ marginTop: 16, maxWidth: 760 }}>
          <OpenIncident done={pages.reload} />
        </div>
      ) : null}
    </>
  );
}

/** The incidents page. */
export function IncidentList({ query }: { query: URLSearchParams }) {
  const { me } = useSession();
  const desk = hasAny(me.roles, DESK_READERS);
  const tab: Tab = desk && query.get('tab') === 'desk' ? 'desk' : 'all';
  const orgColumn = hasAny(me.roles, ['nco_analyst', 'sector_regulator']);
  const orgs = useApi<Page<Organization>>(orgColumn ? '/organizations' : undefined, { limit: 1000 });
  const orgName = (id: string) => orgs.data?.items.find((o) => o.id === id)?.name ?? id;
  const sub = hasAny(me.roles, ['nco_analyst'])
    ? 'Every operator’s incident reports and their deadlines.'
    : hasAny(me.roles, INCIDENT_REPORTERS)
      ? `${me.organizationName ?? 'Your organisation'}’s incidents: open them and file each report by its deadline.`
      : `Incident reports of the ${me.sector ?? 'sector'} sector’s operators: acknowledge them, ask for more, order corrections.`;
  const list = { orgs: orgs.data?.items, orgColumn, orgName };
  return (
    <div>
      <PageHead title="Incidents" sub={sub} />
      <ErrorBanner error={orgs.error} />
      {desk ? <TabBar tabs={TABS} current={tab} path="/incidents" label="Incident views" /> : null}
      <div role={desk ? 'tabpanel' : undefined} id={`panel-${tab}`} aria-labelledby={desk ? `tab-${tab}` : undefined}>
        {tab === 'all' ? <AllIncidents {...list} canOpen={hasAny(me.roles, INCIDENT_REPORTERS)} /> : <RegulatorDesk orgColumn={orgColumn} orgName={orgName} />}
      </div>
    </div>
  );
}
