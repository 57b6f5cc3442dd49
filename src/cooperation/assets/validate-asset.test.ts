import { describe, expect, it } from 'vitest';
import { createCalendar, parseCalendarDay } from './calendar-day.js';
import { VULNS_PRODUCT_IDENTITY } from './product-identity.js';
import { type AssetInput, canonicalAddress, type ValidationContext, validateAssetInput } from './validate-asset.js';

const ctx: ValidationContext = { products: VULNS_PRODUCT_IDENTITY, today: '2026-01-10', organizationSince: '2001-04-01', checkDates: true };

function problems(input: AssetInput, c: ValidationContext = ctx) {
  const r = validateAssetInput(input, c);
  return r.ok ? [] : r.problems;
}

describe('validateAssetInput', () => {
  it('normalises every field and fills the defaults', () => {
    const r = validateAssetInput(
      {
        vendor: ' Fortinet ',
        product: 'FortiGate\r\n60F',
        version: '7.0.12',
        cpe: 'cpe:/o:fortinet:fortios:7.0.12',
        purl: '',
        site: 'Tokyo DC',
        network: '198.51.100.0/24',
        addresses: '198.51.100.10; 2001:DB8::1 198.51.100.10,198.51.100.0/25',
        introducedOn: '2025/4/1',
      },
      ctx,
    );
    expect(r).toEqual({
      ok: true,
      value: {
        vendor: 'Fortinet',
        product: 'FortiGate 60F',
        version: '7.0.12',
        cpe: 'cpe:2.3:o:fortinet:fortios:7.0.12:*:*:*:*:*:*:*',
        purl: null,
        role: 'other',
        site: 'Tokyo DC',
        network: '198.51.100.0/24',
        addresses: ['198.51.100.10', '2001:db8::1', '198.51.100.0/25'],
        introducedOn: '2025-04-01',
        status: 'in-service',
      },
    });
  });

  it('names each bad field, all at once', () => {
    expect(
      problems({ product: 'x'.repeat(201), cpe: 'fortios', purl: 'npm:lodash', role: 'router', status: 'live', addresses: ['10.0.0.1/8'], site: 'a\u0007b' }).map((p) => [p.field, p.kind]),
    ).toEqual([
      ['product', 'invalid'],
      ['cpe', 'invalid'],
      ['purl', 'invalid'],
      ['role', 'invalid'],
      ['site', 'invalid'],
      ['addresses', 'invalid'],
      ['introducedOn', 'invalid'],
      ['status', 'invalid'],
    ]);
    expect(problems({ cpe: 'cpe:2.3:a:vendor', introducedOn: '2025-01-01' })[0]?.message).toMatch(/too few components.*\(SAKIMORI_ERR_CPE_MALFORMED\)$/);
    expect(problems({ vendor: 'Fortinet', introducedOn: '2025-01-01' })).toEqual([{ field: 'product', kind: 'invalid', message: 'give a product name, a cpe or a purl' }]);
    expect(problems({ product: 'X', addresses: 42, introducedOn: '2025-01-01' }).map((p) => p.field)).toEqual(['addresses']);
  });

  it('ties the introduction date to the status', () => {
    expect(problems({ product: 'X', status: 'planned' })).toEqual([]);
    expect(problems({ product: 'X', status: 'planned', introducedOn: '2025-01-01' })[0]?.message).toMatch(/planned asset has no introduction date/);
    expect(problems({ product: 'X' })[0]).toMatchObject({ field: 'introducedOn', kind: 'invalid' });
    expect(problems({ product: 'X', status: 'retired' })[0]).toMatchObject({ field: 'introducedOn', kind: 'invalid' });
    expect(problems({ product: 'X', introducedOn: '2025-02-30' })[0]?.message).toBe('"2025-02-30" is not a date (YYYY-MM-DD)');
  });

  it('refuses a date after today or before the organisation existed as a date problem, unless dates are not checked', () => {
    expect(problems({ product: 'X', introducedOn: '2026-01-10' })).toEqual([]);
    expect(problems({ product: 'X', introducedOn: '2026-01-11' })).toEqual([{ field: 'introducedOn', kind: 'date', message: '2026-01-11 is after today (2026-01-10)' }]);
    expect(problems({ product: 'X', introducedOn: '2001-03-31' })).toEqual([{ field: 'introducedOn', kind: 'date', message: '2001-03-31 is before the organization existed (2001-04-01)' }]);
    expect(problems({ product: 'X', introducedOn: '1990-01-01' }, { ...ctx, organizationSince: null })).toEqual([]);
    expect(problems({ product: 'X', introducedOn: '2030-01-01' }, { ...ctx, checkDates: false })).toEqual([]);
  });
});

describe('canonicalAddress', () => {
  it('writes addresses and prefixes canonically and refuses host bits', () => {
    expect(canonicalAddress('2001:0DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(canonicalAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(canonicalAddress('192.0.2.0/24')).toBe('192.0.2.0/24');
    expect(canonicalAddress('192.0.2.1/24')).toBeUndefined();
    expect(canonicalAddress('192.0.2')).toBeUndefined();
    expect(canonicalAddress('010.0.0.1')).toBeUndefined();
  });
});

describe('calendar days', () => {
  it('reads YYYY-MM-DD and YYYY/M/D, refusing impossible dates', () => {
    expect(parseCalendarDay('2024-02-29')).toBe('2024-02-29');
    expect(parseCalendarDay('2025/6/5')).toBe('2025-06-05');
    expect(parseCalendarDay('2025-02-29')).toBeUndefined();
    expect(parseCalendarDay('2025-13-01')).toBeUndefined();
    expect(parseCalendarDay('1 April 2025')).toBeUndefined();
  });

  it('takes today in the register’s time zone: 08:00 in Tokyo is already the next day there', () => {
    const at = Date.UTC(2026, 0, 9, 23, 0); // 2026-01-10 08:00 JST
    expect(createCalendar('Asia/Tokyo').dayOf(at)).toBe('2026-01-10');
    expect(createCalendar('UTC').dayOf(at)).toBe('2026-01-09');
    expect(() => createCalendar('Mars/Olympus_Mons')).toThrow(/SAKIMORI_ERR_ASSET_CONFIG|unknown time zone/);
  });
});
