/**
 * One attack: what it targets, its vectors, its rates over time by protocol class, its top
 * sources (masked to /24 or /48, with country and ASN), the hosts it affects — for carpet
 * bombing, the part of the registered network it hits, which is what a mitigation should target —
 * and, for roles that may, the attacker list behind the access guard and the way to a
 * countermeasure.
 */
import { useMemo, useState } from 'react';
import { useSession } from '../api/session.js';
import { useApi } from '../api/use-api.js';
import { CLASS_NAMES, type Attack, type AttackDetail, type HitExtent, type Page } from '../api/types.js';
import { AddToCase } from '../components/add-to-case.js';
import { AttackersPanel } from '../components/attackers-panel.js';
import { AttackState, attackDuration, targetText } from '../components/attack-bits.js';
import { TimeChart } from '../components/time-chart.js';
import { Empty, ErrorBanner, Link, Loading, PageHead, Stat } from '../components/ui.js';
import { bps, bytes, dateTime, int, percent, pps, words } from '../lib/format.js';
import { CLASS_LABELS, vectorLabel } from '../lib/labels.js';
import { ATTACKER_READERS, CASE_WRITERS, hasAny } from '../lib/views.js';

function ShareBar({ share }: { share: number }) {
  return (
    <div className="bar-track" aria-hidden="true">
      <div className="bar-fill" style={{ width: `${Math.max(1, share * 100)}%` }} />
    </div>
  );
}

function RatesOverTime({ a, metric }: { a: AttackDetail; metric: 'pps' | 'bps' }) {
  const series = useMemo(() => {
    const t = a.timeline;
    const hasClasses = t.some((p) => p.rates !== undefined);
    const classes = hasClasses ? CLASS_NAMES : (['total'] as const);
    return classes.map((c) => ({
      key: c,
      label: CLASS_LABELS[c].label,
      color: CLASS_LABELS[c].color,
      values: t.map((p) => (c === 'total' && p.rates === undefined ? p[metric] : (p.rates?.[c]?.[metric] ?? NaN))),
    }));
  }, [a.timeline, metric]);
  if (a.timeline.length === 0) return <Empty>No timeline stored for this attack.</Empty>;
  const fmt = metric === 'pps' ? pps : bps;
  return (
    <TimeChart
      series={series}
      start={a.timeline[0]!.second}
      step={1000}
      format={fmt}
      height={200}
      label={`Attack rate in ${metric} by protocol class over ${a.timeline.length} seconds; peak ${fmt(a.peak[metric])}`}
    />
  );
}

/** The prefixes a carpet-bombing attack hits, and the way to a FlowSpec rule on them. */
function HitExtentPanel({ a, extent, canRequest }: { a: Attack; extent: HitExtent; canRequest: boolean }) {
  const spread = extent.prefixes.length > 1;
  const proposed = extent.prefixes[0]!.prefix;
  return (
    <div data-testid="hit-extent">
      <p>
        It hits <strong className="mono">{spread ? extent.prefixes.map((p) => p.prefix).join(', ') : extent.cover.prefix}</strong> of the registered <span className="mono">{a.networkPrefix}</span>:{' '}
        {int(extent.hostsHit)} hosts received attack traffic
        {extent.approximate ? ' (more than the detector tracks one by one: the list may miss some)' : ''}. A mitigation should match these, not the whole network.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Prefix</th>
            <th scope="col" className="num">
              Hosts hit
            </th>
            <th scope="col" className="num">
              Of its addresses
            </th>
            <th scope="col" className="num">
              Of the attack
            </th>
          </tr>
        </thead>
        <tbody>
          {extent.prefixes.map((p) => (
            <tr key={p.prefix}>
              <td className="mono">{p.prefix}</td>
              <td className="num">{int(p.hostsHit)}</td>
              <td className="num">{percent(p.hostShare)}</td>
              <td className="num">{percent(p.packetShare)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {spread ? (
        <p className="small muted">
          One prefix covering them all, <span className="mono">{extent.cover.prefix}</span>, has only {percent(extent.cover.hostShare)} of its addresses hit.
        </p>
      ) : null}
      {canRequest ? (
        <p>
          <Link className="button" href={`/requests/new?attackId=${encodeURIComponent(a.id)}&destination=${encodeURIComponent(proposed)}`}>
            Request a FlowSpec rule on {proposed}
          </Link>
        </p>
      ) : null}
    </div>
  );
}

function AffectedHosts({ a, canRequest }: { a: Attack; canRequest: boolean }) {
  // A carpet-bombing attack's hosts: the host-scope attacks in the same network during its window.
  const to = a.endedAt ?? Date.now();
  const hosts = useApi<Page<Attack>>(a.scope === 'prefix' ? '/attacks' : undefined, { organizationId: a.organizationId, from: a.startedAt - 60_000, to, limit: 1000 });
  if (a.scope === 'host') {
    return (
      <p>
        One host: <span className="mono">{a.target}</span> in <span className="mono">{a.networkPrefix}</span>.
      </p>
    );
  }
  const list = (hosts.data?.items ?? []).filter((x) => x.scope === 'host' && x.networkId === a.networkId);
  return (
    <div>
      {a.extent != null ? (
        <HitExtentPanel a={a} extent={a.extent} canRequest={canRequest} />
      ) : (
        <p>
          The prefix <span className="mono">{a.target}</span>: about {int(a.targetCount)} hosts received attack traffic.
        </p>
      )}
      {list.length > 0 ? <p>Hosts attacked individually in the same window:</p> : null}
      <ErrorBanner error={hosts.error} />
      {list.length === 0 ? null : (
        <ul className="mono small" style={{ columns: 3, margin: 0 }}>
          {list.slice(0, 60).map((h) => (
            <li key={h.id}>
              <Link href={`/attacks/${encodeURIComponent(h.id)}`}>{h.target}</Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The attack page. */
export function AttackDetailView({ id }: { id: string }) {
  const { me } = useSession();
  const [metric, setMetric] = useState<'pps' | 'bps'>('pps');
  // Bumped when a case was opened here, so the attacker panel lists it.
  const [caseVersion, setCaseVersion] = useState(0);
  const res = useApi<AttackDetail>(`/attacks/${encodeURIComponent(id)}`, undefined, 3000);
  const a = res.data;
  if (a === undefined) {
    return (
      <div>
        <PageHead title="Attack" />
        {res.error === undefined ? <Loading what="the attack" /> : <ErrorBanner error={res.error} />}
      </div>
    );
  }
  const org = a.organizationName ?? a.organizationId;
  const canWriteCase = hasAny(me.roles, CASE_WRITERS);
  const vectors = [...a.vectors].sort((x, y) => y.share - x.share);
  return (
    <div className="stack">
      <PageHead
        title={
          <>
            {a.scope === 'prefix' ? 'Carpet bombing' : 'Attack'} on {org} <AttackState attack={a} />
          </>
        }
        sub={
          <>
            <span className="mono">{targetText(a)}</span> · started {dateTime(a.startedAt)} · {a.state === 'active' ? 'running for' : 'lasted'} {attackDuration(a, Date.now())}
            {a.endReason === null ? '' : ` · ended: ${words(a.endReason)}`}
          </>
        }
      />
      <ErrorBanner error={res.error} />
      <div className="grid cols-4">
        <Stat
          label={a.state === 'active' ? 'Now' : 'At end'}
          value={pps(a.current.pps)}
          sub={a.ratesEstimate != null ? `${bps(a.current.bps)} · estimate from the first ${(a.ratesEstimate.coveredMs / 1000).toFixed(2)} s` : bps(a.current.bps)}
        />
        <Stat label="Peak" value={pps(a.peak.pps)} sub={bps(a.peak.bps)} />
        <Stat label="Sources" value={`~${int(a.sourceCount)}`} sub={`${int(a.totals.packets)} packets, ${bytes(a.totals.bytes)}`} />
        <Stat
          label="Detected"
          value={a.detectedAt === null ? 'not recorded' : `${((a.detectedAt - a.startedAt) / 1000).toFixed(1)} s`}
          sub={
            a.trigger === null
              ? undefined
              : `${CLASS_LABELS[a.trigger.class as keyof typeof CLASS_LABELS]?.label ?? a.trigger.class} ${a.trigger.metric} ${int(a.trigger.rate)} over ${int(a.trigger.threshold)} (${words(a.trigger.thresholdSource)})`
          }
        />
      </div>
      <section className="card" aria-labelledby="rates-title">
        <h2 id="rates-title">
          Rates over time
          <span role="group" aria-label="Chart metric" className="row">
            {(['pps', 'bps'] as const).map((m) => (
              <button key={m} type="button" aria-pressed={metric === m} className={metric === m ? 'primary' : undefined} onClick={() => setMetric(m)}>
                {m === 'pps' ? 'Packets/s' : 'Bits/s'}
              </button>
            ))}
          </span>
        </h2>
        <RatesOverTime a={a} metric={metric} />
      </section>
      <div className="grid cols-2">
        <section className="card" aria-labelledby="vectors-title">
          <h2 id="vectors-title">Vectors</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Vector</th>
                <th scope="col">Share</th>
                <th scope="col" className="num">
                  Packets
                </th>
                <th scope="col" className="num">
                  Bytes
                </th>
              </tr>
            </thead>
            <tbody>
              {vectors.map((v) => (
                <tr key={`${v.vector}-${v.service ?? ''}-${v.port ?? ''}`}>
                  <td>{vectorLabel(v)}</td>
                  <td style={{ width: '35%' }}>
                    <div className="row" style={{ flexWrap: 'nowrap' }}>
                      <ShareBar share={v.share} />
                      <span className="num small">{percent(v.share)}</span>
                    </div>
                  </td>
                  <td className="num">{int(v.packets)}</td>
                  <td className="num">{bytes(v.bytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card" aria-labelledby="sources-title">
          <h2 id="sources-title">Top sources</h2>
          <p className="small muted">Shown by /24 (IPv4) or /48 (IPv6). Full addresses are in the attacker list below.</p>
          <div className="table-wrap" style={{ maxHeight: 300 }}>
            <table data-testid="top-sources">
              <thead>
                <tr>
                  <th scope="col">Prefix</th>
                  <th scope="col">Country</th>
                  <th scope="col">ASN</th>
                  <th scope="col" className="num">
                    Share
                  </th>
                </tr>
              </thead>
              <tbody>
                {a.topSources.map((s) => (
                  <tr key={s.prefix}>
                    <td className="mono">{s.prefix}</td>
                    <td>{s.country ?? '–'}</td>
                    <td>{s.asn == null ? '–' : `AS${s.asn}`}</td>
                    <td className="num">{percent(s.packetShare)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>
      <section className="card" aria-labelledby="hosts-title">
        <h2 id="hosts-title">Affected hosts</h2>
        <AffectedHosts a={a} canRequest={hasAny(me.roles, ['designated_officer', 'defence_operator', 'nco_analyst'])} />
      </section>
      {canWriteCase ? (
        <section className="card" aria-labelledby="case-title">
          <h2 id="case-title">Case</h2>
          <AddToCase kind="attack" refId={a.id} defaultTitle={`DDoS on ${org} (${a.target}) ${dateTime(a.startedAt).slice(0, 10)}`} onDone={() => setCaseVersion((v) => v + 1)} />
        </section>
      ) : null}
      {hasAny(me.roles, ATTACKER_READERS) ? (
        <AttackersPanel key={caseVersion} attack={a} canRequest={hasAny(me.roles, ['designated_officer', 'defence_operator', 'nco_analyst'])} canWriteCase={canWriteCase} />
      ) : null}
    </div>
  );
}
