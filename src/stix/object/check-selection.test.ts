import { describe, expect, it } from 'vitest';
import { CHECK_NAMES, resolveOptions } from './check-selection.js';

function running(options: Parameters<typeof resolveOptions>[0]): string[] {
  const o = resolveOptions(options);
  return CHECK_NAMES.filter((c) => o.runs(c));
}

describe('check selection (as the reference validator selects its SHOULD checks)', () => {
  it('runs every check but the lax prefix by default', () => {
    expect(running({})).toEqual(CHECK_NAMES.filter((c) => c !== 'custom-prefix-lax'));
  });

  it('runs only the enabled checks when nothing is disabled', () => {
    expect(running({ enabled: ['custom-prefix-lax', 'countries'] })).toEqual(['custom-prefix-lax', 'countries']);
  });

  it('expands disabled groups and puts the lax prefix in place of a disabled strict one', () => {
    const r = running({ disabled: ['custom-prefix', 'all-vocabs'] });
    expect(r).toContain('custom-prefix-lax');
    expect(r).not.toContain('custom-prefix');
    expect(r).not.toContain('tool-types');
    expect(r).toContain('mime-type');
    // Like the reference, choosing checks to disable leaves the UUID-version check out.
    expect(r).not.toContain('uuid-check');
    expect(running({ disabled: ['approved-values', 'format-checks'] })).toEqual([
      'network-traffic-ports',
      'extref-hashes',
      'indicator-properties',
      'deprecated-properties',
      'extensions-use',
      'extension-description',
      'extension-properties',
    ]);
  });
});
