/**
 * Every NVD fixture read (pages through `readNvdPage`, single items through `parseNvdRecord`), the
 * counts of the whole vunnel page, and pages that break NVD's paging refused as a whole.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { describeExternal, missingFixtures, sharedFixture } from '../../../testing/external.js';
import type { NvdFacts } from '../../record.js';
import { nextStartIndex } from './nvd-page-plan.js';
import { parseNvdRecord } from './parse-nvd-record.js';
import { type NvdPage, readNvdPage } from './read-nvd-page.js';

type Json = Record<string, unknown>;

/** Every JSON file under the NVD fixture folders, by path relative to `vuln/`. */
function fixtureFiles(): string[] {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : []));
  return ['nvd', 'nvd-configurations'].flatMap((d) => walk(sharedFixture('vuln', d))).map((f) => relative(sharedFixture('vuln'), f));
}
const load = (file: string): Json => JSON.parse(readFileSync(sharedFixture('vuln', file), 'utf8')) as Json;
const fullPage = (): Json => load('nvd-configurations/vunnel-full-page.json');

function page(json: unknown, expect?: { startIndex: number }): NvdPage {
  const r = readNvdPage(json, expect);
  if (!r.ok) throw r.error;
  return r.value;
}

/** The records of every fixture, pages and single items alike. */
function everyRecord(): NvdFacts[] {
  return fixtureFiles().flatMap((file) => {
    const json = load(file);
    if (json.vulnerabilities !== undefined) return [...page(json, { startIndex: 0 }).records];
    const r = parseNvdRecord(json);
    if (!r.ok) throw r.error;
    return [r.value];
  });
}

describeExternal('nvd/readNvdPage: shared NVD fixtures', missingFixtures(), () => {
  it('reads every fixture file without skipping a record', () => {
    const files = fixtureFiles();
    expect(files.length).toBe(32);
    for (const file of files) {
      const json = load(file);
      if (json.vulnerabilities === undefined) {
        expect(parseNvdRecord(json).ok, file).toBe(true);
        continue;
      }
      const p = page(json, { startIndex: 0 });
      expect(p.skipped, file).toEqual([]);
      expect(p.records.length, file).toBe((json.vulnerabilities as unknown[]).length);
    }
  });

  it('reads the whole vunnel page: 38 records, 25 with configurations (11 of them "running on" ANDs) and 13 awaiting analysis without', () => {
    const p = page(fullPage(), { startIndex: 0 });
    expect({ startIndex: p.startIndex, resultsPerPage: p.resultsPerPage, totalResults: p.totalResults, timestamp: p.timestamp }).toEqual({
      startIndex: 0,
      resultsPerPage: 38,
      totalResults: 38,
      timestamp: '2023-10-18T18:04:18.493',
    });
    const withConfigurations = p.records.filter((r) => r.configurations.length > 0);
    expect(p.records.length).toBe(38);
    expect(withConfigurations.length).toBe(25);
    expect(p.records.filter((r) => r.configurations.length === 0).map((r) => r.vulnStatus)).toEqual(Array(13).fill('Awaiting Analysis'));
    expect(p.records.flatMap((r) => r.configurations).filter((c) => c.operator === 'AND' && c.nodes.length === 2).length).toBe(11);
    expect(nextStartIndex(p)).toBeUndefined();
  });

  it('sees every NVD analysis status of the fixtures', () => {
    const statuses = new Set(everyRecord().map((r) => r.vulnStatus));
    expect([...statuses].sort()).toEqual(['Analyzed', 'Awaiting Analysis', 'Deferred', 'Modified', 'Undergoing Analysis']);
  });

  it('normalises every criterion to a CPE 2.3 formatted string and keeps every score in 0–10', () => {
    const records = everyRecord();
    const criteria = records.flatMap((r) => r.configurations.flatMap((c) => c.nodes.flatMap((n) => n.cpeMatch.map((m) => m.criteria))));
    expect(criteria.length).toBeGreaterThan(150);
    expect(criteria.every((c) => c.startsWith('cpe:2.3:'))).toBe(true);
    expect(records.flatMap((r) => r.cvss).every((m) => m.baseScore >= 0 && m.baseScore <= 10)).toBe(true);
  });

  it('skips a bad record in a good page and keeps the rest', () => {
    const json = fullPage();
    const items = json.vulnerabilities as Json[];
    ((items[5] as Json).cve as Json).published = 'yesterday';
    const p = page(json, { startIndex: 0 });
    expect(p.records.length).toBe(37);
    expect(p.skipped.map((s) => s.index)).toEqual([5]);
    expect(p.skipped[0]?.error.code).toBe('SAKIMORI_ERR_VULN_RECORD_MALFORMED');
    expect(p.skipped[0]?.error.details).toEqual({ source: 'nvd', record: ((items[5] as Json).cve as Json).id, path: 'cve.published', page: 0 });
    expect(nextStartIndex(p)).toBeUndefined();
  });
});

/** The full page with its header changed and its items cut to `items` when given. */
function variant(header: Json, items?: number): Json {
  const json = { ...fullPage(), ...header };
  if (items !== undefined) json.vulnerabilities = (json.vulnerabilities as unknown[]).slice(0, items);
  return json;
}

function refusal(json: unknown, expect?: { startIndex: number }) {
  const r = readNvdPage(json, expect);
  if (r.ok) throw new Error('the page was accepted');
  return r.error;
}

describeExternal('nvd/readNvdPage: pages that break the paging rules', missingFixtures(), () => {
  it('accepts the last page of a longer result and ends the plan there', () => {
    const p = page(variant({ startIndex: 2000, resultsPerPage: 2000, totalResults: 2038 }), { startIndex: 2000 });
    expect(p.records.length).toBe(38);
    expect(nextStartIndex(p)).toBeUndefined();
    expect(nextStartIndex(page(variant({ startIndex: 0, resultsPerPage: 38, totalResults: 2038 }), { startIndex: 0 }))).toBe(38);
  });

  it('accepts an empty page at the very end', () => {
    expect(page(variant({ startIndex: 38, totalResults: 38 }, 0), { startIndex: 38 }).records).toEqual([]);
  });

  it('refuses a repeated page and a skipped one (startIndex other than asked)', () => {
    const repeated = refusal(variant({ startIndex: 0, totalResults: 2038 }), { startIndex: 38 });
    expect(repeated.code).toBe('SAKIMORI_ERR_VULN_SOURCE_MALFORMED');
    expect(repeated.message).toMatch(/startIndex 0 where 38 was asked for \(a page already read\)/);
    expect(repeated.details).toMatchObject({ source: 'nvd', startIndex: 0, expectedStartIndex: 38 });
    expect(refusal(variant({ startIndex: 76, totalResults: 2038 }), { startIndex: 38 }).message).toMatch(/a page skipped/);
  });

  it('refuses a page that ends early', () => {
    const e = refusal(variant({}, 35), { startIndex: 0 });
    expect(e.message).toMatch(/page ends early: 35 records where 38 are due/);
    expect(e.details).toEqual({ source: 'nvd', startIndex: 0, resultsPerPage: 38, totalResults: 38, items: 35 });
    expect(refusal(variant({ resultsPerPage: 2000, totalResults: 5000 })).message).toMatch(/38 records where 2000 are due/);
  });

  it('refuses more records than resultsPerPage', () => {
    expect(refusal(variant({ resultsPerPage: 37 })).message).toMatch(/38 records on a page of resultsPerPage 37/);
  });

  it('refuses a startIndex past totalResults', () => {
    expect(refusal(variant({ startIndex: 40, totalResults: 38 }, 0)).message).toMatch(/startIndex 40 is past totalResults 38/);
  });

  it('refuses a page that makes no progress', () => {
    expect(refusal(variant({ resultsPerPage: 0 }, 0)).message).toMatch(/no records although 38 remain/);
  });

  it('refuses what is not a CVE page at all, naming the field', () => {
    const cases: readonly (readonly [unknown, string])[] = [
      [[], '$'],
      [null, '$'],
      ['{}', '$'],
      [variant({ totalResults: undefined }), 'totalResults'],
      [variant({ resultsPerPage: -1 }), 'resultsPerPage'],
      [variant({ startIndex: 1.5 }), 'startIndex'],
      [variant({ vulnerabilities: { cve: {} } }), 'vulnerabilities'],
      [variant({ timestamp: 'now' }), 'timestamp'],
      [variant({ format: 'NVD_CPE' }), 'format'],
    ];
    for (const [json, path] of cases) {
      const e = refusal(json);
      expect(e.code).toBe('SAKIMORI_ERR_VULN_SOURCE_MALFORMED');
      expect(e.details).toEqual({ source: 'nvd', path });
      expect(e.message).toContain(`NVD page: ${path}: `);
    }
  });
});
