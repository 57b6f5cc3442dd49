/**
 * The Exposure page's filter and tab as the URL holds them (`?tab=findings&cve=…&organizationId=…
 * &kev=1&minPriority=…`), so a breakdown row links to its findings and a filtered list can be shared.
 *
 * Pure: no DOM, no I/O.
 */

/** The tabs of the office's and regulators' page. */
export type ExposureTab = 'picture' | 'findings' | 'imports';

/** The findings filter; empty strings mean "any". */
export interface ExposureFilter {
  readonly organizationId: string;
  readonly cve: string;
  readonly kev: boolean;
  readonly minPriority: string;
}

/** The filter a URL's query holds. */
export function filterOf(q: URLSearchParams): ExposureFilter {
  return { organizationId: q.get('organizationId') ?? '', cve: q.get('cve') ?? '', kev: q.get('kev') === '1', minPriority: q.get('minPriority') ?? '' };
}

/** True when the filter narrows anything. */
export function isFiltered(f: ExposureFilter): boolean {
  return f.organizationId !== '' || f.cve !== '' || f.kev || f.minPriority !== '';
}

/** `/exposure?…` with the filter and the tab (the first tab is the bare path). */
export function exposureHref(f: Partial<ExposureFilter>, tab?: ExposureTab): string {
  const q = new URLSearchParams();
  if (tab !== undefined && tab !== 'picture') q.set('tab', tab);
  if (f.organizationId) q.set('organizationId', f.organizationId);
  if (f.cve) q.set('cve', f.cve);
  if (f.kev === true) q.set('kev', '1');
  if (f.minPriority) q.set('minPriority', f.minPriority);
  const s = q.toString();
  return s === '' ? '/exposure' : `/exposure?${s}`;
}

/** The query of `GET /exposure/findings` and `/exposure/summary` for the filter. */
export function findingsQuery(f: ExposureFilter): Record<string, string | boolean | undefined> {
  return { organizationId: f.organizationId || undefined, cve: f.cve || undefined, kev: f.kev ? true : undefined, minPriority: f.minPriority || undefined };
}
