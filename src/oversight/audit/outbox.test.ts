/**
 * The audit outbox on both engines: an entry recorded in a change's transaction commits with the
 * change or not at all, reaches the tree exactly once (also when two processes drain, or the
 * process dies between the commit and the append), and never holds a personal value in the clear.
 */
import { beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import type { AuditEntry } from './entry.js';
import type { AuditEventInput } from '../../core/audit-event.js';
import { CompactRange } from './merkle/compact-range.js';
import { nodeMerkleHasher } from './node-crypto.js';
import type { OutboxRow } from './store/audit-store.js';
import { SqlAuditStore } from './store/sql/sql-audit-store.js';
import { batchOf } from './store/testing/audit-store-contract.js';
import { startTestLog } from './testing/fixtures.js';

const event = (n: number): AuditEventInput => ({
  actor: { kind: 'user', id: `usr_${n}`, role: 'nco_analyst' },
  action: 'case.create',
  subjects: [{ type: 'case', id: `case_${n}` }],
  personal: [{ kind: 'ip', value: '198.51.100.7' }],
  details: { n },
});

describeStorage('audit outbox', (ctx) => {
  beforeEach(() => ctx.reset());

  async function entries(): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    const store = new SqlAuditStore(ctx.db);
    for await (const e of store.entries(0, await store.size())) out.push(JSON.parse(new TextDecoder().decode(e.data)) as AuditEntry);
    return out;
  }
  const outboxRows = () => ctx.db.selectFrom('audit_outbox').selectAll().execute();

  it('commits an entry with the change it records, and appends it once drained', async () => {
    const { log } = await startTestLog({ store: new SqlAuditStore(ctx.db) });
    await ctx.db.transaction().execute(async (trx) => {
      await log.record(trx, event(1));
      await log.record(trx, event(2));
    });
    expect(log.size).toBe(0);
    // Keyed hashes only: the address never lands in the outbox in the clear.
    expect(JSON.stringify(await outboxRows())).not.toContain('198.51.100.7');
    await log.drain();
    expect((await entries()).map((e) => [e.seq, e.details.n])).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(await outboxRows()).toEqual([]);
    await log.stop();
  });

  it('records nothing when the change rolls back', async () => {
    const { log } = await startTestLog({ store: new SqlAuditStore(ctx.db) });
    const failed = await ctx.db
      .transaction()
      .execute(async (trx) => {
        await log.record(trx, event(1));
        throw new Error('the change failed');
      })
      .catch((e: unknown) => e);
    expect((failed as Error).message).toBe('the change failed');
    await log.drain();
    expect(await entries()).toEqual([]);
    expect(await outboxRows()).toEqual([]);
    await log.stop();
  });

  it('refuses an invalid event inside the transaction, so the change rolls back with it', async () => {
    const { log } = await startTestLog({ store: new SqlAuditStore(ctx.db) });
    const e = await ctx.db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('audit_checkpoints').values({ size: 99, root: 'aa', note: 'x', created_at: 1 }).execute();
        await log.record(trx, { ...event(1), details: { leaked: '198.51.100.9' } });
      })
      .catch((x: unknown) => x);
    expect(isSakimoriError(e, 'SAKIMORI_ERR_AUDIT_PERSONAL_DATA_IN_DETAILS')).toBe(true);
    expect(await ctx.db.selectFrom('audit_checkpoints').selectAll().execute()).toEqual([]);
    await log.stop();
  });

  it('appends at the next start what a process recorded but died before appending', async () => {
    const first = await startTestLog({ store: new SqlAuditStore(ctx.db) });
    await ctx.db.transaction().execute((trx) => first.log.record(trx, event(7)));
    // The process dies here: no drain, no stop.
    const second = await startTestLog({ store: new SqlAuditStore(ctx.db), signer: first.signer });
    expect(second.log.size).toBe(1);
    expect((await entries()).map((e) => e.details.n)).toEqual([7]);
    expect(await outboxRows()).toEqual([]);
    await second.log.stop();
  });

  it('appends each entry exactly once when two processes drain the same outbox', async () => {
    const a = await startTestLog({ store: new SqlAuditStore(ctx.db) });
    const b = await startTestLog({ store: new SqlAuditStore(ctx.db), signer: a.signer });
    for (let i = 0; i < 40; i++) await ctx.db.transaction().execute((trx) => (i % 2 === 0 ? a : b).log.record(trx, event(i)));
    await Promise.all([a.log.drain(), b.log.drain(), a.log.append(event(100)), b.log.drain()]);
    const seen = (await entries()).map((e) => e.details.n as number);
    expect([...seen].sort((x, y) => x - y)).toEqual([...Array.from({ length: 40 }, (_, i) => i), 100]);
    expect(await outboxRows()).toEqual([]);
    await a.log.stop();
    await b.log.stop();
  });

  it('drops, rather than appends again, what another process appended while this one was reading the outbox', async () => {
    const a = await startTestLog({ store: new SqlAuditStore(ctx.db) });
    // b reads the outbox, then waits until a has appended and deleted the same rows.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    class SlowReader extends SqlAuditStore {
      override async outbox(limit: number): Promise<OutboxRow[]> {
        const rows = await super.outbox(limit);
        if (rows.length > 0) await gate;
        return rows;
      }
    }
    const b = await startTestLog({ store: new SlowReader(ctx.db), signer: a.signer });
    for (let i = 0; i < 5; i++) await ctx.db.transaction().execute((trx) => a.log.record(trx, event(i)));
    const slow = b.log.drain();
    await new Promise((r) => setTimeout(r, 50));
    await a.log.drain();
    release();
    await slow;
    expect((await entries()).map((e) => e.details.n)).toEqual([0, 1, 2, 3, 4]);
    await a.log.stop();
    await b.log.stop();
  });

  it('refuses a batch whose outbox rows are gone, storing nothing', async () => {
    const store = new SqlAuditStore(ctx.db);
    const b = batchOf(new CompactRange(nodeMerkleHasher()), 2);
    const e = await store.append({ ...b, consumed: ['01JZZZZZZZZZZZZZZZZZZZZZZZ'] }).catch((x: unknown) => x);
    expect(isSakimoriError(e, 'SAKIMORI_ERR_AUDIT_STORE_CONFLICT')).toBe(true);
    expect(await store.size()).toBe(0);
  });

  it('rejects a drain once its store has failed, never throws: the periodic sweep cannot crash the process', async () => {
    const store = new SqlAuditStore(ctx.db);
    store.append = () => Promise.reject(new Error('disk full'));
    const { log } = await startTestLog({ store });
    await ctx.db.transaction().execute((trx) => log.record(trx, event(1)));
    await expect(log.drain()).rejects.toThrow();
    let drained: Promise<void> | undefined;
    expect(() => {
      drained = log.drain();
    }).not.toThrow();
    expect(isSakimoriError(await drained!.catch((e: unknown) => e), 'SAKIMORI_ERR_AUDIT_STORE_FAILED')).toBe(true);
    // The entry stays in the outbox for the next start.
    expect(await outboxRows()).toHaveLength(1);
  });
});
