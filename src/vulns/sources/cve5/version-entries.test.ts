/**
 * `versions[]` unfolding on the examples of the CVE 5 version documentation
 * (CVEProject/cve-schema `schema/docs/versions.md`) and on the shapes CNAs write in practice.
 */
import { describe, expect, it } from 'vitest';
import { ShapeError } from '../nvd/json-shape.js';
import { compareLoose, readConstraint, readUpperLimit } from './version-bounds.js';
import { unfoldVersions } from './version-entries.js';

const unfold = (...versions: object[]) => unfoldVersions(versions, 'versions');

describe('cve5/unfoldVersions: the schema documentation examples', () => {
  it('2.0.0 up to but not including 2.5.2 (semver) is one affected range', () => {
    expect(unfold({ version: '2.0.0', versionType: 'semver', lessThan: '2.5.2', status: 'affected' })).toStrictEqual({
      affected: [{ startIncluding: '2.0.0', endExcluding: '2.5.2' }],
      unaffected: [],
      text: [],
      versionType: 'semver',
    });
  });

  it('lessThanOrEqual includes its limit', () => {
    expect(unfold({ version: '2.0.0', versionType: 'semver', lessThanOrEqual: '2.5.1', status: 'affected' }).affected).toStrictEqual([{ startIncluding: '2.0.0', endIncluding: '2.5.1' }]);
  });

  it('"lessThan: 2.*" ends after the whole 2.x series, and status changes cut the range in segments', () => {
    const v = unfold({
      version: '2.0.0',
      versionType: 'semver',
      lessThan: '2.*',
      status: 'affected',
      changes: [
        { at: '2.5.2', status: 'unaffected' },
        { at: '2.6.0', status: 'affected' },
        { at: '2.6.3', status: 'unaffected' },
      ],
    });
    expect([v.affected, v.unaffected]).toStrictEqual([
      [
        { startIncluding: '2.0.0', endExcluding: '2.5.2' },
        { startIncluding: '2.6.0', endExcluding: '2.6.3' },
      ],
      [
        { startIncluding: '2.5.2', endExcluding: '2.6.0' },
        { startIncluding: '2.6.3', endExcluding: '3' },
      ],
    ]);
  });

  it('re-sorts changes, as clients must, numerically and not by text', () => {
    const v = unfold({
      version: '0',
      versionType: 'custom',
      lessThan: '*',
      status: 'unaffected',
      changes: [
        { at: '2.10', status: 'unaffected' },
        { at: '2.9', status: 'affected' },
      ],
    });
    expect([v.affected, v.unaffected]).toStrictEqual([[{ startIncluding: '2.9', endExcluding: '2.10' }], [{ endExcluding: '2.9' }, { startIncluding: '2.10' }]]);
  });

  it('"0" and "*" are no bound at all; a single version is a range of one', () => {
    expect(unfold({ version: '0', versionType: 'semver', lessThan: '*', status: 'affected' }).affected).toStrictEqual([{}]);
    expect(unfold({ version: '2.4', status: 'affected' }, { version: '2.6', status: 'unaffected' })).toStrictEqual({
      affected: [{ startIncluding: '2.4', endIncluding: '2.4' }],
      unaffected: [{ startIncluding: '2.6', endIncluding: '2.6' }],
      text: [],
    });
  });

  it('leaves commit changes to the text: their order is ancestry in a repository the record does not carry', () => {
    const v = unfold({
      version: '0',
      versionType: 'git',
      lessThan: '*',
      status: 'unaffected',
      changes: [
        { at: '123abc', status: 'affected' },
        { at: '234bcd', status: 'unaffected' },
      ],
    });
    expect(v.affected).toEqual([]);
    expect(v.text).toEqual(['unaffected: from 0 before * (git), then affected from 123abc, unaffected from 234bcd [changes between commits cannot be ordered without the repository]']);
  });
});

describe('cve5/unfoldVersions: what CNAs write', () => {
  it('keeps an unknown status as text, once per entry', () => {
    const v = unfold({ version: '1.0', versionType: 'semver', lessThan: '2.0', status: 'unknown', changes: [{ at: '1.5', status: 'unknown' }] });
    expect(v).toStrictEqual({ affected: [], unaffected: [], text: ['unknown: from 1.0 before 2.0 (semver), then unknown from 1.5 [status unknown]'], versionType: 'semver' });
  });

  it('keeps a range of another, non-numeric versionType as text', () => {
    const v = unfold({ version: '1.0', versionType: 'semver', lessThan: '2.0', status: 'affected' }, { version: 'abc123', versionType: 'git', lessThan: 'def456', status: 'affected' });
    expect(v.affected).toStrictEqual([{ startIncluding: '1.0', endExcluding: '2.0' }]);
    expect(v.text).toEqual(["affected: from abc123 before def456 (git) [versionType git differs from the product's semver]"]);
  });

  it('keeps a range whose start or change is free text as text', () => {
    expect(unfold({ version: 'all versions', versionType: 'custom', lessThan: '2.3', status: 'affected' }).text).toEqual([
      'affected: from all versions before 2.3 (custom) [start "all versions" is not a version]',
    ]);
    expect(unfold({ version: '1.0', versionType: 'custom', lessThan: '2.0', status: 'affected', changes: [{ at: 'the next one', status: 'unaffected' }] }).text[0]).toMatch(
      /change at "the next one" is not a version/,
    );
  });

  it('reads GitHub constraints and refuses what is not one', () => {
    expect(
      unfold({ version: '>= 1.7.0, < 1.18.4', status: 'affected' }, { version: '<= 0.9', status: 'affected' }, { version: '= 1.2.3', status: 'unaffected' }, { version: '> 2', status: 'affected' }),
    ).toStrictEqual({
      affected: [{ startIncluding: '1.7.0', endExcluding: '1.18.4' }, { endIncluding: '0.9' }, { startExcluding: '2' }],
      unaffected: [{ startIncluding: '1.2.3', endIncluding: '1.2.3' }],
      text: [],
    });
    for (const c of ['>= 1, >= 2', '< 1, <= 2', '= 1, < 2', '< 1 or so', '<', '>= 1,']) expect(readConstraint(c), c).toBeUndefined();
  });

  it('refuses entries the schema does not allow, naming the field', () => {
    const refusal = (...versions: object[]) => {
      try {
        unfold(...versions);
      } catch (e) {
        if (e instanceof ShapeError) return `${e.path}: ${e.problem}`;
        throw e;
      }
      return 'accepted';
    };
    expect(refusal()).toMatch(/^versions: at least 1 item/);
    expect(refusal({ version: '1', status: 'affected' }, { version: ['1'], status: 'affected' })).toMatch(/^versions\[1\]\.version: a non-empty string/);
    expect(refusal({ version: '1', status: 'affected', lessThan: '2' })).toMatch(/^versions\[0\]\.versionType: a range needs versionType/);
    expect(refusal({ version: '1', versionType: 'semver', status: 'affected', changes: [] })).toMatch(/^versions\[0\]\.changes: at least 1 item/);
  });
});

describe('cve5/version-bounds', () => {
  it('reads "*" limits as the schema defines them', () => {
    expect(readUpperLimit('*', false)).toEqual({ kind: 'open' });
    expect(readUpperLimit('5.15.*', true)).toEqual({ kind: 'bound', range: { endExcluding: '5.16' } });
    expect(readUpperLimit('9.*', false)).toEqual({ kind: 'bound', range: { endExcluding: '10' } });
    expect(readUpperLimit('log4j-core*', false)).toMatchObject({ kind: 'unreadable', star: true });
    expect(readUpperLimit('unspecified', false)).toMatchObject({ kind: 'unreadable', star: false });
    expect(readUpperLimit('2.5.2', false)).toEqual({ kind: 'bound', range: { endExcluding: '2.5.2' } });
  });

  it('orders versions loosely: numbers by value, a version before its extensions', () => {
    const sorted = ['2.10', '2.9', '2.9.1', '2.0-beta9', '2.0', '10', '02.1'].sort(compareLoose);
    expect(sorted).toEqual(['2.0', '2.0-beta9', '02.1', '2.9', '2.9.1', '2.10', '10']);
  });
});
