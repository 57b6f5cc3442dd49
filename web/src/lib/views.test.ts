import { describe, expect, it } from 'vitest';
import { homeFor, viewsFor } from './views.js';

describe('role-aware navigation', () => {
  it('shows each role only its views', () => {
    const keys = (r: Parameters<typeof viewsFor>[0]) => viewsFor(r).map((v) => v.key);
    expect(keys(['nco_analyst'])).toEqual(['board', 'attacks', 'cases', 'requests', 'emergency', 'executions', 'audit', 'report', 'exporters']);
    expect(keys(['commission_member'])).toEqual(['board', 'attacks', 'cases', 'approvals', 'emergency', 'executions', 'audit', 'report', 'oversight']);
    expect(keys(['operator_reporter'])).toEqual(['board', 'attacks', 'audit', 'report']);
    expect(keys(['auditor'])).toEqual(['audit', 'report', 'oversight']);
    expect(keys(['admin'])).toEqual(['audit', 'report', 'exporters']);
  });
  it('opens on the first view of the role', () => {
    expect(homeFor(['auditor'])).toBe('/audit');
    expect(homeFor(['designated_officer'])).toBe('/');
  });
  it('unions the views of several roles', () => {
    expect(viewsFor(['auditor', 'commission_member']).map((v) => v.key)).toContain('approvals');
  });
});
