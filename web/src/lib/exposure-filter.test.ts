import { describe, expect, it } from 'vitest';
import { exposureHref, filterOf, findingsQuery, isFiltered } from './exposure-filter.js';

describe('exposure filter in the URL', () => {
  it('reads what a link holds and writes it back the same', () => {
    const f = filterOf(new URLSearchParams('tab=findings&cve=CVE-2023-27997&kev=1&minPriority=80&organizationId=demo-aozora-airlines'));
    expect(f).toEqual({ organizationId: 'demo-aozora-airlines', cve: 'CVE-2023-27997', kev: true, minPriority: '80' });
    expect(exposureHref(f, 'findings')).toBe('/exposure?tab=findings&organizationId=demo-aozora-airlines&cve=CVE-2023-27997&kev=1&minPriority=80');
    expect(isFiltered(f)).toBe(true);
  });
  it('leaves out what is not set, and the first tab', () => {
    const none = filterOf(new URLSearchParams(''));
    expect(isFiltered(none)).toBe(false);
    expect(exposureHref(none)).toBe('/exposure');
    expect(exposureHref({ cve: 'CVE-2025-0282' }, 'picture')).toBe('/exposure?cve=CVE-2025-0282');
    expect(findingsQuery(none)).toEqual({ organizationId: undefined, cve: undefined, kev: undefined, minPriority: undefined });
  });
});
