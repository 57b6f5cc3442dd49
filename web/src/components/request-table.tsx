/**
 * A table of countermeasure requests (summaries: no targets), shared by the request list, the
 * approval queue and the emergency list.
 */
import type { ReactNode } from 'react';
import type { RequestSummary } from '../api/types.js';
import { dateTime, relative, words } from '../lib/format.js';
import { MECHANISM_LABELS } from '../lib/labels.js';
import { Badge, Link, Person } from './ui.js';

/** Extra column. */
export interface ExtraColumn {
  readonly title: string;
  render(r: RequestSummary): ReactNode;
}

/** The table. */
export function RequestTable({ rows, extra = [], testId }: { rows: readonly RequestSummary[]; extra?: readonly ExtraColumn[]; testId?: string }) {
  const now = Date.now();
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">Mechanism</th>
            <th scope="col">State</th>
            <th scope="col">Urgency</th>
            <th scope="col" className="num">
              Targets
            </th>
            <th scope="col">Requested</th>
            {extra.map((c) => (
              <th key={c.title} scope="col">
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <Link href={`/requests/${encodeURIComponent(r.id)}`}>{MECHANISM_LABELS[r.mechanism] ?? r.mechanism}</Link>
                {r.path === 'emergency' ? (
                  <>
                    {' '}
                    <Badge tone="bad">emergency</Badge>
                  </>
                ) : null}
                <div className="small muted" title={r.justification}>
                  {r.justification.length > 90 ? `${r.justification.slice(0, 90)}…` : r.justification}
                </div>
              </td>
              <td>
                <Badge state={r.state} countermeasure />
              </td>
              <td>
                <Badge state={r.urgency} />
              </td>
              <td className="num">{r.targetCount ?? '–'}</td>
              <td className="small nowrap">
                {dateTime(r.createdAt)}
                <div className="muted">
                  <Person id={r.requestedBy} name={r.requestedByName} /> · {words(r.requesterRole)} · {relative(r.createdAt, now)}
                </div>
              </td>
              {extra.map((c) => (
                <td key={c.title}>{c.render(r)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
