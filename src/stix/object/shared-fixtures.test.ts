/**
 * Every STIX file of the shared fixtures (OASIS examples, the APT1 and Poison Ivy reports, the
 * cti-documentation examples and the python-stix2 versioned store) is real STIX 2.1 and must
 * validate, under the reference validator's default options.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { describeExternal, missingFixtures, sharedFixture } from '../../testing/external.js';
import { formatFindings } from './format-findings.js';
import { validateStix } from './validate-stix.js';

/** The one STIX 2.0 bundle of the versioned store (python-stix2 keeps a 2.0 version of this malware). */
const STIX_20 = 'conformance/versioned-store/malware/malware--b42378e0-f147-496f-992a-26a49705395b/20170531213215263882.json';

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

describeExternal('stix/object on the shared STIX fixtures', missingFixtures(), () => {
  const root = sharedFixture('stix');
  // The conformance case files are lists of test cases, not STIX documents.
  const files = jsonFiles(root)
    .map((f) => relative(root, f))
    .filter((f) => !/^conformance\/[^/]+\.json$/.test(f))
    .sort();

  it('finds the examples, both threat reports, the documentation examples and the versioned store', () => {
    expect(files).toContain('threat-reports/apt1.json');
    expect(files).toContain('threat-reports/poisonivy.json');
    expect(files.filter((f) => f.startsWith('conformance/documentation-examples/'))).toHaveLength(9);
    expect(files.filter((f) => f.startsWith('conformance/versioned-store/'))).toHaveLength(31);
    expect(files.length).toBe(48);
  });

  for (const file of files.filter((f) => f !== STIX_20)) {
    it(`accepts ${file}`, () => {
      const result = validateStix(JSON.parse(readFileSync(join(root, file), 'utf8')));
      expect(result.errors, formatFindings(result)).toEqual([]);
      expect(result.valid).toBe(true);
    });
  }

  // The reference validator detects `spec_version: "2.0"` on this bundle and checks it against the
  // STIX 2.0 schemas, which it passes. This module validates STIX 2.1 only, so it refuses the bundle
  // with one finding that says so instead of reporting 2.0 properties as 2.1 errors.
  it('refuses the STIX 2.0 bundle of the versioned store as 2.0 content', () => {
    const result = validateStix(JSON.parse(readFileSync(join(root, STIX_20), 'utf8')));
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([expect.objectContaining({ objectId: 'bundle', path: '/spec_version', code: 'SAKIMORI_ERR_STIX_OBJECT_SPEC_VERSION' })]);
  });
});
