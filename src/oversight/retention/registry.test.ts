import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { ERR_RETENTION_TARGET } from '../errors.js';
import { RetentionRegistry, type RetentionTarget } from './registry.js';

const GOOD: RetentionTarget = { dataClass: 'flows', table: 'flow_aggregates', timeColumn: 'period_start', idColumns: ['id'] };

/** The error `fn` throws (fails the test when it throws nothing). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('retention registry', () => {
  it('refuses a target with a name that is not a plain SQL identifier, with its code, and registers nothing', () => {
    for (const bad of [{ table: 'x; drop table cases' }, { dataClass: 'Flows' }, { timeColumn: 'period start' }, { idColumns: ['id', '1st'] }]) {
      const registry = new RetentionRegistry();
      const e = thrown(() => registry.register({ ...GOOD, ...bad }));
      expect(isSakimoriError(e, ERR_RETENTION_TARGET.code)).toBe(true);
      expect((e as Error).message).toMatch(/^retention target .*: names must be lower-case identifiers, got "/);
      expect(registry.targets()).toEqual([]);
    }
  });

  it('refuses a target without id columns', () => {
    const e = thrown(() => new RetentionRegistry().register({ ...GOOD, idColumns: [] }));
    expect(isSakimoriError(e, ERR_RETENTION_TARGET.code)).toBe(true);
    expect((e as Error).message).toBe('retention target flow_aggregates: needs id columns');
  });

  it('refuses a table registered twice and keeps the first registration', () => {
    const registry = new RetentionRegistry().register(GOOD);
    const e = thrown(() => registry.register({ ...GOOD, dataClass: 'reports', timeColumn: 'submitted_at' }));
    expect(isSakimoriError(e, ERR_RETENTION_TARGET.code)).toBe(true);
    expect((e as Error).message).toBe('retention target flow_aggregates: is registered twice');
    expect(registry.targets()).toEqual([GOOD]);
  });
});
