import { sql, type Kysely, type Migration } from 'kysely';
import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../core/errors.js';
import { migrate, migrationStatus } from './migrate.js';
import { PLATFORM_MIGRATIONS } from '../platform/platform.js';
import { transactional } from './migration-list.js';
import { describeStorage } from './testing/storage-suite.js';

const NAMES = Object.keys(PLATFORM_MIGRATIONS).sort();

async function tableExists<DB>(db: Kysely<DB>, table: string): Promise<boolean> {
  try {
    await sql`select 1 from ${sql.table(table)} limit 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

describe('migration list', () => {
  it('is numbered 0001, 0002, … without gaps, each named NNNN-<part>', () => {
    expect(NAMES.length).toBeGreaterThan(0);
    NAMES.forEach((name, i) => {
      expect(name).toMatch(/^\d{4}-[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(Number(name.slice(0, 4))).toBe(i + 1);
    });
  });
});

describeStorage(
  'migrations',
  (ctx) => {
    it('apply every migration in order on a fresh database, then nothing the second time', async () => {
      await ctx.storage.migrate({ to: 'none' });
      expect((await ctx.storage.migrationStatus()).map((m) => m.appliedAt)).toEqual(NAMES.map(() => undefined));
      ctx.clock.advance(1);
      const first = await ctx.storage.migrate();
      expect(first).toEqual(NAMES.map((name) => ({ name, direction: 'up' })));
      expect(await ctx.storage.migrate()).toEqual([]);
      const status = await ctx.storage.migrationStatus();
      expect(status.map((m) => m.name)).toEqual(NAMES);
      expect(status.every((m) => typeof m.appliedAt === 'number')).toBe(true);
      expect(await tableExists(ctx.db, 'organizations')).toBe(true);
      expect(await tableExists(ctx.db, 'exporter_stats')).toBe(true);
    });

    it('revert everything with to=none, in reverse order, and apply again', async () => {
      await ctx.storage.migrate();
      const down = await ctx.storage.migrate({ to: 'none' });
      expect(down).toEqual([...NAMES].reverse().map((name) => ({ name, direction: 'down' })));
      expect(await tableExists(ctx.db, 'organizations')).toBe(false);
      expect(await tableExists(ctx.db, 'exporters')).toBe(false);
      expect(await ctx.storage.migrate()).toHaveLength(NAMES.length);
      expect(await tableExists(ctx.db, 'protected_networks')).toBe(true);
    });

    it('move to a target given by its number', async () => {
      await ctx.storage.migrate({ to: 'none' });
      expect(await ctx.storage.migrate({ to: '0001' })).toEqual([{ name: '0001-registry', direction: 'up' }]);
      expect(await tableExists(ctx.db, 'organizations')).toBe(true);
      expect(await tableExists(ctx.db, 'exporters')).toBe(false);
      await ctx.storage.migrate();
      expect(await tableExists(ctx.db, 'exporters')).toBe(true);
    });

    it('refuse an unknown target and list the known ones', async () => {
      let caught: unknown;
      try {
        await ctx.storage.migrate({ to: '0999' });
      } catch (e) {
        caught = e;
      }
      expect(isSakimoriError(caught, 'SAKIMORI_ERR_STORAGE_UNKNOWN_MIGRATION')).toBe(true);
      expect((caught as Error).message).toContain('none, 0001-registry');
    });
  },
  { migrate: false },
);

describeStorage(
  'a failing migration',
  (ctx) => {
    const migrations: Record<string, Migration> = {
      '0001-a': transactional({
        up: async (db) => {
          await db.schema.createTable('sakimori_t_a').addColumn('id', 'text').execute();
        },
      }),
      '0002-b': transactional({
        up: async (db) => {
          await db.schema.createTable('sakimori_t_b').addColumn('id', 'text').execute();
          throw new Error('boom');
        },
      }),
    };

    it('is reported by name and leaves none of its own changes behind', async () => {
      const options = { migrations, schema: ctx.storage.schema };
      let caught: unknown;
      try {
        await migrate(ctx.db, options);
      } catch (e) {
        caught = e;
      }
      expect(isSakimoriError(caught, 'SAKIMORI_ERR_STORAGE_MIGRATION_FAILED')).toBe(true);
      expect((caught as Error).message).toBe('migration 0002-b failed: boom');
      expect(await tableExists(ctx.db, 'sakimori_t_b')).toBe(false);
      // PostgreSQL runs all pending migrations in one transaction; SQLite one transaction each.
      expect(await tableExists(ctx.db, 'sakimori_t_a')).toBe(ctx.expected({ sqlite: true, postgres: false }));
      const status = await migrationStatus(ctx.db, options);
      expect(status.map((m) => m.appliedAt !== undefined)).toEqual(ctx.expected({ sqlite: [true, false], postgres: [false, false] }));
    });
  },
  { migrate: false },
);
