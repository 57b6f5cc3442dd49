import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Type from 'typebox';
import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../core/errors.js';
import { definePart } from '../core/part.js';
import { migrationList } from '../storage/migration-list.js';
import { describeStorage } from '../storage/testing/storage-suite.js';
import { REPO_ROOT } from '../testing/external.js';
import { configSections, retentionTargets, subjectCatalogue } from './assemble.js';
import { PARTS } from './parts.js';
import { PLATFORM_CONFIG_SECTIONS, PLATFORM_MIGRATIONS, PLATFORM_RETENTION_TARGETS, PLATFORM_SUBJECTS } from './platform.js';

/** True when `src/<part>/part.ts` declares a descriptor (core's `part.ts` defines the type instead). */
function hasDescriptor(part: string): boolean {
  const file = join(REPO_ROOT, 'src', part, 'part.ts');
  return existsSync(file) && /^export const \w+ = definePart\(/m.test(readFileSync(file, 'utf8'));
}

const up = async (): Promise<void> => undefined;

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('the list of parts', () => {
  it('holds every part that has a descriptor, once', () => {
    const withDescriptor = readdirSync(join(REPO_ROOT, 'src'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && hasDescriptor(e.name))
      .map((e) => e.name)
      .sort();
    const listed = PARTS.map((p) => p.name);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(withDescriptor);
  });

  it('names each descriptor after its folder, and owns every migration file in the part', () => {
    for (const part of PARTS) {
      const dir = join(REPO_ROOT, 'src', part.name, 'migrations');
      const files = existsSync(dir)
        ? readdirSync(dir)
            .filter((f) => /^\d{4}-.*\.ts$/.test(f) && !f.endsWith('.test.ts'))
            .map((f) => f.replace(/\.ts$/, ''))
        : [];
      expect(Object.keys('migrations' in part ? part.migrations : {}).sort(), `${part.name}/migrations`).toEqual(files.sort());
    }
  });

  it('assembles migrations, configuration sections, retention targets and subjects from the descriptors', () => {
    expect(Object.keys(PLATFORM_MIGRATIONS)[0]).toBe('0001-registry');
    expect(Object.keys(PLATFORM_CONFIG_SECTIONS)).toEqual(expect.arrayContaining(['storage', 'collector', 'detection', 'intel', 'operations', 'oversight', 'audit', 'api', 'bus']));
    expect(PLATFORM_RETENTION_TARGETS.map((t) => t.table).sort()).toEqual(['attacks', 'case_access_scopes', 'data_access_lookups', 'exporter_stats', 'selection_counters', 'sightings']);
    expect(Object.keys(PLATFORM_SUBJECTS)).toEqual(expect.arrayContaining(['attack.started', 'sighting.new', 'operations.case.opened', 'detection.infection.reported']));
  });
});

describe('assembling descriptors', () => {
  const a = definePart({ name: 'a', config: { shared: Type.Object({}) }, subjects: { 'x.y': { schema: Type.Object({}), description: 'x' } }, migrations: { '0001-a': { up } } });
  const b = definePart({ name: 'b', config: { shared: Type.Object({}) }, subjects: { 'x.y': { schema: Type.Object({}), description: 'y' } }, migrations: { '0001-b': { up } } });

  it('refuses two parts claiming one configuration section, naming both', () => {
    const e = thrown(() => configSections([a, b]));
    expect(isSakimoriError(e, 'SAKIMORI_ERR_PLATFORM_PART_CLASH')).toBe(true);
    expect((e as Error).message).toBe('configuration section shared is declared by a and by b');
  });

  it('refuses two parts claiming one bus subject', () => {
    const e = thrown(() => subjectCatalogue([a, b]));
    expect((e as Error).message).toBe('bus subject x.y is declared by a and by b');
  });

  it('refuses two parts registering one retention table', () => {
    const t = { dataClass: 'c', table: 't', timeColumn: 'at', idColumns: ['id'] };
    const e = thrown(() => retentionTargets([definePart({ name: 'a', retention: [t] }), definePart({ name: 'b', retention: [t] })]));
    expect((e as Error).message).toBe('retention table t is declared by a and by b');
  });

  it('refuses one migration number used by two parts, and a malformed name', () => {
    const e = thrown(() => migrationList([a, b]));
    expect(isSakimoriError(e, 'SAKIMORI_ERR_STORAGE_MIGRATION_LIST')).toBe(true);
    expect((e as Error).message).toBe('the migration list is inconsistent: migration number 0001 is used by a/0001-a and by b/0001-b');
    expect((thrown(() => migrationList([definePart({ name: 'c', migrations: { '12-c': { up } } })])) as Error).message).toMatch(/c\/ names a migration "12-c"/);
  });

  it('orders migrations by number whatever the order of the parts', () => {
    const late = definePart({ name: 'late', migrations: { '0002-late': { up } } });
    const early = definePart({ name: 'early', migrations: { '0001-early': { up } } });
    expect(Object.keys(migrationList([late, early]))).toEqual(['0001-early', '0002-late']);
  });
});

describeStorage('retention targets the parts declare', (ctx) => {
  it('name tables and columns that exist once every migration ran', async () => {
    const tables = new Map((await ctx.db.introspection.getTables()).map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
    for (const t of PLATFORM_RETENTION_TARGETS) {
      const columns = tables.get(t.table);
      expect(columns, `table ${t.table}`).toBeDefined();
      for (const c of [t.timeColumn, ...t.idColumns]) expect(columns?.has(c), `${t.table}.${c}`).toBe(true);
      for (const cascade of t.cascades ?? []) expect(tables.has(cascade), `cascade ${cascade}`).toBe(true);
    }
  });
});
