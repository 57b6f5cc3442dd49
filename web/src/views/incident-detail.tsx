/**
 * One incident: its facts, the timeline of its deadlines stage by stage (each with the provision
 * it rests on, its due time in the regime's zone and in UTC, where it stands and how late), the
 * reporter's editor of each stage's report, the regulator's acknowledgements, requests and orders,
 * the evidence it cites, and everything that happened to it in order.
 */
import type { ReactNode } from 'react';
import { ApiError } from '../api/http.js';
import { useSession } from '../api/session.js';
import { useApi } from '../api/use-api.js';
import type { Incident, IncidentEvent, IncidentReports, IncidentRequest, IncidentStage, IncidentTimeline, Organization, ReportVersion } from '../api/types.js';
import { DueTime, IncidentStateBadge, NextDeadline, NonCompliantBadge, stageLateness, StageStateBadge } from '../components/incident-bits.js';
import { Badge, Empty, ErrorBanner, Link, Loading, PageHead, Person } from '../components/ui.js';
import { itemKey, REGIME_FORMS } from '../lib/incident-regimes.js';
import { fullDuration, regimeLocal, utcDateTime } from '../lib/incident-time.js';
import { INCIDENT_CATEGORY_LABELS, LINK_KIND_LABELS, REGIME_LABELS } from '../lib/labels.js';
import { hasAny, INCIDENT_CITERS, INCIDENT_REGULATORS, INCIDENT_REPORTERS } from '../lib/views.js';
import { AcknowledgeButton, CiteForm, CloseIncident, RegulatorRequestForm, StageReportForm, UnciteButton } from './incident-forms.js';

const BASIS_NOTES: Readonly<Record<string, string>> = {
  statutory: 'statutory time limit',
  expectation: 'the product’s expectation for a report due “without delay” (not a time limit of the law)',
  'set-by-authority': 'set by the authority',
};

/** A time in the incident's zone and UTC. */
function When({ incident, local, at }: { incident: Incident; local: string | null; at: number | null }) {
  return <DueTime regime={incident.regime} local={local} at={at} />;
}

function Facts({ incident: i, orgName }: { incident: Incident; orgName: string }) {
  const anchorLabel = (name: string) => REGIME_FORMS[i.regime].anchors.find((a) => a.name === name)?.label ?? name;
  const conditions = Object.entries(i.conditions).filter(([, v]) => v);
  const rows: [string, ReactNode][] = [
    ['Organisation', orgName],
    ['Sector', i.sector],
    ['Regime', i.regimeName],
    ['Category', INCIDENT_CATEGORY_LABELS[i.category] ?? i.category],
    ['State', <IncidentStateBadge key="state" state={i.state} />],
    ...Object.entries(i.anchors).map(([name, a]): [string, ReactNode] => [anchorLabel(name), <When key={name} incident={i} local={a.local} at={a.at} />]),
    ['Conditions', conditions.length === 0 ? 'none' : conditions.map(([k]) => k).join(', ')],
    ['Times shown in', i.zone === 'Asia/Tokyo' ? 'Japan time (JST) and UTC' : `${i.zone} and UTC`],
    ['Next deadline', <NextDeadline key="next" regime={i.regime} nextDue={i.nextDue} overdueBySeconds={i.overdueBySeconds} />],
    ['Compliance', i.nonCompliant ? <NonCompliantBadge key="nc" nonCompliant /> : 'no correction order missed'],
    ['Opened', utcDateTime(i.createdAt)],
    ['Last changed', `${utcDateTime(i.updatedAt)} (revision ${i.revision})`],
    ...(i.closedAt === null ? [] : [['Closed', utcDateTime(i.closedAt)] as [string, ReactNode]]),
  ];
  return (
    <dl data-testid="incident-facts" style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 12px', margin: 0 }}>
      {rows.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt className="muted">{k}</dt>
          <dd style={{ margin: 0 }}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** What the latest version of a stage's report says. */
function VersionContent({ stage, version }: { stage: IncidentStage; version: ReportVersion }) {
  const items = version.content.items ?? {};
  return (
    <details style={{ marginTop: 8 }}>
      <summary>
        Version {version.version} submitted {utcDateTime(version.submittedAt)}
        {version.acknowledgedAt === null ? '' : `, acknowledged ${utcDateTime(version.acknowledgedAt)}`}
      </summary>
      {version.content.summary === undefined ? null : <p style={{ whiteSpace: 'pre-wrap' }}>{version.content.summary}</p>}
      {stage.items.length === 0 ? null : (
        <dl className="small" style={{ margin: 0 }}>
          {stage.items.map((label, n) => (
            <div key={label}>
              <dt className="muted">{label}</dt>
              <dd style={{ margin: '0 0 4px 0', whiteSpace: 'pre-wrap' }}>{items[itemKey(label, n)] ?? '–'}</dd>
            </div>
          ))}
        </dl>
      )}
    </details>
  );
}

/** One stage of the deadline timeline, with the reporter's editor or the regulator's acknowledgement. */
function StageCard({
  incident,
  stage: s,
  reports,
  reporter,
  regulator,
  done,
}: {
  incident: Incident;
  stage: IncidentStage;
  reports: IncidentReports | undefined;
  reporter: boolean;
  regulator: boolean;
  done: () => void;
}) {
  const late = stageLateness(s);
  const versions = (reports?.versions ?? []).filter((v) => v.stage === s.stage);
  const latest = versions.reduce<ReportVersion | undefined>((a, v) => (a === undefined || v.version > a.version ? v : a), undefined);
  const draft = reports?.drafts?.find((d) => d.stage === s.stage)?.content;
  const open = incident.state !== 'closed' && s.state !== 'not-applicable';
  return (
    <li className="card" data-testid={`stage-${s.stage}`} style={{ marginBottom: 10 }}>
      <div className="spread">
        <h3 id={`stage-${s.stage}-title`} style={{ margin: 0 }}>
          {s.title}
        </h3>
        <StageStateBadge state={s.state} />
      </div>
      <p className="small muted" style={{ margin: '4px 0' }}>
        <span lang="ja">{s.legalRef}</span>
      </p>
      <dl className="small" style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '2px 12px', margin: 0 }}>
        <dt className="muted">Due</dt>
        <dd style={{ margin: 0 }} data-testid={`stage-${s.stage}-due`}>
          {s.dueAt !== null ? (
            <When incident={incident} local={s.dueLocal} at={s.dueAt} />
          ) : s.state === 'pending' ? (
            <>clock not started{s.provisionalDueAt === null ? '' : ` (for planning: ${regimeLocal(incident.regime, null, s.provisionalDueAt)})`}</>
          ) : (
            '–'
          )}
          {s.basis === null ? null : <span className="muted"> — {BASIS_NOTES[s.basis] ?? s.basis}</span>}
        </dd>
        {late === null ? null : (
          <>
            <dt className="muted">Late</dt>
            <dd style={{ margin: 0 }}>
              <strong style={{ color: s.state === 'overdue' ? 'var(--bad)' : 'var(--warn)' }}>{late}</strong>
            </dd>
          </>
        )}
        <dt className="muted">Submitted</dt>
        <dd style={{ margin: 0 }}>{s.submittedAt === null ? 'not yet' : <When incident={incident} local={null} at={s.submittedAt} />}</dd>
        <dt className="muted">Versions</dt>
        <dd style={{ margin: 0 }} data-testid={`stage-${s.stage}-versions`}>
          {s.versions}
        </dd>
        <dt className="muted">Acknowledged</dt>
        <dd style={{ margin: 0 }} data-testid={`stage-${s.stage}-acknowledged`}>
          {s.versions === 0 ? '–' : s.acknowledged ? 'yes' : 'not yet'}
        </dd>
        {s.hasDraft === null ? null : (
          <>
            <dt className="muted">Draft</dt>
            <dd style={{ margin: 0 }}>{s.hasDraft ? 'saved' : 'none'}</dd>
          </>
        )}
      </dl>
      {latest === undefined ? null : <VersionContent stage={s} version={latest} />}
      {reporter && open ? (
        // Remounted when the reports arrive: the editor starts from the draft or the latest version, then keeps what is typed.
        <StageReportForm key={reports === undefined ? 'loading' : 'loaded'} incident={incident} stage={s} draft={draft} latest={latest} done={done} />
      ) : null}
      {regulator && open && s.versions > 0 && !s.acknowledged ? <AcknowledgeButton incident={incident} stage={s} done={done} /> : null}
    </li>
  );
}

const REQUEST_TONES: Readonly<Record<IncidentRequest['status'], 'ok' | 'warn' | 'bad' | 'info'>> = { open: 'info', overdue: 'warn', answered: 'ok', 'non-compliant': 'bad' };

function Requests({ incident, myId }: { incident: Incident; myId: string }) {
  const title = (stage: string) => incident.stages.find((s) => s.stage === stage)?.title ?? stage;
  return (
    <section className="card" aria-labelledby="requests-title">
      <h2 id="requests-title">Requests and correction orders</h2>
      {incident.requests.length === 0 ? (
        <Empty>None.</Empty>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="requests-title" data-testid="incident-requests">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Report</th>
                <th scope="col">Text</th>
                <th scope="col">Issued</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {incident.requests.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap">{r.kind === 'correction-order' ? 'Correction order' : 'Information request'}</td>
                  <td className="small">{title(r.stage)}</td>
                  <td style={{ whiteSpace: 'pre-wrap' }}>{r.text}</td>
                  <td className="small nowrap">
                    {utcDateTime(r.issuedAt)}
                    <span style={{ display: 'block' }}>by {r.issuedBy === myId ? 'you' : <Person id={r.issuedBy} />}</span>
                  </td>
                  <td className="small">
                    <When incident={incident} local={r.dueLocal} at={r.dueAt} />
                  </td>
                  <td>
                    <Badge tone={REQUEST_TONES[r.status]}>
                      {r.status === 'non-compliant' ? 'Non-compliant' : r.status === 'answered' ? `Answered (version ${r.fulfilledVersion ?? '?'})` : r.status === 'overdue' ? 'Overdue' : 'Open'}
                    </Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const linkHref = (kind: string, ref: string): string | undefined =>
  kind === 'attack' ? `/attacks/${encodeURIComponent(ref)}` : kind === 'case' ? `/cases/${encodeURIComponent(ref)}` : kind === 'intel' ? `/intel/objects/${encodeURIComponent(ref)}` : undefined;

function Links({ incident, canCite, done }: { incident: Incident; canCite: boolean; done: () => void }) {
  return (
    <section className="card" aria-labelledby="links-title">
      <h2 id="links-title">Evidence cited</h2>
      {incident.links.length === 0 ? (
        <Empty>Nothing cited.</Empty>
      ) : (
        <ul data-testid="incident-links" style={{ margin: 0, paddingLeft: 16 }}>
          {incident.links.map((l) => {
            const href = linkHref(l.kind, l.ref);
            return (
              <li key={`${l.kind}:${l.ref}`}>
                {LINK_KIND_LABELS[l.kind] ?? l.kind}: {href === undefined ? <span className="mono">{l.ref}</span> : <Link href={href}>{<span className="mono">{l.ref}</span>}</Link>}{' '}
                {canCite && incident.state !== 'closed' ? <UnciteButton incident={incident} link={l} done={done} /> : null}
              </li>
            );
          })}
        </ul>
      )}
      {canCite && incident.state !== 'closed' ? <CiteForm incident={incident} done={done} /> : null}
    </section>
  );
}

const EVENT_LABELS: Readonly<Record<string, string>> = {
  created: 'Opened',
  updated: 'Facts changed',
  linked: 'Evidence cited',
  unlinked: 'Citation removed',
  'draft-saved': 'Draft saved',
  submitted: 'Report submitted',
  amended: 'Report amended',
  acknowledged: 'Report acknowledged',
  'information-requested': 'Information requested',
  'correction-ordered': 'Correction ordered',
  'non-compliant': 'Correction order missed',
  closed: 'Closed',
};

/** The details of a timeline entry for people: the stage's title, spans in full, instants in UTC. */
function eventDetails(incident: Incident, e: IncidentEvent): string {
  return Object.entries(e.details)
    .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => {
      if (k === 'stage' && typeof v === 'string') return incident.stages.find((s) => s.stage === v)?.title ?? v;
      if (k === 'anchors' && typeof v === 'object' && !Array.isArray(v))
        return Object.entries(v as Record<string, unknown>)
          .map(([name, at]) => `${name}: ${typeof at === 'number' ? utcDateTime(at) : String(at)}`)
          .join(' · ');
      if (k === 'lateBySeconds' && typeof v === 'number') return v === 0 ? 'on time' : `late by ${fullDuration(v)}`;
      if (/(At|deadline)$/.test(k) && typeof v === 'number') return `${k}: ${utcDateTime(v)}`;
      return `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`;
    })
    .join(' · ');
}

function Timeline({ incident, events, error, myId }: { incident: Incident; events: readonly IncidentEvent[] | undefined; error: unknown; myId: string }) {
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">What happened</h2>
      <ErrorBanner error={error} />
      {events === undefined ? (
        error === undefined ? (
          <Loading what="the timeline" />
        ) : null
      ) : events.length === 0 ? (
        <Empty>Nothing yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="timeline-title" data-testid="incident-timeline">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td className="small nowrap">
                    <When incident={incident} local={null} at={e.at} />
                  </td>
                  <td className="small">{e.actor === myId ? 'you' : e.actor === 'system' ? 'the platform' : <Person id={e.actor} />}</td>
                  <td className="nowrap">{EVENT_LABELS[e.kind] ?? e.kind}</td>
                  <td className="small">{eventDetails(incident, e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The incident page. */
export function IncidentDetailView({ id }: { id: string }) {
  const { me } = useSession();
  const res = useApi<Incident>(`/incidents/${encodeURIComponent(id)}`);
  const reports = useApi<IncidentReports>(res.data === undefined ? undefined : `/incidents/${encodeURIComponent(id)}/reports`);
  const timeline = useApi<IncidentTimeline>(res.data === undefined ? undefined : `/incidents/${encodeURIComponent(id)}/timeline`);
  const i = res.data;
  const org = useApi<Organization>(i === undefined ? undefined : `/organizations/${encodeURIComponent(i.organizationId)}`);
  if (i === undefined) {
    // Another organisation's (or sector's) incident answers 404 like a missing one: existence does not leak.
    const missing = res.error instanceof ApiError && res.error.status === 404;
    return (
      <div>
        <PageHead title={missing ? 'Incident not found' : 'Incident'} />
        {res.error === undefined ? <Loading what="the incident" /> : <ErrorBanner error={res.error} />}
        {missing ? <p>No incident with this id is in your scope.</p> : null}
        <Link href="/incidents">All incidents</Link>
      </div>
    );
  }
  const done = () => {
    res.reload();
    reports.reload();
    timeline.reload();
  };
  const reporter = hasAny(me.roles, INCIDENT_REPORTERS) && me.organizationId === i.organizationId;
  const regulator = hasAny(me.roles, INCIDENT_REGULATORS);
  const orgName = org.data?.name ?? i.organizationId;
  return (
    <div className="stack">
      <PageHead
        title={i.title}
        sub={
          <>
            {orgName} · {REGIME_LABELS[i.regime] ?? i.regime} · <IncidentStateBadge state={i.state} /> <NonCompliantBadge nonCompliant={i.nonCompliant} />
          </>
        }
      >
        <Link href="/incidents">All incidents</Link>
      </PageHead>
      <div className="grid cols-2" style={{ alignItems: 'start' }}>
        <section className="card" aria-labelledby="facts-title">
          <h2 id="facts-title">Incident</h2>
          <Facts incident={i} orgName={orgName} />
        </section>
        <div className="stack">
          <Links incident={i} canCite={hasAny(me.roles, INCIDENT_CITERS)} done={done} />
          {regulator && i.state !== 'closed' ? (
            <section className="card stack" aria-labelledby="regulate-title" data-testid="regulator-actions">
              <h2 id="regulate-title">Regulator’s actions</h2>
              <RegulatorRequestForm incident={i} kind="information" done={done} />
              <RegulatorRequestForm incident={i} kind="correction-order" done={done} />
              <CloseIncident incident={i} done={done} />
            </section>
          ) : null}
        </div>
      </div>
      <section aria-labelledby="deadlines-title">
        <h2 id="deadlines-title">Reports and their deadlines</h2>
        <ErrorBanner error={reports.error} />
        <ol style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="incident-stages">
          {i.stages.map((s) => (
            <StageCard key={s.stage} incident={i} stage={s} reports={reports.data} reporter={reporter} regulator={regulator} done={done} />
          ))}
        </ol>
      </section>
      <Requests incident={i} myId={me.id} />
      <Timeline incident={i} events={timeline.data?.items} error={timeline.error} myId={me.id} />
    </div>
  );
}
