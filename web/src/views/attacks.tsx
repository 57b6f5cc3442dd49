/**
 * Every stored attack, newest first, in a virtualised table that fetches the next cursor page as
 * the end comes into view: ten thousand attacks never become ten thousand DOM rows. Filters: state
 * and organisation (the API scopes operators and regulators to what they may see).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/http.js';
import { useApi } from '../api/use-api.js';
import type { Attack, Organization, Page } from '../api/types.js';
import { attackColumns } from '../components/attack-bits.js';
import { ErrorBanner, PageHead } from '../components/ui.js';
import { VirtualTable } from '../components/virtual-table.js';
import { int } from '../lib/format.js';
import { markRendered } from '../lib/perf.js';
import { navigate } from '../lib/router.js';

// A small first page puts rows on screen sooner; later pages are larger (fewer round trips while scrolling).
const FIRST_PAGE = 50;
const PAGE = 500;

interface Filter {
  readonly state: '' | 'active' | 'ended';
  readonly organizationId: string;
}

/** Loads attack pages on demand. */
function useAttackPages(filter: Filter) {
  const [rows, setRows] = useState<readonly Attack[]>([]);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState(false);
  const next = useRef<string | null | undefined>(undefined);
  const busy = useRef(false);
  const generation = useRef(0);

  const more = useCallback(() => {
    if (busy.current || next.current === null) return;
    busy.current = true;
    const gen = generation.current;
    api<Page<Attack>>('/attacks', { query: { limit: next.current === undefined ? FIRST_PAGE : PAGE, cursor: next.current, state: filter.state, organizationId: filter.organizationId } })
      .then((p) => {
        if (gen !== generation.current) return;
        next.current = p.next;
        setRows((r) => [...r, ...p.items]);
        if (p.next === null) setDone(true);
      })
      .catch((e: unknown) => {
        if (gen === generation.current) setError(e);
      })
      .finally(() => {
        if (gen === generation.current) busy.current = false;
      });
  }, [filter.state, filter.organizationId]);

  useEffect(() => {
    generation.current++;
    next.current = undefined;
    busy.current = false;
    setRows([]);
    setDone(false);
    setError(undefined);
    more();
  }, [more]);
  return { rows, error, done, more };
}

/** The attack list page. */
export function AttackList() {
  const [filter, setFilter] = useState<Filter>({ state: '', organizationId: '' });
  const orgs = useApi<Page<Organization>>('/organizations', { limit: 1000 });
  const { rows, error, done, more } = useAttackPages(filter);
  const [now] = useState(() => Date.now());
  const columns = attackColumns(now);
  useEffect(() => {
    if (rows.length > 0) markRendered('attacks');
  }, [rows.length]);
  const named = rows.map((a) => (a.organizationName == null ? { ...a, organizationName: orgs.data?.items.find((o) => o.id === a.organizationId)?.name ?? null } : a));

  return (
    <div>
      <PageHead title="Attacks" sub="Every detected attack, newest first. Arrow keys move, Enter opens." />
      <form className="row" style={{ marginBottom: 10 }} aria-label="Filter attacks" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="f-state">State</label>
        <select id="f-state" style={{ width: 'auto' }} value={filter.state} onChange={(e) => setFilter({ ...filter, state: e.target.value as Filter['state'] })}>
          <option value="">All</option>
          <option value="active">Active</option>
          <option value="ended">Ended</option>
        </select>
        {orgs.data === undefined || orgs.data.items.length <= 1 ? null : (
          <>
            <label htmlFor="f-org">Organisation</label>
            <select id="f-org" style={{ width: 'auto' }} value={filter.organizationId} onChange={(e) => setFilter({ ...filter, organizationId: e.target.value })}>
              <option value="">All</option>
              {orgs.data.items.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </>
        )}
        <span className="muted" role="status" data-testid="attack-count">
          {int(rows.length)}
          {done ? '' : '+'} {rows.length === 1 && done ? 'attack' : 'attacks'}
        </span>
      </form>
      <ErrorBanner error={error} />
      <VirtualTable
        rows={named}
        columns={columns}
        rowKey={(a) => a.id}
        label="Attacks"
        total={done ? rows.length : -1}
        height={Math.max(320, window.innerHeight - 190)}
        onOpen={(a) => navigate(`/attacks/${encodeURIComponent(a.id)}`)}
        onEndReached={done ? undefined : more}
      />
    </div>
  );
}
