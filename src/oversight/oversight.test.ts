import { fileURLToPath } from 'node:url';
import { beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../core/errors.js';
import { describeStorage } from '../storage/testing/storage-suite.js';
import { SqlAuditStore } from './audit/store/sql/sql-audit-store.js';
import { startTestLog } from './audit/testing/fixtures.js';
import { oversightConfig } from './testing/oversight-config.js';
import { createOversight } from './oversight.js';
import { actor, auditEntries, auditText, insertCase } from './testing/fixtures.js';
import { operationsPart } from '../operations/part.js';

const DELEGATED = fileURLToPath(new URL('./selection/testdata/delegated-test-extended.txt', import.meta.url));
const DAY = 86_400_000;

describeStorage('oversight composition', (ctx) => {
  beforeEach(() => ctx.reset());

  it('wires scopes, the guard and selection from the configuration', async () => {
    const { log, store } = await startTestLog({ clock: ctx.clock, store: new SqlAuditStore(ctx.storage.db) });
    const config = oversightConfig({ selection: { enabled: true, delegatedFiles: [DELEGATED], extraDomestic: ['100.127.0.0/16'] } });
    const o = createOversight({ dataDir: ctx.options.dataDir, oversight: config }, { ...ctx.deps, storage: ctx.storage, audit: log, transparencySources: operationsPart.transparency });
    await o.start();
    // Adjacent delegations merge: 198.18.0.0/22 + 198.18.4.0 (200), and 2001:db8:100::/40 up to 300::/48.
    expect(o.selection).toMatchObject({ v4Ranges: 6, v6Ranges: 4 });

    const officer = actor('usr_officer', 'designated_officer');
    const caseId = await insertCase(ctx.db, ctx.clock, 'open', 'Botnet wave', { createdBy: 'usr_officer' });
    const scope = await o.scopes.add(officer, caseId, { prefix: '203.0.113.7/24', from: ctx.clock.now() - DAY, to: null });
    expect(scope.prefix).toBe('203.0.113.0/24');
    const denied = await o.scopes.add(actor('usr_chair', 'commission_member'), caseId, { prefix: '198.51.100.0/24', from: 0, to: null }).catch((e: unknown) => e);
    expect(isSakimoriError(denied, 'SAKIMORI_ERR_OVERSIGHT_FORBIDDEN')).toBe(true);
    const rows = await o.guard.read(
      { actor: officer, purpose: 'countermeasure_preparation', caseId, resource: 'attackers', prefixes: ['203.0.113.0/25'], from: ctx.clock.now() - 3_600_000, to: ctx.clock.now() },
      async (q) => [{ prefixes: q.prefixes.length }],
      () => undefined,
    );
    expect(rows).toEqual([{ prefixes: 1 }]);
    const entries = await auditEntries(store);
    expect(entries.map((e) => e.action)).toEqual(['case.access_scope', 'data.read']);
    expect(entries[0]!.personal).toEqual([log.personalRef('prefix', '203.0.113.0/24')]);
    expect(await auditText(store)).not.toContain('203.0.113');
  });

  it('names the file that cannot be read', async () => {
    const { log } = await startTestLog({ clock: ctx.clock });
    const config = oversightConfig({ selection: { enabled: true, delegatedFiles: ['no-such-delegated-file'] } });
    const e = await createOversight({ dataDir: ctx.options.dataDir, oversight: config }, { ...ctx.deps, storage: ctx.storage, audit: log, transparencySources: operationsPart.transparency })
      .start()
      .catch((x: unknown) => x);
    expect(isSakimoriError(e, 'SAKIMORI_ERR_SELECTION_FILE_UNREADABLE')).toBe(true);
    expect((e as Error).message).toContain('no-such-delegated-file');
  });
});
