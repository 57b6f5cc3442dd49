/**
 * Pieces that show an attack the same way everywhere: its state badge, target line, vector list
 * and the columns of attack tables.
 */
import type { Attack } from '../api/types.js';
import { bps, dateTime, duration, pps } from '../lib/format.js';
import { vectorLabel } from '../lib/labels.js';
import { Badge } from './ui.js';
import type { Column } from './virtual-table.js';

/** "active" with a pulsing dot, or "ended". */
export function AttackState({ attack }: { attack: Pick<Attack, 'state'> }) {
  return attack.state === 'active' ? (
    <Badge state="active">
      <span className="live-dot" aria-hidden="true" />
      active
    </Badge>
  ) : (
    <Badge state="ended" />
  );
}

/** The main vectors, largest first. */
export function vectorsText(a: Pick<Attack, 'vectors'>, max = 3): string {
  const v = [...a.vectors].sort((x, y) => y.share - x.share).slice(0, max);
  return v.length === 0 ? '–' : v.map((x) => `${vectorLabel(x)} ${Math.round(x.share * 100)} %`).join(', ');
}

/** How long the attack has lasted (so far). */
export function attackDuration(a: Pick<Attack, 'startedAt' | 'endedAt' | 'updatedAt' | 'state'>, now: number): string {
  return duration(((a.endedAt ?? (a.state === 'active' ? Math.max(now, a.updatedAt) : a.updatedAt)) - a.startedAt) / 1000);
}

/** What the attack is aimed at. */
export function targetText(a: Pick<Attack, 'scope' | 'target' | 'targetCount'>): string {
  return a.scope === 'prefix' ? `${a.target} (carpet bombing, ~${a.targetCount} hosts)` : a.target;
}

/** Columns of an attack table. */
export function attackColumns(now: number): Column<Attack>[] {
  return [
    { key: 'state', title: 'State', width: '90px', render: (a) => <AttackState attack={a} /> },
    { key: 'start', title: 'Started', width: '150px', render: (a) => <span className="nowrap">{dateTime(a.startedAt)}</span> },
    { key: 'dur', title: 'Duration', width: '95px', render: (a) => attackDuration(a, now) },
    { key: 'org', title: 'Organisation', width: 'minmax(120px, 1fr)', render: (a) => a.organizationName ?? a.organizationId },
    {
      key: 'target',
      title: 'Target',
      width: 'minmax(150px, 1.2fr)',
      render: (a) => (
        <span className="mono" title={targetText(a)}>
          {targetText(a)}
        </span>
      ),
    },
    { key: 'vectors', title: 'Vectors', width: 'minmax(160px, 1.5fr)', render: (a) => <span title={vectorsText(a, 10)}>{vectorsText(a)}</span> },
    { key: 'pps', title: 'Peak pps', width: '100px', align: 'right', render: (a) => pps(a.peak.pps) },
    { key: 'bps', title: 'Peak bps', width: '100px', align: 'right', render: (a) => bps(a.peak.bps) },
  ];
}
