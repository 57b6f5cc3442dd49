/**
 * Pieces the incident pages share: an incident's state, a stage's deadline state with how late it
 * is, the next deadline of an incident in the regime's zone beside UTC with how far past it, and
 * the non-compliance flag. Late and overdue spans are given over their full length (days to
 * seconds), the figure a regulator quotes.
 */
import type { IncidentRegime, IncidentStage, IncidentState, NextDue, StageState } from '../api/types.js';
import { fullDuration, regimeLocal, utcDateTime } from '../lib/incident-time.js';
import { INCIDENT_STATE_LABELS, STAGE_STATE_LABELS } from '../lib/labels.js';
import { Badge, type Tone } from './ui.js';

const INCIDENT_TONES: Readonly<Record<IncidentState, Tone>> = { draft: 'info', open: 'warn', closed: 'neutral' };

/** The incident's state as a badge. */
export function IncidentStateBadge({ state }: { state: IncidentState }) {
  return <Badge tone={INCIDENT_TONES[state] ?? 'neutral'}>{INCIDENT_STATE_LABELS[state] ?? state}</Badge>;
}

/** The flag of a correction order not complied with by its deadline (never cleared). */
export function NonCompliantBadge({ nonCompliant }: { nonCompliant: boolean }) {
  return nonCompliant ? (
    <span data-testid="non-compliant">
      <Badge tone="bad">Non-compliant</Badge>
    </span>
  ) : null;
}

const STAGE_TONES: Readonly<Record<StageState, Tone>> = {
  'not-applicable': 'neutral',
  pending: 'neutral',
  open: 'info',
  'due-soon': 'warn',
  overdue: 'bad',
  'submitted-on-time': 'ok',
  'submitted-late': 'warn',
};

/** `overdue by 3 d 4 h 00 min 12 s` or `late by 2 h 01 min 00 s`; null when nothing is late. */
export function stageLateness(s: Pick<IncidentStage, 'state' | 'lateBySeconds'>): string | null {
  if (s.lateBySeconds === null || s.lateBySeconds <= 0) return null;
  return s.state === 'overdue' ? `overdue by ${fullDuration(s.lateBySeconds)}` : `late by ${fullDuration(s.lateBySeconds)}`;
}

/** A stage's deadline state as a badge. */
export function StageStateBadge({ state }: { state: StageState }) {
  return <Badge tone={STAGE_TONES[state] ?? 'neutral'}>{STAGE_STATE_LABELS[state] ?? state}</Badge>;
}

/** A due time in the regime's zone, then UTC. */
export function DueTime({ regime, local: local_, at }: { regime: IncidentRegime; local: string | null; at: number | null }) {
  if (at === null) return <span className="muted">–</span>;
  const local = regimeLocal(regime, local_, at);
  const utc = utcDateTime(at);
  return (
    <span>
      <span className="nowrap">{local}</span>
      {local === utc ? null : (
        <span className="nowrap muted small" style={{ display: 'block' }}>
          {utc}
        </span>
      )}
    </span>
  );
}

const REF_LABELS: Readonly<Record<string, string>> = { 'correction-order': 'correction order' };

/** The next deadline of an incident: what, when (regime zone and UTC), and how far past it. */
export function NextDeadline({ regime, nextDue, overdueBySeconds }: { regime: IncidentRegime; nextDue: NextDue | null; overdueBySeconds: number | null }) {
  if (nextDue === null) return <span className="muted small">nothing due</span>;
  return (
    <span className="small">
      <span style={{ display: 'block' }}>{REF_LABELS[nextDue.ref] ?? nextDue.ref.replace(/-/g, ' ')}</span>
      <DueTime regime={regime} local={nextDue.local} at={nextDue.at} />
      {overdueBySeconds === null ? null : <strong style={{ display: 'block', color: 'var(--bad)' }}>overdue by {fullDuration(overdueBySeconds)}</strong>}
    </span>
  );
}
