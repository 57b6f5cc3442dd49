/**
 * Pieces the asset pages share: an asset's name, its product identifiers, its status, where its
 * notification stands against the ACD Act deadline (due time in Japan time, how far past it), and
 * the list of problems an API refusal names (each bad field, row or component).
 */
import type { ReactNode } from 'react';
import { ApiError } from '../api/http.js';
import type { Asset, AssetDeadline, AssetStatus, NotificationState } from '../api/types.js';
import { duration } from '../lib/format.js';
import { japanDue } from '../lib/japan-time.js';
import { ASSET_STATUS_LABELS, NOTIFICATION_STATE_LABELS } from '../lib/labels.js';
import { Badge, type Tone } from './ui.js';

/** `Fortinet FortiGate 7.2.4`, or the CPE, purl or id when the operator gave no names. */
export function assetName(a: Asset): string {
  const words = [a.vendor, a.product, a.version].filter((x): x is string => x !== null && x !== '');
  return words.length > 0 ? words.join(' ') : (a.cpe ?? a.purl ?? a.id);
}

/** The CPE and the purl of an asset, as stored (CPE 2.3 formatted string, canonical purl). */
export function ProductIds({ asset }: { asset: Asset }) {
  if (asset.cpe === null && asset.purl === null) return <span className="muted">–</span>;
  return (
    <span className="mono small" style={{ wordBreak: 'break-all' }}>
      {asset.cpe}
      {asset.cpe !== null && asset.purl !== null ? <br /> : null}
      {asset.purl}
    </span>
  );
}

const STATUS_TONES: Readonly<Record<AssetStatus, Tone>> = { planned: 'info', 'in-service': 'ok', retired: 'neutral' };

/** The asset's status as a badge. */
export function AssetStatusBadge({ status }: { status: AssetStatus }) {
  return <Badge tone={STATUS_TONES[status] ?? 'neutral'}>{ASSET_STATUS_LABELS[status] ?? status}</Badge>;
}

const STATE_TONES: Readonly<Record<NotificationState, Tone>> = { overdue: 'bad', 'due-soon': 'warn', open: 'info', 'submitted-late': 'warn', 'submitted-on-time': 'ok' };

/** `overdue by 3 d 4 h` or `late by 2 h 01 min`; null when nothing is late. */
export function lateness(d: AssetDeadline): string | null {
  if (d.lateBySeconds === null) return null;
  return d.state === 'overdue' ? `overdue by ${duration(d.lateBySeconds)}` : `late by ${duration(d.lateBySeconds)}`;
}

/** Where the notification stands: the state, the due time in Japan time, and how far past it. */
export function DeadlineSummary({ deadline, planned }: { deadline: AssetDeadline | null; planned?: boolean }) {
  if (deadline === null) return <span className="muted small">{planned === true ? 'no deadline while planned' : 'no introduction date'}</span>;
  const late = lateness(deadline);
  return (
    <span className="small">
      <Badge tone={STATE_TONES[deadline.state] ?? 'neutral'}>{NOTIFICATION_STATE_LABELS[deadline.state] ?? deadline.state}</Badge>
      <span className="nowrap" style={{ display: 'block' }}>
        due {japanDue(deadline.dueLocal, deadline.dueAt)}
      </span>
      {late === null ? null : <strong style={{ display: 'block', color: deadline.state === 'overdue' ? 'var(--bad)' : 'var(--warn)' }}>{late}</strong>}
    </span>
  );
}

/** One problem of a refused write or import, as the API lists them in `details.problems`. */
export interface Problem {
  readonly where: string;
  readonly code: string;
  readonly message: string;
}

/** The problems an API error lists (empty for an error without them). */
export function problemsOf(error: unknown): Problem[] {
  const list = error instanceof ApiError ? error.details?.['problems'] : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((p: unknown) => {
    const o = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
    return typeof o['where'] === 'string' && typeof o['message'] === 'string' ? [{ where: o['where'], code: typeof o['code'] === 'string' ? o['code'] : '', message: o['message'] }] : [];
  });
}

/** The problems of a refusal as a table: where (row and column, field, component), what, code. */
export function ProblemList({ error, id, caption }: { error: unknown; id?: string; caption: ReactNode }) {
  const problems = problemsOf(error);
  if (problems.length === 0) return null;
  return (
    <div className="table-wrap" style={{ marginBottom: 10 }}>
      <table id={id} data-testid={id}>
        <caption className="small" style={{ textAlign: 'left', fontWeight: 600 }}>
          {caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">Where</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            // Problems have no id and one place may be named twice; the list is replaced whole, never reordered.
            <tr key={i}>
              <th scope="row" className="nowrap" style={{ textTransform: 'none', fontSize: 'inherit', position: 'static' }}>
                {p.where}
              </th>
              <td>
                {p.message} {p.code === '' ? null : <code className="small muted">{p.code}</code>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
