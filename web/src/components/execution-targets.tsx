/**
 * The state of each rule of an execution with each peer (BGP neighbour, rule file, notice outbox),
 * with a per-peer summary counted from the same rows so the two never disagree.
 */
import { useApi } from '../api/use-api.js';
import type { ExecutionTarget, Page } from '../api/types.js';
import { dateTime } from '../lib/format.js';
import { Badge, Empty, ErrorBanner, Loading } from './ui.js';

/** Distinct rules of an action, for the "Targets" figure (one rule per source or prefix). */
export function actionTargets(action: Record<string, unknown>): number | undefined {
  const m = action.match as { sources?: unknown[] } | undefined;
  for (const list of [m?.sources, action.sources, action.prefixes, action.domains, action.hosts]) if (Array.isArray(list)) return list.length;
  return action.mechanism === 'rtbh' || action.mechanism === 'access_neutralisation' || m !== undefined ? 1 : undefined;
}

/** The rules of request `id`, polled while `poll`. */
export function Targets({ id, poll }: { id: string; poll: boolean }) {
  const t = useApi<Page<ExecutionTarget>>(`/requests/${encodeURIComponent(id)}/targets`, { limit: 1000 }, poll ? 2000 : undefined);
  if (t.error !== undefined) return <ErrorBanner error={t.error} />;
  if (t.data === undefined) return <Loading what="rule states" />;
  if (t.data.items.length === 0) return <Empty>No rules yet.</Empty>;
  // The summary counts the same rows the table shows, so the two never disagree.
  const counts = new Map<string, number>();
  for (const r of t.data.items) counts.set(`${r.peer}\u0000${r.state}`, (counts.get(`${r.peer}\u0000${r.state}`) ?? 0) + 1);
  return (
    <>
      <div className="row" style={{ marginBottom: 8 }} data-testid="peer-summary">
        {[...counts].map(([k, n]) => {
          const [peer, state] = k.split('\u0000') as [string, string];
          return (
            <Badge key={k} state={state} countermeasure>
              {peer}: {n} {state}
            </Badge>
          );
        })}
      </div>
      <div className="table-wrap" style={{ maxHeight: 320 }}>
        <table data-testid="execution-targets">
          <thead>
            <tr>
              <th scope="col">Peer</th>
              <th scope="col">Rule</th>
              <th scope="col">State</th>
              <th scope="col" className="num">
                Attempts
              </th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {t.data.items.map((r) => (
              <tr key={`${r.peer}\u0000${r.ruleKey}`}>
                <td>{r.peer}</td>
                <td className="mono small">{r.ruleKey}</td>
                <td>
                  <Badge state={r.state} countermeasure />
                  {r.error === null ? null : (
                    <div className="small" style={{ color: 'var(--bad)' }}>
                      {r.error}
                    </div>
                  )}
                </td>
                <td className="num">{r.attempts}</td>
                <td className="nowrap small">{dateTime(r.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
