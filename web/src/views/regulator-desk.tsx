/**
 * The regulator's desk, a tab of the incidents page for the sector's regulators and the office's
 * analysts: incidents with a report or a correction order overdue, earliest due first (one API
 * list); and, read from the open incidents themselves, the reports submitted and not yet
 * acknowledged and the correction orders not yet answered. The API has no list of those two: the
 * desk reads the first page of open incidents and each one's stages and requests.
 */
import { useEffect, useState } from 'react';
import { api } from '../api/http.js';
import { usePages } from '../api/use-pages.js';
import type { Incident, IncidentRequest, IncidentStage, IncidentSummary, Page } from '../api/types.js';
import { DueTime, NextDeadline, NonCompliantBadge, StageStateBadge } from '../components/incident-bits.js';
import { LoadMore } from '../components/more.js';
import { Badge, Empty, ErrorBanner, Link, Loading } from '../components/ui.js';
import { int } from '../lib/format.js';
import { REGIME_LABELS } from '../lib/labels.js';

/** How many open incidents the desk reads for acknowledgements and orders. */
const OPEN_READ = 100;

interface DeskProps {
  readonly orgColumn: boolean;
  readonly orgName: (id: string) => string;
}

const href = (id: string) => `/incidents/${encodeURIComponent(id)}`;

function Overdue({ orgColumn, orgName }: DeskProps) {
  const pages = usePages<IncidentSummary>('/incidents/overdue');
  return (
    <section aria-labelledby="desk-overdue-title" style={{ marginBottom: 16 }}>
      <h2 id="desk-overdue-title">
        Overdue{' '}
        <span className="muted small" role="status">
          {pages.loading && pages.items.length === 0 ? '' : `${int(pages.items.length)}${pages.more ? '+' : ''}`}
        </span>
      </h2>
      <ErrorBanner error={pages.error} />
      {pages.items.length === 0 ? (
        pages.loading ? (
          <Loading what="overdue incidents" />
        ) : (
          <Empty>Nothing overdue.</Empty>
        )
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="desk-overdue-title" data-testid="desk-overdue">
            <thead>
              <tr>
                <th scope="col">Incident</th>
                {orgColumn ? <th scope="col">Organisation</th> : null}
                <th scope="col">Regime</th>
                <th scope="col">Due (earliest first)</th>
                <th scope="col">Compliance</th>
              </tr>
            </thead>
            <tbody>
              {pages.items.map((i) => (
                <tr key={i.id}>
                  <td>
                    <Link href={href(i.id)}>{i.title}</Link>
                  </td>
                  {orgColumn ? <td>{orgName(i.organizationId)}</td> : null}
                  <td className="small nowrap">{REGIME_LABELS[i.regime] ?? i.regime}</td>
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
    </section>
  );
}

/** Open incidents read whole: the stages awaiting acknowledgement and the orders awaiting an answer. */
function useOpenIncidents(): { incidents: readonly Incident[] | undefined; more: boolean; error: unknown } {
  const [state, setState] = useState<{ incidents: readonly Incident[] | undefined; more: boolean; error: unknown }>({ incidents: undefined, more: false, error: undefined });
  useEffect(() => {
    const ac = new AbortController();
    (async () => {
      const page = await api<Page<IncidentSummary>>('/incidents', { query: { state: 'open', limit: OPEN_READ }, signal: ac.signal });
      const incidents = await Promise.all(page.items.map((s) => api<Incident>(href(s.id), { signal: ac.signal })));
      setState({ incidents, more: page.next !== null, error: undefined });
    })().catch((e: unknown) => {
      if ((e as Error).name !== 'AbortError') setState({ incidents: [], more: false, error: e });
    });
    return () => ac.abort();
  }, []);
  return state;
}

function Pending({ orgColumn, orgName }: DeskProps) {
  const { incidents, more, error } = useOpenIncidents();
  const acks: { incident: Incident; stage: IncidentStage }[] = [];
  const orders: { incident: Incident; order: IncidentRequest }[] = [];
  for (const incident of incidents ?? []) {
    for (const stage of incident.stages) if (stage.versions > 0 && !stage.acknowledged) acks.push({ incident, stage });
    for (const order of incident.requests) if (order.kind === 'correction-order' && order.status !== 'answered') orders.push({ incident, order });
  }
  orders.sort((a, b) => (a.order.dueAt ?? 0) - (b.order.dueAt ?? 0));
  const stageTitle = (i: Incident, stage: string) => i.stages.find((s) => s.stage === stage)?.title ?? stage;
  return (
    <>
      <ErrorBanner error={error} />
      {more ? <p className="muted small">Read from the {OPEN_READ} most recent open incidents.</p> : null}
      <section aria-labelledby="desk-acks-title" style={{ marginBottom: 16 }}>
        <h2 id="desk-acks-title">
          Awaiting acknowledgement <span className="muted small">{incidents === undefined ? '' : int(acks.length)}</span>
        </h2>
        {incidents === undefined ? (
          <Loading what="open incidents" />
        ) : acks.length === 0 ? (
          <Empty>No report awaits acknowledgement.</Empty>
        ) : (
          <div className="table-wrap">
            <table aria-labelledby="desk-acks-title" data-testid="desk-acknowledgements">
              <thead>
                <tr>
                  <th scope="col">Incident</th>
                  {orgColumn ? <th scope="col">Organisation</th> : null}
                  <th scope="col">Report</th>
                  <th scope="col">Versions</th>
                  <th scope="col">Submitted</th>
                </tr>
              </thead>
              <tbody>
                {acks.map(({ incident: i, stage: s }) => (
                  <tr key={`${i.id}/${s.stage}`}>
                    <td>
                      <Link href={href(i.id)}>{i.title}</Link>
                    </td>
                    {orgColumn ? <td>{orgName(i.organizationId)}</td> : null}
                    <td className="small">{s.title}</td>
                    <td className="num">{s.versions}</td>
                    <td className="small">
                      <StageStateBadge state={s.state} /> <DueTime regime={i.regime} local={null} at={s.submittedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="desk-orders-title">
        <h2 id="desk-orders-title">
          Correction orders not yet answered <span className="muted small">{incidents === undefined ? '' : int(orders.length)}</span>
        </h2>
        {incidents === undefined ? null : orders.length === 0 ? (
          <Empty>No correction order is open.</Empty>
        ) : (
          <div className="table-wrap">
            <table aria-labelledby="desk-orders-title" data-testid="desk-orders">
              <thead>
                <tr>
                  <th scope="col">Incident</th>
                  {orgColumn ? <th scope="col">Organisation</th> : null}
                  <th scope="col">Report</th>
                  <th scope="col">Order</th>
                  <th scope="col">Deadline</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {orders.map(({ incident: i, order: o }) => (
                  <tr key={o.id}>
                    <td>
                      <Link href={href(i.id)}>{i.title}</Link>
                    </td>
                    {orgColumn ? <td>{orgName(i.organizationId)}</td> : null}
                    <td className="small">{stageTitle(i, o.stage)}</td>
                    <td>{o.text}</td>
                    <td className="small">
                      <DueTime regime={i.regime} local={o.dueLocal} at={o.dueAt} />
                    </td>
                    <td>
                      <Badge tone={o.status === 'open' ? 'info' : 'bad'}>{o.status === 'non-compliant' ? 'Non-compliant' : o.status === 'overdue' ? 'Overdue' : 'Open'}</Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

/** The desk: overdue first, then what awaits the regulator and what awaits the operators. */
export function RegulatorDesk(props: DeskProps) {
  return (
    <>
      <p className="muted small">Due times in the regime’s zone (Japan time for the Japanese regimes) and in UTC; spans past a deadline in full.</p>
      <Overdue {...props} />
      <Pending {...props} />
    </>
  );
}
