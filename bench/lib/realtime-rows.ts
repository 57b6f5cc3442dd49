/**
 * Turns a real-time side-by-side run into table rows: per true attack, each side's time to detect
 * (from the wall time the first datagram carrying the attack was sent), Sakimori's reported rate
 * (median of its per-second updates whose middle lies inside the attack) against FastNetMon's
 * "power" (the pps it passes to its notify script on ban), and per scenario each side's false
 * alarms — detections matching no true attack, with the scorer's matching rules.
 */
import { median } from '../../src/scoring/detected-attacks.js';
import { matchAttacks, type MatchableDetection } from '../../src/scoring/match.js';
import { exportDelayMs } from '../../src/scoring/score-scenario.js';
import type { RealtimeResult } from './realtime-compare.js';

/** One printed row (strings as printed; numbers in `raw`). */
export interface CompareRow {
  readonly scenario: string;
  readonly attack: string;
  readonly truePps: string;
  readonly sakimoriTtd: string;
  readonly fastnetmonTtd: string;
  readonly sakimoriRate: string;
  readonly fastnetmonPower: string;
  readonly sakimoriFalse: string;
  readonly fastnetmonFalse: string;
  readonly cpu: string;
  readonly notes: string[];
  readonly raw: Record<string, number | string | null>;
}

interface Detection extends MatchableDetection {
  readonly wallMs: number;
  readonly id: string;
  readonly pps: number;
}

const ms = (x: number | undefined): string => (x === undefined ? 'not detected' : `${Math.round(x)} ms`);
const k = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '-' : `${(x / 1000).toFixed(1)}k`);

/** The rows of one run. */
export function compareRun(r: RealtimeResult): CompareRow[] {
  const t = r.truth;
  const toScenario = (wall: number): number => t.startMs + (wall - r.wallStartMs);
  const options = { earlyMs: 1000, lateMs: exportDelayMs(t) };
  const saki: Detection[] = r.sakimori.events
    .filter((e) => e.kind === 'attack.started')
    .map((e) => ({ id: e.attackId, scope: e.scope, target: e.target, wallMs: e.detectedAt!, detectedAt: toScenario(e.detectedAt!), pps: e.pps }));
  const fnm: Detection[] = (r.fastnetmon?.calls ?? [])
    .filter((c) => c.action === 'ban')
    .map((c, i) => ({ id: `ban-${i}`, scope: 'host' as const, target: c.ip, wallMs: c.wallMs, detectedAt: toScenario(c.wallMs), pps: c.pps }));
  const ms1 = matchAttacks(t.attacks, saki, options);
  const mf = matchAttacks(t.attacks, fnm, options);
  const cpu = `${r.sakimori.cpuSeconds.toFixed(1)}/${r.fastnetmon === undefined ? '-' : r.fastnetmon.cpuSeconds.toFixed(1)}`;
  const falseS = String(ms1.falseAttacks.length);
  const falseF = r.fastnetmon === undefined ? '-' : String(mf.falseAttacks.length);
  const notes: string[] = [];
  if (r.fastnetmon?.exited === true) notes.push(`FastNetMon exited during the run; its log ends: ${r.fastnetmon.log.trim().split('\n').slice(-3).join(' | ')}`);
  for (const f of ms1.falseAttacks.slice(0, 3)) notes.push(`Sakimori false attack: ${f.scope} ${f.target} at +${((f.detectedAt - t.startMs) / 1000).toFixed(1)} s, ${f.pps} pps`);
  for (const f of mf.falseAttacks.slice(0, 3)) notes.push(`FastNetMon false ban: ${f.target} at +${((f.detectedAt - t.startMs) / 1000).toFixed(1)} s, power ${f.pps} pps`);
  if (t.attacks.length === 0) {
    return [
      {
        scenario: t.scenario,
        attack: `(benign only, ${Math.round((t.endMs - t.startMs) / 1000)} s)`,
        truePps: '-',
        sakimoriTtd: '-',
        fastnetmonTtd: '-',
        sakimoriRate: '-',
        fastnetmonPower: '-',
        sakimoriFalse: falseS,
        fastnetmonFalse: falseF,
        cpu,
        notes,
        raw: { sakimoriFalse: ms1.falseAttacks.length, fastnetmonFalse: r.fastnetmon === undefined ? null : mf.falseAttacks.length },
      },
    ];
  }
  return t.attacks.map((a, i) => {
    const first = r.firstSentWallMs.get(a.id);
    const ds = ms1.matches[i]!.primary[0];
    const df = mf.matches[i]!.primary[0];
    const ttdS = ds === undefined || first === undefined ? undefined : ds.wallMs - first;
    const ttdF = df === undefined || first === undefined ? undefined : df.wallMs - first;
    const ids = new Set(ms1.matches[i]!.primary.map((d) => d.id));
    const from = r.wallStartMs + (a.startMs - t.startMs);
    const to = r.wallStartMs + (a.endMs - t.startMs);
    const rates = r.sakimori.events.filter((e) => e.kind === 'attack.updated' && ids.has(e.attackId) && e.second! + 500 >= from && e.second! + 500 < to).map((e) => e.pps);
    const sakiRate = median(rates);
    const hostBans = mf.matches[i]!.secondary.length;
    if (a.targetType === 'prefix' && r.fastnetmon !== undefined) notes.push(`FastNetMon has no per-prefix detection: ${a.target} not detected as a whole; ${hostBans} single hosts banned inside it`);
    if (a.targetType === 'prefix') notes.push(`Sakimori: ${ms1.matches[i]!.secondary.length} hosts inside ${a.target} also crossed their own threshold (attack plus their ordinary traffic)`);
    return {
      scenario: i === 0 ? t.scenario : '',
      attack: `${a.id} (${a.targetType === 'prefix' ? a.target : 'host'})`,
      truePps: k(a.pps),
      sakimoriTtd: ds === undefined ? 'not detected' : `${ms(ttdS)}${ds.scope === 'prefix' ? ' (prefix)' : ''}`,
      fastnetmonTtd: r.fastnetmon === undefined ? '-' : ms(ttdF),
      sakimoriRate: k(sakiRate),
      fastnetmonPower: df === undefined ? '-' : k(df.pps),
      sakimoriFalse: i === 0 ? falseS : '',
      fastnetmonFalse: i === 0 ? falseF : '',
      cpu: i === 0 ? cpu : '',
      notes: i === 0 ? notes : [],
      raw: {
        truePps: a.pps,
        sakimoriTtdMs: ttdS ?? null,
        fastnetmonTtdMs: ttdF ?? null,
        sakimoriMedianPps: Number.isNaN(sakiRate) ? null : sakiRate,
        fastnetmonPowerPps: df?.pps ?? null,
        fastnetmonHostBansInside: hostBans,
      },
    };
  });
}
