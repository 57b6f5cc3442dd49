import { describe, expect, it } from 'vitest';
import { readEnvelope } from './envelope-intake.js';
import { assertAcceptable, assertTaxiiContentType } from './media-type.js';
import { decodeNext, encodeNext } from './next-token.js';
import { parseTaxiiQuery } from './query.js';
import { nextMicrosecond, parseTaxiiTimestamp } from './timestamp.js';

const code = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe('TAXII protocol', () => {
  it('normalises timestamps to microseconds and refuses malformed ones', () => {
    expect(parseTaxiiTimestamp('2016-11-03T12:30:59Z')).toBe('2016-11-03T12:30:59.000000Z');
    expect(parseTaxiiTimestamp('2016-11-03T12:30:59.1234567Z')).toBe('2016-11-03T12:30:59.123456Z');
    expect(parseTaxiiTimestamp('2016-02-30T00:00:00Z')).toBeUndefined();
    expect(parseTaxiiTimestamp('yesterday')).toBeUndefined();
    expect(nextMicrosecond('2016-11-03T12:30:59.999999Z' as never)).toBe('2016-11-03T12:31:00.000000Z');
  });

  it('refuses bad added_after, bad limit and unknown match[...] with 400', () => {
    expect(code(() => parseTaxiiQuery('objects', { added_after: 'soon' }, 20, 'c'))).toBe('SAKIMORI_ERR_TAXII_BAD_QUERY');
    for (const limit of ['-20', '0', 'ten', '1.5']) expect(code(() => parseTaxiiQuery('objects', { limit }, 20, 'c'))).toBe('SAKIMORI_ERR_TAXII_BAD_QUERY');
    expect(code(() => parseTaxiiQuery('objects', { 'match[colour]': 'red' }, 20, 'c'))).toBe('SAKIMORI_ERR_TAXII_BAD_QUERY');
    expect(code(() => parseTaxiiQuery('versions', { 'match[version]': 'all' }, 20, 'c'))).toBe('SAKIMORI_ERR_TAXII_BAD_QUERY');
    expect(code(() => parseTaxiiQuery('objects', { 'match[version]': 'first,2020-01-01T00:00:00Z' }, 20, 'c'))).toBe('ok');
    expect(parseTaxiiQuery('objects', { limit: '500' }, 20, 'c').limit).toBe(20);
  });

  it('binds next tokens to the filters they were issued for', () => {
    const all = parseTaxiiQuery('objects', { 'match[version]': 'all' }, 20, 'c');
    const first = parseTaxiiQuery('objects', { 'match[version]': 'first' }, 20, 'c');
    const token = encodeNext({ dateAdded: '2020-01-01T00:00:00.000001Z' as never, seq: 7 }, all.fingerprint);
    expect(decodeNext(token, all.fingerprint)).toEqual({ dateAdded: '2020-01-01T00:00:00.000001Z', seq: 7 });
    expect(code(() => decodeNext(token, first.fingerprint))).toBe('SAKIMORI_ERR_TAXII_BAD_NEXT');
    expect(code(() => decodeNext('garbage', all.fingerprint))).toBe('SAKIMORI_ERR_TAXII_BAD_NEXT');
  });

  it('negotiates the TAXII 2.1 media type', () => {
    expect(code(() => assertAcceptable('application/taxii+json;version=2.1'))).toBe('ok');
    expect(code(() => assertAcceptable('text/html, application/taxii+json'))).toBe('ok');
    expect(code(() => assertAcceptable('application/taxii+json;version=2.0'))).toBe('SAKIMORI_ERR_TAXII_NOT_ACCEPTABLE');
    expect(code(() => assertAcceptable(undefined))).toBe('SAKIMORI_ERR_TAXII_NOT_ACCEPTABLE');
    expect(code(() => assertTaxiiContentType('application/taxii+json; version=2.1'))).toBe('ok');
    expect(code(() => assertTaxiiContentType('application/json'))).toBe('SAKIMORI_ERR_TAXII_UNSUPPORTED_MEDIA_TYPE');
  });

  it('reads envelopes: 422 without objects, invalid STIX 2.1 objects refused one by one', () => {
    expect(code(() => readEnvelope({}))).toBe('SAKIMORI_ERR_TAXII_UNPROCESSABLE');
    const good = {
      type: 'course-of-action',
      spec_version: '2.1',
      id: 'course-of-action--68794cd5-28db-429d-ab1e-1256704ef906',
      created: '2017-01-27T13:49:53.935Z',
      modified: '2017-01-27T13:49:53.935Z',
      name: 'x',
    };
    const bad = { ...good, id: 'course-of-action--78794cd5-28db-429d-ab1e-1256704ef906', modified: 'not a time' };
    const r = readEnvelope({ objects: [good, bad, 'text'] });
    expect(r.accepted).toEqual([good]);
    expect(r.rejected.map((f) => f.id)).toEqual([bad.id, '']);
  });
});
