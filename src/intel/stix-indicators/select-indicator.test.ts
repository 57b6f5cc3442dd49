import { describe, expect, it } from 'vitest';
import { selectIndicator } from './select-indicator.js';

const NOW = Date.UTC(2026, 0, 1);
const base = {
  type: 'indicator',
  id: 'indicator--00000000-0000-4000-8000-000000000001',
  pattern: "[ipv4-addr:value = '198.51.100.1']",
  pattern_type: 'stix',
  valid_from: '2025-01-01T00:00:00Z',
};

describe('selectIndicator', () => {
  it('loads STIX-pattern indicators valid now: valid_from inclusive, valid_until exclusive', () => {
    expect(selectIndicator(base, false, NOW, new Set())).toMatchObject({ ok: true, pattern: base.pattern });
    expect(selectIndicator({ ...base, valid_from: '2026-01-01T00:00:00Z' }, false, NOW, new Set())).toMatchObject({ ok: true });
    expect(selectIndicator({ ...base, valid_from: '2026-01-01T00:00:00.001Z' }, false, NOW, new Set())).toMatchObject({ ok: false, code: 'not-yet-valid' });
    expect(selectIndicator({ ...base, valid_until: '2026-01-01T00:00:00Z' }, false, NOW, new Set())).toMatchObject({ ok: false, code: 'expired' });
    expect(selectIndicator({ ...base, valid_until: '2026-01-01T00:00:00.000000001Z' }, false, NOW, new Set())).toMatchObject({ ok: true });
    expect(selectIndicator({ ...base, pattern_type: 'sigma' }, false, NOW, new Set())).toMatchObject({ ok: false, code: 'not-stix-pattern' });
    expect(selectIndicator(base, true, NOW, new Set())).toMatchObject({ ok: false, code: 'revoked' });
  });

  it('labels with the name (cleaned and cut) or the id, and makes c2 what is malicious or linked to C2 infrastructure', () => {
    const meta = (o: Record<string, unknown>, c2 = new Set<string>()) => {
      const r = selectIndicator({ ...base, ...o }, false, NOW, c2);
      if (!r.ok) throw new Error(r.reason);
      return r.meta;
    };
    expect(meta({ name: ' MirrorFace\tC2\n' })).toEqual({ label: 'MirrorFace C2', kind: 'watch' });
    expect(meta({})).toEqual({ label: base.id, kind: 'watch' });
    expect(meta({ name: 'x'.repeat(300) }).label).toHaveLength(200);
    expect(meta({ indicator_types: ['anomalous-activity', 'malicious-activity'] }).kind).toBe('c2');
    expect(meta({ indicator_types: ['compromised'] }).kind).toBe('c2');
    expect(meta({ indicator_types: ['attribution'] }).kind).toBe('c2');
    expect(meta({ indicator_types: ['benign'] }).kind).toBe('watch');
    expect(meta({ indicator_types: ['benign'] }, new Set([base.id])).kind).toBe('c2');
  });
});
