import { describe, expect, it } from 'vitest';
import { countPicture, weekOf } from './national-picture.js';

const at = (iso: string) => Date.parse(iso);

describe('the national picture', () => {
  it('starts weeks on Monday in Japan time', () => {
    // Sunday 2026-12-06 20:00 UTC is Monday 05:00 in Japan.
    expect(weekOf(at('2026-12-06T20:00:00Z'))).toBe('2026-12-07');
    expect(weekOf(at('2026-12-06T14:59:59Z'))).toBe('2026-11-30');
    expect(weekOf(at('2026-12-07T00:00:00Z'))).toBe('2026-12-07');
  });

  it('counts by sector, category and week, empty weeks included, largest groups first', () => {
    const p = countPicture(
      [
        { sector: 'aviation', category: 'ddos', createdAt: at('2026-11-10T01:00:00Z'), open: true, overdue: true, nonCompliant: false },
        { sector: 'aviation', category: 'ransomware', createdAt: at('2026-11-25T01:00:00Z'), open: false, overdue: false, nonCompliant: false },
        { sector: 'finance', category: 'ddos', createdAt: at('2026-11-26T01:00:00Z'), open: true, overdue: true, nonCompliant: true },
      ],
      at('2026-11-09T00:00:00Z'),
      at('2026-12-06T00:00:00Z'),
    );
    expect(p.total).toEqual({ total: 3, open: 2, overdue: 2, nonCompliant: 1 });
    expect(p.bySector).toEqual([
      { sector: 'aviation', total: 2, open: 1, overdue: 1, nonCompliant: 0 },
      { sector: 'finance', total: 1, open: 1, overdue: 1, nonCompliant: 1 },
    ]);
    expect(p.byCategory.map((c) => [c.category, c.total])).toEqual([
      ['ddos', 2],
      ['ransomware', 1],
    ]);
    expect(p.byWeek.map((w) => [w.week, w.total])).toEqual([
      ['2026-11-09', 1],
      ['2026-11-16', 0],
      ['2026-11-23', 2],
      ['2026-11-30', 0],
    ]);
  });
});
