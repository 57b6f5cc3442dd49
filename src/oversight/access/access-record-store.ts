/**
 * The record of purpose-bound reads (`data_access`) and of the people each read looked up, as
 * keyed hashes (`data_access_lookups`), with the two questions the excessive-monitoring checks ask:
 * how much has this user read lately, and in how many cases has this person been looked up.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';
import { newId } from '../../storage/id.js';
import type { DataAccessTable } from '../tables.js';

/** One read (or refused attempt) to record. */
export interface AccessRecord {
  readonly userId: string;
  readonly caseId: string | null;
  readonly purpose: string | null;
  readonly resource: string;
  readonly outcome: 'success' | 'denied';
  readonly rows: number;
  readonly from: number | null;
  readonly to: number | null;
  readonly at: number;
  /** Keyed hashes of the people (addresses, prefixes) looked up; only with a case. */
  readonly macs: readonly string[];
}

/** Rows per multi-row insert of look-ups. */
const LOOKUP_ROWS = 500;

/** Store of the access record. */
export class AccessRecordStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Records one read with its look-ups, in one transaction; returns its id. */
  async record(a: AccessRecord): Promise<string> {
    const id = newId(a.at);
    const row: DataAccessTable = { id, user_id: a.userId, case_id: a.caseId, purpose: a.purpose, resource: a.resource, outcome: a.outcome, rows: a.rows, from_ms: a.from, to_ms: a.to, at: a.at };
    await this.#db.transaction().execute(async (trx) => {
      await trx.insertInto('data_access').values(row).execute();
      const caseId = a.caseId;
      if (caseId === null) return;
      const macs = [...new Set(a.macs)];
      for (let i = 0; i < macs.length; i += LOOKUP_ROWS) {
        await trx
          .insertInto('data_access_lookups')
          .values(macs.slice(i, i + LOOKUP_ROWS).map((mac) => ({ access_id: id, mac, case_id: caseId, user_id: a.userId, at: a.at })))
          .execute();
      }
    });
    return id;
  }

  /** Rows a user read successfully in `[from, to)`. */
  async rowsRead(userId: string, from: number, to: number): Promise<number> {
    const r = await this.#db
      .selectFrom('data_access')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('rows'), eb.lit(0)).as('total'))
      .where('user_id', '=', userId)
      .where('outcome', '=', 'success')
      .where('at', '>=', from)
      .where('at', '<', to)
      .executeTakeFirst();
    return Number(r?.total ?? 0);
  }

  /** For each of `macs` looked up in at least `minCases` distinct cases since `since`: how many. */
  async repeatedLookups(macs: readonly string[], since: number, minCases: number): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const unique = [...new Set(macs)];
    for (let i = 0; i < unique.length; i += LOOKUP_ROWS) {
      const rows = await this.#db
        .selectFrom('data_access_lookups')
        .select(['mac', (eb) => eb.fn.count<number>('case_id').distinct().as('cases')])
        .where('mac', 'in', unique.slice(i, i + LOOKUP_ROWS))
        .where('at', '>=', since)
        .groupBy('mac')
        .having((eb) => eb.fn.count('case_id').distinct(), '>=', minCases)
        .execute();
      for (const r of rows) out.set(r.mac, Number(r.cases));
    }
    return out;
  }
}
