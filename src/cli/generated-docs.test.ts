import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../testing/external.js';
import { definedErrors } from '../core/errors.js';
import { partErrors } from '../core/error-reference.js';
import { DOCUMENTED, generatedDocs } from './generated-docs.js';

describe('generated documentation', () => {
  it('is up to date with the configuration schema and the error codes (run `npm run docs`)', async () => {
    for (const [file, text] of Object.entries(await generatedDocs())) {
      expect(readFileSync(`${REPO_ROOT}/${file}`, 'utf8'), `${file} is stale: run npm run docs`).toBe(text);
    }
  });

  it('documents every configuration section and error code', async () => {
    const docs = await generatedDocs();
    expect(docs['docs/configuration.md']).toContain('`collector.netflow.listen`');
    expect(docs['docs/configuration.md']).toContain('SAKIMORI_STORAGE__URL');
    expect(docs['docs/errors.md']).toContain('`SAKIMORI_ERR_CONFIG_INVALID` | 400');
  });
});

describe('error codes', () => {
  it('belong to a part: every error the program can raise is in a descriptor (so docs/errors.md lists it)', async () => {
    // Loading the whole command tree defines every error the program can raise.
    await import('./program.js');
    await import('../operations/index.js');
    const documented = new Set(partErrors(DOCUMENTED).keys());
    const orphans = [...definedErrors().keys()].filter((code) => !documented.has(code));
    expect(orphans, 'errors no descriptor lists: add their module to the part’s `errors`').toEqual([]);
  });
});
