/**
 * Pages of the asset register joined with what the other asset list says of their rows: each asset
 * with its notification deadline, and each notification with its asset. The API keeps the two
 * apart (`/assets` has no deadline, `/assets/notifications` no product); both are ordered by asset
 * id and paged "after this id", so one page of either is joined with the other list's range
 * (cursor, last id of the page] — usually a single call.
 */
import { api } from './http.js';
import type { Asset, AssetDeadline, AssetNotification, AssetRole, AssetStatus, NotificationState, Page } from './types.js';

/** An asset with its deadline (null: planned, or no introduction date, so no clock runs). */
export interface AssetRow {
  readonly asset: Asset;
  readonly deadline: AssetDeadline | null;
}

/** A notification deadline with its asset (undefined if the asset went away between the two calls). */
export interface NotificationRow {
  readonly notification: AssetNotification;
  readonly asset: Asset | undefined;
}

/** Filter of the asset list; empty strings mean "any". */
export interface AssetFilter {
  readonly organizationId: string;
  readonly status: AssetStatus | '';
  readonly role: AssetRole | '';
}

/** The API's largest page: the joined range rarely needs a second call. */
const RANGE_PAGE = 1000;

/** Every item of `path` with an id after `after` and at most `through` (ids compare as the server's keyset does). */
async function readRange<T>(path: string, query: Record<string, string>, after: string | null, through: string, idOf: (t: T) => string): Promise<T[]> {
  const out: T[] = [];
  let cursor = after;
  for (;;) {
    const p = await api<Page<T>>(path, { query: { ...query, limit: RANGE_PAGE, cursor } });
    for (const item of p.items) {
      if (idOf(item) > through) return out;
      out.push(item);
    }
    if (p.next === null || p.items.length === 0) return out;
    cursor = p.next;
  }
}

/** One page of assets, each with its deadline. */
export async function loadAssetPage(filter: AssetFilter, cursor: string | null, limit: number): Promise<Page<AssetRow>> {
  const page = await api<Page<Asset>>('/assets', { query: { ...filter, limit, cursor } });
  const last = page.items.at(-1);
  if (last === undefined) return { items: [], next: page.next };
  const notifications = await readRange<AssetNotification>('/assets/notifications', { organizationId: filter.organizationId }, cursor, last.id, (n) => n.assetId);
  const byId = new Map(notifications.map((n) => [n.assetId, n.deadline]));
  return { items: page.items.map((asset) => ({ asset, deadline: byId.get(asset.id) ?? null })), next: page.next };
}

/** One page of notification deadlines in `state` (empty: any), each with its asset. */
export async function loadNotificationPage(filter: { readonly organizationId: string; readonly state: NotificationState | '' }, cursor: string | null, limit: number): Promise<Page<NotificationRow>> {
  const page = await api<Page<AssetNotification>>('/assets/notifications', { query: { ...filter, limit, cursor } });
  const last = page.items.at(-1);
  if (last === undefined) return { items: [], next: page.next };
  const assets = await readRange<Asset>('/assets', { organizationId: filter.organizationId }, cursor, last.assetId, (a) => a.id);
  const byId = new Map(assets.map((a) => [a.id, a]));
  return { items: page.items.map((notification) => ({ notification, asset: byId.get(notification.assetId) })), next: page.next };
}
