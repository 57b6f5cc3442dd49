import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeStorage } from '../../storage/testing/storage-suite.js';

describeStorage(
  'migration 0009: accounts hardening',
  (ctx) => {
    it('revokes every token made before it (none can be proven to be its user’s own) and leaves revoked ones as they were', async () => {
      await ctx.storage.migrate({ to: 'none' });
      await ctx.storage.migrate({ to: '0008' });
      await sql`insert into users (id, username, display_name, password_hash, roles, organization_id, sector, disabled, created_at, updated_at, password_changed_at)
        values ('U1', 'member', null, 'x', '["commission_member"]', null, null, 0, 1, 1, 1)`.execute(ctx.db);
      await sql`insert into api_tokens (id, user_id, name, secret_hash, roles, created_at, expires_at, last_used_at, revoked_at)
        values ('T1', 'U1', 'minted by an admin', 'h1', '["commission_member"]', 1, null, null, null), ('T2', 'U1', 'old', 'h2', '[]', 1, null, null, 5)`.execute(ctx.db);
      const before = Date.now();
      await ctx.storage.migrate({ to: '0009' });
      const rows = (await sql<{ id: string; revoked_at: string | number; created_by: string | null }>`select id, revoked_at, created_by from api_tokens order by id`.execute(ctx.db)).rows;
      expect(rows.map((r) => [r.id, Number(r.revoked_at) >= before, r.created_by])).toEqual([
        ['T1', true, null],
        ['T2', false, null],
      ]);
      expect(Number(rows[1]!.revoked_at)).toBe(5);
      // Down and up again on a database with data.
      await ctx.storage.migrate({ to: '0008' });
      await ctx.storage.migrate();
    });
  },
  { migrate: false },
);
