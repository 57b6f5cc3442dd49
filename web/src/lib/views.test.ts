import { describe, expect, it } from 'vitest';
import { homeFor, VIEWS, viewsFor } from './views.js';

describe('role-aware navigation', () => {
  it('shows each role only its views', () => {
    const keys = (r: Parameters<typeof viewsFor>[0]) => viewsFor(r).map((v) => v.key);
    expect(keys(['nco_analyst'])).toEqual([
      'board',
      'attacks',
      'cases',
      'requests',
      'emergency',
      'executions',
      'assets',
      'incidents',
      'exposure',
      'advisories',
      'audit',
      'report',
      'exporters',
      'intel',
      'shared',
      'feeds',
    ]);
    expect(keys(['commission_member'])).toEqual(['board', 'attacks', 'cases', 'approvals', 'emergency', 'executions', 'audit', 'report', 'oversight']);
    expect(keys(['operator_reporter'])).toEqual(['board', 'attacks', 'assets', 'incidents', 'exposure', 'advisories', 'audit', 'report', 'intel', 'inbox']);
    expect(keys(['sector_regulator'])).toEqual(['board', 'attacks', 'assets', 'incidents', 'exposure', 'advisories', 'audit', 'report']);
    expect(keys(['auditor'])).toEqual(['audit', 'report', 'oversight', 'shared']);
    expect(keys(['admin'])).toEqual(['audit', 'report', 'exporters', 'feeds']);
    expect(keys(['partner'])).toEqual(['audit', 'report', 'intel', 'inbox']);
  });
  it('gives every view its own shortcut', () => {
    expect(new Set(VIEWS.map((v) => v.shortcut)).size).toBe(VIEWS.length);
  });
  it('opens on the first view of the role', () => {
    expect(homeFor(['auditor'])).toBe('/audit');
    expect(homeFor(['designated_officer'])).toBe('/');
  });
  it('unions the views of several roles', () => {
    expect(viewsFor(['auditor', 'commission_member']).map((v) => v.key)).toContain('approvals');
  });
});
