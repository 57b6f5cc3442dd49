/**
 * Pages of advisories, each joined with its detail: the list answer carries neither the
 * recipients' acknowledgements nor the answers, which the list shows (who acknowledged, who is
 * overdue, how many assets are answered), so each advisory of a page is read too — a page is 25
 * advisories, read in parallel.
 */
import type { Advisory, AdvisoryDetail, AdvisoryStatus } from './advisory-types.js';
import { api } from './http.js';
import type { Page } from './types.js';

/** Filter of the list; empty status means any. */
export interface AdvisoryFilter {
  readonly status: AdvisoryStatus | '';
  /** Only published advisories with a recipient in scope past due and not acknowledged. */
  readonly overdue: boolean;
}

/** One page of advisories with their details, newest first. */
export async function loadAdvisoryPage(filter: AdvisoryFilter, cursor: string | null, limit: number): Promise<Page<AdvisoryDetail>> {
  const page = await api<Page<Advisory>>('/advisories', { query: { status: filter.status, overdue: filter.overdue ? true : undefined, limit, cursor } });
  const items = await Promise.all(page.items.map((a) => api<AdvisoryDetail>(`/advisories/${encodeURIComponent(a.id)}`)));
  return { items, next: page.next };
}
