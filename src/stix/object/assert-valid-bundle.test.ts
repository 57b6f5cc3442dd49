import { describe, expect, it } from 'vitest';
import { isSakimoriError, type SakimoriError } from '../../core/errors.js';
import { assertValidBundle } from './assert-valid-bundle.js';
import { ERR_STIX_OBJECT_INVALID } from './errors.js';

const IDENTITY = {
  type: 'identity',
  spec_version: '2.1',
  id: 'identity--8c6af861-7b20-41ef-9b59-6344fd872a8f',
  created: '2016-08-08T15:50:10.983Z',
  modified: '2016-08-08T15:50:10.983Z',
  name: 'Franistan Intelligence',
};
const BROKEN = { ...IDENTITY, id: 'identity--311b2d2d-f010-4473-83ec-1edf84858f4c', modified: '2015-08-08T15:50:10.983Z', confidence: 200 };

function bundle(...objects: unknown[]): unknown {
  return { type: 'bundle', id: 'bundle--44af6c39-c09b-49c5-9de2-394224b04982', objects };
}

function thrown(fn: () => unknown): SakimoriError {
  try {
    fn();
  } catch (e) {
    if (isSakimoriError(e)) return e;
    throw e;
  }
  throw new Error('expected a SakimoriError');
}

describe('assertValidBundle', () => {
  it('returns the result of a valid bundle, warnings included', () => {
    const result = assertValidBundle(bundle(IDENTITY, { ...IDENTITY, x_acme: 1, id: 'identity--311b2d2d-f010-4473-83ec-1edf84858f4c' }));
    expect(result.valid).toBe(true);
    expect(result.warnings.map((w) => w.code)).toEqual(['extensions-use']);
  });

  it('refuses the whole bundle with one coded error naming the first invalid object and path', () => {
    const e = thrown(() => assertValidBundle(bundle(IDENTITY, BROKEN)));
    expect(e.code).toBe(ERR_STIX_OBJECT_INVALID.code);
    expect(e.statusCode).toBe(400);
    expect(e.message).toContain(`${BROKEN.id} at /objects/1/confidence`);
    expect(e.message).toContain('(2 errors in all)');
    const findings = e.details?.findings as { objectId: string; path: string }[];
    expect(findings.map((f) => `${f.objectId} ${f.path}`)).toEqual([`${BROKEN.id} /objects/1/confidence`, `${BROKEN.id} /objects/1/modified`]);
  });

  it('refuses under strict what is only a warning otherwise', () => {
    const withWarning = bundle({ ...IDENTITY, identity_class: 'cabal' });
    expect(assertValidBundle(withWarning).valid).toBe(true);
    expect(thrown(() => assertValidBundle(withWarning, { strict: true })).message).toContain(`${IDENTITY.id} at /objects/0/identity_class`);
  });

  it('refuses input that is not STIX at all', () => {
    expect(thrown(() => assertValidBundle('{')).message).toMatch(/^invalid STIX content: input at \/: not valid JSON/);
  });
});
