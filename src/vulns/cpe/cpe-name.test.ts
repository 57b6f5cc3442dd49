import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { normaliseCpe, parseCpe } from './cpe-name.js';
import { bindToFs } from './formatted-string.js';
import { compareWfns, isSuperset } from './match.js';
import { bindToUri } from './uri.js';
import { createWfn, NA, wfnString } from './wfn.js';

/** The error of a refused name, failing the test when it is accepted. */
function refusal(text: unknown): { message: string; details: Readonly<Record<string, unknown>> | undefined } {
  const r = normaliseCpe(text);
  if (r.ok) throw new Error(`accepted ${JSON.stringify(text)} as ${r.value}`);
  expect(isSakimoriError(r.error, 'SAKIMORI_ERR_CPE_MALFORMED')).toBe(true);
  expect(r.error.statusCode).toBe(400);
  return { message: r.error.message, details: r.error.details };
}

describe('normaliseCpe', () => {
  it('turns either binding into the canonical formatted string', () => {
    expect(normaliseCpe('cpe:/a:apache:xerces-c%2B%2B')).toEqual({ ok: true, value: 'cpe:2.3:a:apache:xerces-c\\+\\+:*:*:*:*:*:*:*:*' });
    expect(normaliseCpe('CPE:/O:Microsoft:Windows_7::SP1')).toEqual({ ok: true, value: 'cpe:2.3:o:microsoft:windows_7:*:sp1:*:*:*:*:*:*' });
    expect(normaliseCpe('cpe:/a:hp:insight_diagnostics:7.4.0.1570::~~online~win2003~x64~')).toEqual({ ok: true, value: 'cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:*:*:*:online:win2003:x64:*' });
    expect(normaliseCpe('cpe:2.3:a:foo\\.bar:baz\\-qux:1\\.0:*:*:*:*:*:*:*')).toEqual({ ok: true, value: 'cpe:2.3:a:foo.bar:baz-qux:1.0:*:*:*:*:*:*:*' });
  });

  it('keeps wildcards in both directions', () => {
    expect(normaliseCpe('cpe:/a:microsoft:internet_explorer:8.%01%01')).toEqual({ ok: true, value: 'cpe:2.3:a:microsoft:internet_explorer:8.??:*:*:*:*:*:*:*' });
    const wfn = parseCpe('cpe:2.3:a:microsoft:internet_explorer:8.*:*:*:*:*:*:*:*');
    expect(wfn.ok && bindToUri(wfn.value)).toBe('cpe:/a:microsoft:internet_explorer:8.%02');
  });

  it.each([
    ['a number', 42, /is a string, not number/],
    ['null', null, /is a string, not null/],
    ['an empty string', '', /empty CPE name/],
    ['a wrong prefix', 'cpe:2.2:a:foo:bar', /unknown prefix/],
    ['no prefix at all', 'a:microsoft:windows', /unknown prefix/],
    ['too few formatted-string components', 'cpe:2.3:a:vendor', /too few components.*has 2/],
    ['too many formatted-string components', 'cpe:2.3:a:v:p:1:*:*:*:*:*:*:*:extra', /too many components.*has 12/],
    ['too many URI components', 'cpe:/a:v:p:1:u:e:en:extra', /too many components.*has 8/],
    ['an escape of a letter', 'cpe:2.3:a:foo:b\\ar:*:*:*:*:*:*:*:*', /product: \\a is no valid escape.*offset 15/],
    ['a trailing backslash', 'cpe:2.3:a:foo:bar:1:*:*:*:*:*:*:*\\', /backslash ends the name/],
    ['unquoted punctuation', 'cpe:2.3:a:foo:b!r:*:*:*:*:*:*:*:*', /product: character '!' must be quoted as \\!.*offset 15/],
    ['a non-ASCII letter', 'cpe:2.3:a:f\u00e9e:bar:*:*:*:*:*:*:*:*', /vendor: illegal character U\+00E9.*offset 11/],
    ['a space in a URI', 'cpe:/a:foo bar', /vendor: character U\+0020 is not allowed in a URI/],
    ['an embedded * wildcard', 'cpe:2.3:a:foo:bar:1.*.2:*:*:*:*:*:*:*', /version: an unquoted \* may only begin or end.*offset 20/],
    ['an embedded ? wildcard', 'cpe:2.3:a:foo:bar:1?2:*:*:*:*:*:*:*', /version: an unquoted \? may only appear in a run/],
    ['an embedded %02 wildcard', 'cpe:/a:foo:bar:1.%02.2', /version: %02 .* may only begin or end/],
    ['an embedded %01 wildcard', 'cpe:/a:foo:bar:1%01.2', /version: %01 .* may only appear in a run/],
    ['a percent-encoding the URI binding does not use', 'cpe:/a:foo:%2e', /product: %2e is no percent-encoding/],
    ['a broken percent-encoding', 'cpe:/a:foo:%zz', /product: %zz is no percent-encoding/],
    ['an unbalanced packed edition', 'cpe:/a:foo:bar:1.0::~a~b', /edition: unbalanced packed edition.*this one has 2/],
    ['a packed edition with a field too many', 'cpe:/a:foo:bar:1.0::~a~b~c~d~e~f', /edition: unbalanced packed edition.*this one has 6/],
    ['an unknown part', 'cpe:2.3:x:foo:bar:*:*:*:*:*:*:*:*', /part: must be a, o or h/],
    ['a part of NA', 'cpe:2.3:-:foo:bar:*:*:*:*:*:*:*:*', /part: NA \(-\) is not allowed/],
    ['an empty attribute', 'cpe:2.3:a::bar:*:*:*:*:*:*:*:*', /vendor: empty attribute/],
    ['a language that is no tag', 'cpe:2.3:a:foo:bar:*:*:*:english:*:*:*:*', /language: "english" is not a language tag/],
    ['wildcards only', 'cpe:2.3:a:foo:bar:*?:*:*:*:*:*:*:*', /version: a value of wildcards only/],
    ['a lone quoted hyphen', 'cpe:2.3:a:foo:\\-:*:*:*:*:*:*:*:*', /product: a quoted hyphen alone/],
  ])('refuses %s with a coded error that says where', (_what, text, message) => {
    expect(refusal(text).message).toMatch(message);
  });

  it('puts the attribute and offset of the fault in the error details', () => {
    expect(refusal('cpe:2.3:a:foo:bar:1.*.2:*:*:*:*:*:*:*').details).toEqual({ component: 'version', offset: 20 });
  });
});

describe('createWfn', () => {
  it('fills unspecified attributes with ANY and binds both ways', () => {
    const r = createWfn({ part: wfnString('a'), vendor: wfnString('microsoft'), product: wfnString('internet_explorer'), version: wfnString('8\\.0'), update: NA });
    expect(r.ok && bindToFs(r.value)).toBe('cpe:2.3:a:microsoft:internet_explorer:8.0:-:*:*:*:*:*:*');
    expect(r.ok && bindToUri(r.value)).toBe('cpe:/a:microsoft:internet_explorer:8.0:-');
  });

  it('refuses a value that is not in quoted WFN form', () => {
    const r = createWfn({ part: wfnString('a'), product: wfnString('8.0') });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/product: character '\.' must be quoted/);
  });
});

describe('matching', () => {
  const wfn = (fs: string) => {
    const r = parseCpe(fs);
    if (!r.ok) throw r.error;
    return r.value;
  };

  it('lets a criterion with a version wildcard cover a concrete version, not the reverse', () => {
    const criterion = wfn('cpe:2.3:a:apache:log4j:2.*:*:*:*:*:*:*:*');
    const entry = wfn('cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*');
    expect(compareWfns(criterion, entry).version).toBe('SUPERSET');
    expect(isSuperset(criterion, entry)).toBe(true);
    expect(isSuperset(entry, criterion)).toBe(false);
    expect(compareWfns(entry, criterion).version).toBe('UNDEFINED');
  });

  it('compares case-insensitively', () => {
    expect(compareWfns(wfn('cpe:2.3:a:Apache:Log4j:*:*:*:*:*:*:*:*'), wfn('cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*')).vendor).toBe('EQUAL');
  });
});
