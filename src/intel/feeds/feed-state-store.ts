/**
 * Reads and writes `intel_feed_state`: per feed, the resume point of the next pull and how the last
 * one went. The poll writes a page's row only after the page's objects are stored, so a crash in
 * between makes the next pull read that page again (the store drops the repeats) and never skips.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../storage/database.js';
import type { IntelFeedStateTable } from '../tables.js';

/** Counts of one pull, so far or in total. */
export interface PullCounts {
  /** Object versions stored for the first time. */
  readonly stored: number;
  /** Objects received again: already stored, or repeated within the pull. */
  readonly duplicates: number;
  /** Objects the store refused one by one (invalid STIX, unknown marking, conflicting content). */
  readonly refused: number;
  readonly pages: number;
  readonly bytes: number;
}

/** The state of one feed. */
export interface FeedState {
  readonly feed: string;
  /** `X-TAXII-Date-Added-Last` of the last stored page; undefined before the first. */
  readonly resumePoint: string | undefined;
  readonly lastPullAt: number | undefined;
  readonly lastSuccessAt: number | undefined;
  /** `ok`, `running`, or the code of the error the last pull stopped on. */
  readonly lastOutcome: string | undefined;
  readonly lastError: string | undefined;
  /** Counts of the last (or running) pull. */
  readonly last: PullCounts;
  readonly storedTotal: number;
  readonly duplicatesTotal: number;
  readonly updatedAt: number;
}

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

function toState(r: Selectable<IntelFeedStateTable>): FeedState {
  return {
    feed: r.feed,
    resumePoint: opt(r.resume_point),
    lastPullAt: opt(r.last_pull_at) === undefined ? undefined : Number(r.last_pull_at),
    lastSuccessAt: opt(r.last_success_at) === undefined ? undefined : Number(r.last_success_at),
    lastOutcome: opt(r.last_outcome),
    lastError: opt(r.last_error),
    last: { stored: Number(r.last_stored), duplicates: Number(r.last_duplicates), refused: Number(r.last_refused), pages: Number(r.last_pages), bytes: Number(r.last_bytes) },
    storedTotal: Number(r.stored_total),
    duplicatesTotal: Number(r.duplicates_total),
    updatedAt: Number(r.updated_at),
  };
}

/** What a pull writes after each stored page, and when it ends. */
export interface PullProgress {
  readonly resumePoint: string | undefined;
  readonly counts: PullCounts;
  /** Totals before this pull began; the row holds them plus this pull's counts. */
  readonly base: { readonly stored: number; readonly duplicates: number };
  readonly startedAt: number;
}

/** The `intel_feed_state` table. */
export class FeedStateStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** The state of `feed`, or undefined before its first pull. */
  async get(feed: string): Promise<FeedState | undefined> {
    const r = await this.#db.selectFrom('intel_feed_state').selectAll().where('feed', '=', feed).executeTakeFirst();
    return r === undefined ? undefined : toState(r);
  }

  /** Every feed's state, by name. */
  async list(): Promise<FeedState[]> {
    return (await this.#db.selectFrom('intel_feed_state').selectAll().orderBy('feed').execute()).map(toState);
  }

  /**
   * Records a pull's progress: `outcome` is `running` after a stored page, `ok` at the end, or the
   * code it failed with. Call only once what `progress.resumePoint` covers is stored.
   */
  async save(feed: string, progress: PullProgress, outcome: string, error: string | undefined, now: number): Promise<void> {
    const c = progress.counts;
    const row = {
      resume_point: progress.resumePoint ?? null,
      last_pull_at: progress.startedAt,
      last_outcome: outcome,
      last_error: error ?? null,
      last_stored: c.stored,
      last_duplicates: c.duplicates,
      last_refused: c.refused,
      last_pages: c.pages,
      last_bytes: c.bytes,
      stored_total: progress.base.stored + c.stored,
      duplicates_total: progress.base.duplicates + c.duplicates,
      updated_at: now,
      ...(outcome === 'ok' ? { last_success_at: now } : {}),
    };
    await this.#db
      .insertInto('intel_feed_state')
      .values({ feed, last_success_at: null, ...row })
      .onConflict((oc) => oc.column('feed').doUpdateSet(row))
      .execute();
  }
}
