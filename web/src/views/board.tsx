/**
 * The live board: attacks as they start and end, and every visible protected network's traffic
 * over the last hour at one-second resolution, pps or bps by protocol class. Networks under
 * attack come first. Operators and regulators see only their organisation's or sector's networks
 * (the API filters; the board shows what it gets).
 */
import { useEffect, useMemo, useState } from 'react';
import { useApi } from '../api/use-api.js';
import { useLiveAttacks, useLiveRates, type LiveNetwork } from '../api/live.js';
import { CLASS_NAMES, type Attack, type Organization, type Page } from '../api/types.js';
import { AttackState, attackDuration, targetText, vectorsText } from '../components/attack-bits.js';
import { TimeChart } from '../components/time-chart.js';
import { Badge, Empty, ErrorBanner, Link, Loading, PageHead, Stat } from '../components/ui.js';
import { bps, clockTime, pps } from '../lib/format.js';
import { CLASS_LABELS } from '../lib/labels.js';
import { markRendered } from '../lib/perf.js';
import type { RateMetric } from '../lib/rate-ring.js';

function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

function AttackRow({ a, orgName, now }: { a: Attack; orgName: string; now: number }) {
  return (
    <tr data-testid={`board-attack-${a.id}`}>
      <td>
        <AttackState attack={a} />
      </td>
      <td>
        <Link href={`/attacks/${encodeURIComponent(a.id)}`}>{orgName}</Link>
        <div className="mono small">{targetText(a)}</div>
        {a.extent != null ? <div className="mono small">hits {a.extent.prefixes.map((p) => p.prefix).join(', ')}</div> : null}
      </td>
      <td className="small">{vectorsText(a)}</td>
      <td className="num nowrap">
        {a.ratesEstimate != null && a.state === 'active' ? '≈ ' : ''}
        {pps(a.state === 'active' ? a.current.pps : a.peak.pps)}
        <div className="muted small">{bps(a.state === 'active' ? a.current.bps : a.peak.bps)}</div>
      </td>
      <td className="nowrap small">
        {clockTime(a.startedAt)}
        <div className="muted">{attackDuration(a, now)}</div>
      </td>
    </tr>
  );
}

/** Chart windows the board offers; the last hour is always held. */
const WINDOWS = [
  { s: 0, label: 'Fit' },
  { s: 300, label: '5 min' },
  { s: 900, label: '15 min' },
  { s: 3600, label: '1 hour' },
] as const;

function NetworkCard({ n, orgName, metric, attacked, version, windowS }: { n: LiveNetwork; orgName: string; metric: RateMetric; attacked: boolean; version: number; windowS: number }) {
  const latest = n.ring.latest;
  const now = Number.isFinite(latest) ? n.ring.at(latest, 'total', metric) : NaN;
  const skip = Math.max(0, n.ring.capacity - Math.round((windowS * 1000) / n.ring.step));
  // biome-ignore lint/correctness/useExhaustiveDependencies: the ring mutates in place; version says when
  const series = useMemo(
    () => CLASS_NAMES.map((c) => ({ key: c, label: CLASS_LABELS[c].label, color: CLASS_LABELS[c].color, values: n.ring.series(c, metric).subarray(skip) })),
    [n, metric, version, skip],
  );
  const fmt = metric === 'pps' ? pps : bps;
  const title = `${orgName} — ${n.name ?? n.prefix}`;
  return (
    <section className="card" aria-label={title} data-testid={`network-${n.networkId}`}>
      <h2>
        <span>
          {orgName} <span className="muted mono small">{n.prefix}</span>
        </span>
        <span className="row">
          {attacked ? <Badge state="active">under attack</Badge> : null}
          <span className="num">{Number.isNaN(now) ? '–' : fmt(now)}</span>
        </span>
      </h2>
      <TimeChart
        series={series}
        start={Number.isFinite(latest) ? n.ring.windowStart() + skip * n.ring.step : Date.now()}
        step={n.ring.step}
        format={fmt}
        height={150}
        label={`${title}: ${metric === 'pps' ? 'packets' : 'bits'} per second by protocol class over the last ${Math.round(windowS / 60)} minutes; now ${Number.isNaN(now) ? 'no data' : fmt(now)}`}
      />
    </section>
  );
}

/** Seconds from the oldest traffic held to now, in whole minutes from 2 to 60. */
function fitWindow(networks: readonly LiveNetwork[]): number {
  let first = Infinity;
  let latest = -Infinity;
  for (const n of networks) {
    const f = n.ring.firstActive();
    if (f < first) first = f;
    if (n.ring.latest > latest) latest = n.ring.latest;
  }
  if (!Number.isFinite(first) || !Number.isFinite(latest)) return 300;
  const minutes = Math.ceil((latest - first) / 60_000) + 1;
  return Math.min(60, Math.max(2, minutes)) * 60;
}

/** The board page. */
export function Board() {
  const attacks = useLiveAttacks(10);
  const rates = useLiveRates(3600);
  const orgs = useApi<Page<Organization>>('/organizations', { limit: 1000 });
  const [metric, setMetric] = useState<RateMetric>('pps');
  // "Fit" (0) spans the traffic held, from two minutes to the hour, so a fresh start is not a flat line.
  const [windowChoice, setWindowChoice] = useState(0);
  const now = useNow();
  const orgName = (id: string): string => orgs.data?.items.find((o) => o.id === id)?.name ?? id;

  useEffect(() => {
    if (attacks.loaded && rates.loaded) markRendered('board');
  }, [attacks.loaded, rates.loaded]);

  const active = attacks.attacks.filter((a) => a.state === 'active');
  const attackedNetworks = new Set(active.map((a) => a.networkId));
  const nowOf = (n: LiveNetwork, m: RateMetric): number => (Number.isFinite(n.ring.latest) ? n.ring.at(n.ring.latest, 'total', m) || 0 : 0);
  // Attacked networks first, then the busiest: what needs eyes is at the top.
  const networks = [...rates.networks].sort(
    (a, b) => Number(attackedNetworks.has(b.networkId)) - Number(attackedNetworks.has(a.networkId)) || nowOf(b, 'pps') - nowOf(a, 'pps') || a.prefix.localeCompare(b.prefix),
  );
  const totalNow = (m: RateMetric): number => rates.networks.reduce((s, n) => s + nowOf(n, m), 0);
  const windowS = windowChoice !== 0 ? windowChoice : fitWindow(rates.networks);
  const live = attacks.live && rates.live;

  return (
    <div>
      <PageHead title="Live board" sub="Attacks as they start and end; traffic to protected networks, one-second resolution, last hour.">
        <span className="badge" role="status" aria-live="polite">
          {live ? (
            <>
              <span className="live-dot" aria-hidden="true" style={{ background: 'var(--ok)' }} />
              live
            </>
          ) : (
            'connecting…'
          )}
        </span>
        <div role="group" aria-label="Chart window" className="row">
          {WINDOWS.map((w) => (
            <button key={w.s} type="button" aria-pressed={windowChoice === w.s} className={windowChoice === w.s ? 'primary' : undefined} onClick={() => setWindowChoice(w.s)}>
              {w.label}
            </button>
          ))}
        </div>
        <div role="group" aria-label="Chart metric" className="row">
          {(['pps', 'bps'] as const).map((m) => (
            <button key={m} type="button" aria-pressed={metric === m} className={metric === m ? 'primary' : undefined} onClick={() => setMetric(m)}>
              {m === 'pps' ? 'Packets/s' : 'Bits/s'}
            </button>
          ))}
        </div>
      </PageHead>
      <ErrorBanner error={attacks.error} title="Attacks" />
      <ErrorBanner error={rates.error} title="Rates" />
      <div className="grid cols-4" style={{ marginBottom: 12 }}>
        <Stat label="Active attacks" value={<span data-testid="active-count">{active.length}</span>} />
        <Stat label="Protected networks" value={rates.networks.length} />
        <Stat label="Traffic now" value={pps(totalNow('pps'))} sub={bps(totalNow('bps'))} />
        <Stat label="Largest attack now" value={active.length === 0 ? '–' : pps(Math.max(...active.map((a) => a.current.pps)))} />
      </div>
      <section className="card" aria-labelledby="board-attacks" style={{ marginBottom: 12 }}>
        <h2 id="board-attacks">
          Attacks <Link href="/attacks">All attacks</Link>
        </h2>
        {!attacks.loaded && attacks.error === undefined ? (
          <Loading what="attacks" />
        ) : attacks.attacks.length === 0 ? (
          <Empty>No attacks so far.</Empty>
        ) : (
          <div className="table-wrap">
            <table aria-describedby="board-attacks" data-testid="board-attacks">
              <thead>
                <tr>
                  <th scope="col">State</th>
                  <th scope="col">Organisation / target</th>
                  <th scope="col">Vectors</th>
                  <th scope="col" className="num">
                    Rate (now or peak)
                  </th>
                  <th scope="col">Started</th>
                </tr>
              </thead>
              <tbody>
                {attacks.attacks.map((a) => (
                  <AttackRow key={a.id} a={a} orgName={a.organizationName ?? orgName(a.organizationId)} now={now} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {!rates.loaded && rates.error === undefined ? (
        <Loading what="traffic" />
      ) : networks.length === 0 ? (
        <Empty>No protected networks are visible to you.</Empty>
      ) : (
        <div className="grid cols-2">
          {networks.map((n) => (
            <NetworkCard key={n.networkId} n={n} orgName={orgName(n.organizationId)} metric={metric} attacked={attackedNetworks.has(n.networkId)} version={rates.version} windowS={windowS} />
          ))}
        </div>
      )}
    </div>
  );
}
