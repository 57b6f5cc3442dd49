import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { buildPurl } from './build-purl.js';
import { formatPurl } from './format-purl.js';
import type { PurlComponents } from './package-url.js';
import { normalisePurl, parsePurl } from './parse-purl.js';

function refusal(r: ReturnType<typeof parsePurl>): { message: string; details: Readonly<Record<string, unknown>> | undefined } {
  if (r.ok) throw new Error(`accepted as ${formatPurl(r.value)}`);
  expect(isSakimoriError(r.error, 'SAKIMORI_ERR_PURL_MALFORMED')).toBe(true);
  expect(r.error.statusCode).toBe(400);
  return { message: r.error.message, details: r.error.details };
}

describe('parsePurl', () => {
  it('decodes every component and applies the type rules', () => {
    expect(parsePurl('pkg:PYPI/Django_package@1.11.1.dev1?file_name=Django-1.11.1.tar.gz#/src/./django/')).toEqual({
      ok: true,
      value: { type: 'pypi', namespace: null, name: 'django-package', version: '1.11.1.dev1', qualifiers: { file_name: 'Django-1.11.1.tar.gz' }, subpath: 'src/django' },
    });
  });

  it('accepts a type it has no rules for, even one named like an Object property', () => {
    expect(normalisePurl('pkg:Constructor/ns/x@1')).toEqual({ ok: true, value: 'pkg:constructor/ns/x@1' });
  });

  it('never lets a subpath climb out of the package, encoded or not', () => {
    const r = parsePurl('pkg:generic/x@1#a/%2E%2E/../b');
    expect(r.ok && r.value.subpath).toBe('a/b');
  });

  it.each([
    ['a number', 7, /is a string, not number/],
    ['an empty string', '', /empty package URL/],
    ['no scheme', 'EnterpriseLibrary.Common@6.0.1304', /starts with the scheme pkg:/],
    ['an encoded scheme colon', 'pkg%3Amaven/org.apache.commons/io', /starts with the scheme pkg:/],
    ['no type', 'pkg:/', /type: a type is required/],
    ['no name', 'pkg:maven/@1.3.4', /name: a name is required/],
    ['a type starting with a digit', 'pkg:3nginx/nginx@0.8.9', /type: "3nginx" is no type/],
    ['a colon in the type', 'pkg:nginx:a/nginx@0.8.9', /type: "nginx:a" is no type/],
    ['a space in a qualifier key', 'pkg:npm/x@1.0.0?in%20production=true', /qualifiers: "in%20production" is no qualifier key/],
    ['an uppercase qualifier key', 'pkg:gem/jruby-launcher@1.1.2?Platform=java', /qualifiers: qualifier key "Platform" is not in lowercase/],
    ['a repeated qualifier key', 'pkg:npm/x@1?a=1&a=2', /qualifier key "a" appears twice/],
    ['a qualifier without =', 'pkg:npm/x@1?flag', /"flag" is no key=value pair/],
    ['a broken percent-encoding', 'pkg:npm/x@1%zz', /version: invalid percent-encoding/],
    ['percent-encoded bytes that are not UTF-8', 'pkg:npm/%C3%28', /name: invalid percent-encoding/],
    ['a lone surrogate', 'pkg:npm/x\uD800', /name: holds a lone surrogate/],
    ['a namespace where the type has none', 'pkg:vcpkg/boost/asio@1.84.0', /namespace: purls of type vcpkg have no namespace/],
    ['no namespace where the type needs one', 'pkg:swift/Alamofire@5.4.3', /namespace: purls of type swift need a namespace/],
    ['a required qualifier missing', 'pkg:julia/Dates@1.9.0', /qualifiers: purls of type julia need the uuid qualifier/],
    ['a cpan module name', 'pkg:cpan/LWP::UserAgent@6.7.6', /name: "LWP::UserAgent" is a module name/],
    ['a Chrome extension id of the wrong shape', 'pkg:chrome-extension/dogs', /name: a Chrome extension id is 32 letters/],
  ])('refuses %s with a coded error that names the component', (_what, text, message) => {
    expect(refusal(parsePurl(text)).message).toMatch(message);
  });

  it('puts the component and offset of the fault in the error details', () => {
    expect(refusal(parsePurl('pkg:npm/x@1?a=%zz')).details).toEqual({ component: 'qualifiers', offset: 14 });
  });

  it('remediates, when lenient, what the recommended tests show: key case, unencoded npm scope, git case', () => {
    expect(normalisePurl('pkg:Rpm/fedora/curl@7.50.3-1.fc25?Arch=i386&Distro=fedora-25', { lenient: true })).toEqual({
      ok: true,
      value: 'pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25',
    });
    // Without a version, the strict rightmost-@ rule takes the scope for a version and leaves no name.
    expect(normalisePurl('pkg:npm/@babel/core', { lenient: true })).toEqual({ ok: true, value: 'pkg:npm/%40babel/core' });
    expect(refusal(parsePurl('pkg:npm/@babel/core')).message).toMatch(/name: a name is required/);
    expect(normalisePurl('pkg:git/github/Package-url/purl-Spec', { lenient: true })).toEqual({ ok: true, value: 'pkg:git/github/package-url/purl-spec' });
  });
});

describe('buildPurl and formatPurl', () => {
  it('encode what the canonical form encodes, and keep colons', () => {
    const r = buildPurl({ type: 'generic', name: 'bitwarderl', qualifiers: { vcs_url: 'git+https://git.fsfe.org/dxtr/bitwarderl@cc55108da32', empty: '' }, subpath: 'a b/c!' });
    expect(r.ok && formatPurl(r.value)).toBe('pkg:generic/bitwarderl?vcs_url=git%2Bhttps:%2F%2Fgit.fsfe.org%2Fdxtr%2Fbitwarderl%40cc55108da32#a%20b/c%21');
  });

  it('round-trips through parsing', () => {
    const r = buildPurl({ type: 'git', namespace: 'codeberg.org', name: 'forgejo/forgejo', version: 'a72d2c07' });
    const text = r.ok ? formatPurl(r.value) : '';
    expect(text).toBe('pkg:git/codeberg.org/forgejo/forgejo@a72d2c07');
    expect(parsePurl(text)).toEqual(r);
  });

  it.each([
    ['no type', { name: 'x' }, /type: a type is required/],
    ['no name', { type: 'maven', namespace: 'org.example' }, /name: a name is required/],
    ['a name that is no string', { type: 'npm', name: 42 }, /name: a string or null, not number/],
    ['qualifiers that are a list', { type: 'npm', name: 'x', qualifiers: ['a=1'] }, /qualifiers: an object of key → value/],
    ['a qualifier value that is no string', { type: 'npm', name: 'x', qualifiers: { a: 1 } }, /the value of a is a string, not number/],
    ['an invalid qualifier key', { type: 'npm', name: 'x', qualifiers: { 'in production': 'true' } }, /"in production" is no qualifier key/],
    ['a prohibited namespace', { type: 'otp', namespace: 'namespace', name: 'hex' }, /purls of type otp have no namespace/],
  ])('refuses %s', (_what, components, message) => {
    expect(refusal(buildPurl(components as unknown as PurlComponents)).message).toMatch(message);
  });
});
