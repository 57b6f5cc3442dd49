/**
 * The national picture for the office: incidents by sector, by category and by week (weeks start
 * on Monday, Japan time), with how many are open, overdue and non-compliant. Read from the
 * incidents table (one indexed range on `created_at`), counted here.
 */
import type { Kysely } from 'kysely';
import type { Sector } from '../../core/sectors.js';
import type { IncidentCategory } from './incident.js';
import type { IncidentTables } from './tables.js';

/** Counts of one group of incidents. */
export interface PictureCounts {
  readonly total: number;
  readonly open: number;
  readonly overdue: number;
  readonly nonCompliant: number;
}

/** The national picture over `weeks` weeks up to `now`. */
export interface NationalPicture {
  readonly from: number;
  readonly to: number;
  readonly total: PictureCounts;
  readonly bySector: readonly ({ readonly sector: Sector } & PictureCounts)[];
  readonly byCategory: readonly ({ readonly category: IncidentCategory } & PictureCounts)[];
  /** Oldest first; every week of the window, empty ones included. */
  readonly byWeek: readonly ({ readonly week: string } & PictureCounts)[];
}

/** One incident as the picture counts it. */
export interface PictureRow {
  readonly sector: Sector;
  readonly category: IncidentCategory;
  readonly createdAt: number;
  readonly open: boolean;
  readonly overdue: boolean;
  readonly nonCompliant: boolean;
}

const DAY = 86_400_000;
const JST = 9 * 3_600_000;

/** The Monday (Japan time) of the week holding `at`, as `YYYY-MM-DD`. */
export function weekOf(at: number): string {
  const day = Math.floor((at + JST) / DAY);
  // 1970-01-01 was a Thursday: day 0 → weekday 3 counting Monday as 0.
  const monday = day - ((day + 3) % 7);
  return new Date(monday * DAY).toISOString().slice(0, 10);
}

function counter(): { total: number; open: number; overdue: number; nonCompliant: number } {
  return { total: 0, open: 0, overdue: 0, nonCompliant: 0 };
}

function add(c: ReturnType<typeof counter>, r: PictureRow): void {
  c.total++;
  if (r.open) c.open++;
  if (r.overdue) c.overdue++;
  if (r.nonCompliant) c.nonCompliant++;
}

/** Counts `rows` (incidents created in `[from, to]`) by sector, category and week. Pure. */
export function countPicture(rows: Iterable<PictureRow>, from: number, to: number): NationalPicture {
  const total = counter();
  const sectors = new Map<Sector, ReturnType<typeof counter>>();
  const categories = new Map<IncidentCategory, ReturnType<typeof counter>>();
  const weeks = new Map<string, ReturnType<typeof counter>>();
  for (let w = from; weekOf(w) <= weekOf(to); w += 7 * DAY) weeks.set(weekOf(w), counter());
  for (const r of rows) {
    add(total, r);
    let s = sectors.get(r.sector);
    if (s === undefined) sectors.set(r.sector, (s = counter()));
    add(s, r);
    let c = categories.get(r.category);
    if (c === undefined) categories.set(r.category, (c = counter()));
    add(c, r);
    const key = weekOf(r.createdAt);
    let w = weeks.get(key);
    if (w === undefined) weeks.set(key, (w = counter()));
    add(w, r);
  }
  const byTotal = <K extends string>(m: Map<K, ReturnType<typeof counter>>) => [...m].sort((a, b) => b[1].total - a[1].total || a[0].localeCompare(b[0]));
  return {
    from,
    to,
    total,
    bySector: byTotal(sectors).map(([sector, c]) => ({ sector, ...c })),
    byCategory: byTotal(categories).map(([category, c]) => ({ category, ...c })),
    byWeek: [...weeks].sort((a, b) => a[0].localeCompare(b[0])).map(([week, c]) => ({ week, ...c })),
  };
}

/** Reads and counts the incidents created over the last `weeks` weeks up to `now`. */
export async function nationalPicture(db: Kysely<IncidentTables>, now: number, weeks: number): Promise<NationalPicture> {
  const from = now - weeks * 7 * DAY;
  const rows = await db
    .selectFrom('incidents')
    .select(['sector', 'category', 'created_at', 'state', 'overdue', 'non_compliant'])
    .where('created_at', '>=', from)
    .where('created_at', '<=', now)
    .execute();
  return countPicture(
    rows.map((r) => ({
      sector: r.sector,
      category: r.category,
      createdAt: Number(r.created_at),
      open: r.state !== 'closed',
      overdue: Number(r.overdue) === 1,
      nonCompliant: Number(r.non_compliant) === 1,
    })),
    from,
    now,
  );
}
