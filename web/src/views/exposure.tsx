/**
 * Exposure: which registered assets are exposed to which vulnerabilities, and how urgently.
 * An operator sees its own organisation — totals, then each exposed asset with its findings
 * (priority band, KEV mark, certainty, and why, opened per row). The office's analysts and the
 * sector regulators see the picture in their scope in tabs: totals with the breakdowns by sector,
 * CVE (KEV marked) and vendor; every finding, filtered; and for analysts the latest imports of the
 * vulnerability sources. Filters live in the URL (`?cve=`, `?organizationId=`, `?kev=1`,
 * `?minPriority=`), so a breakdown row links to its findings and a link can be shared.
 */
import { useState, type FormEvent } from 'react';
import type { ExposureSummary, Finding } from '../api/exposure-types.js';
import { useSession } from '../api/session.js';
import { useApi } from '../api/use-api.js';
import { usePages } from '../api/use-pages.js';
import type { Organization, Page } from '../api/types.js';
import { FindingsByAsset, FindingsTable } from '../components/findings-table.js';
import { LoadMore } from '../components/more.js';
import { TabBar } from '../components/tab-bar.js';
import { Empty, ErrorBanner, Link, Loading, PageHead } from '../components/ui.js';
import { type ExposureFilter as Filter, type ExposureTab as Tab, exposureHref, filterOf, findingsQuery, isFiltered } from '../lib/exposure-filter.js';
import { int } from '../lib/format.js';
import { navigate } from '../lib/router.js';
import { hasAny } from '../lib/views.js';
import { Imports, Picture, Totals } from './exposure-picture.js';

/** The filter form: CVE (applied on submit), KEV only, lowest priority, and the organisation where there is a choice. */
function FilterForm({ filter, orgs, tab }: { filter: Filter; orgs: readonly Organization[] | undefined; tab?: Tab }) {
  const [cve, setCve] = useState(filter.cve);
  const go = (f: Filter) => navigate(exposureHref(f, tab), true);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go({ ...filter, cve: cve.trim().toUpperCase() });
  };
  return (
    <form className="row" style={{ marginBottom: 10 }} aria-label="Filter findings" onSubmit={submit}>
      <label htmlFor="x-cve">CVE</label>
      <input id="x-cve" className="mono" style={{ width: 170 }} value={cve} onChange={(e) => setCve(e.target.value)} placeholder="CVE-2023-27997" />
      <button type="submit">Apply</button>
      <label className="check" htmlFor="x-kev">
        <input id="x-kev" type="checkbox" checked={filter.kev} onChange={(e) => go({ ...filter, kev: e.target.checked })} />
        KEV only
      </label>
      <label htmlFor="x-min">Priority at least</label>
      <select id="x-min" style={{ width: 'auto' }} value={filter.minPriority} onChange={(e) => go({ ...filter, minPriority: e.target.value })}>
        <option value="">any</option>
        <option value="80">80 (critical)</option>
        <option value="60">60 (high)</option>
        <option value="40">40 (medium)</option>
      </select>
      {orgs === undefined || orgs.length <= 1 ? null : (
        <>
          <label htmlFor="x-org">Organisation</label>
          <select id="x-org" style={{ width: 'auto' }} value={filter.organizationId} onChange={(e) => go({ ...filter, organizationId: e.target.value })}>
            <option value="">All</option>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </>
      )}
      {isFiltered(filter) ? (
        <Link href={exposureHref({}, tab)} onClick={() => setCve('')}>
          Clear filter
        </Link>
      ) : null}
    </form>
  );
}

/** The findings in scope, paged by priority; grouped per asset for an operator. */
function Findings({ filter, orgs, operator, tab }: { filter: Filter; orgs: readonly Organization[] | undefined; operator: boolean; tab?: Tab }) {
  const pages = usePages<Finding>('/exposure/findings', findingsQuery(filter), 100);
  const filtered = isFiltered(filter);
  return (
    <section aria-labelledby="findings-title">
      <h2 id="findings-title" className="spread">
        <span>Findings</span>
        <span className="muted small" role="status" data-testid="finding-count">
          {pages.loading && pages.items.length === 0
            ? ''
            : `${int(pages.items.length)}${pages.more ? '+' : ''} ${pages.items.length === 1 && !pages.more ? 'finding' : 'findings'}, highest priority first`}
        </span>
      </h2>
      <FilterForm key={filter.cve} filter={filter} orgs={orgs} {...(tab === undefined ? {} : { tab })} />
      <ErrorBanner error={pages.error} />
      {pages.items.length === 0 ? (
        pages.loading ? (
          <Loading what="findings" />
        ) : (
          <Empty>{filtered ? 'No findings match the filter.' : 'No registered asset is exposed to a known vulnerability.'}</Empty>
        )
      ) : operator ? (
        <FindingsByAsset findings={pages.items} />
      ) : (
        <FindingsTable findings={pages.items} label="Findings" withAsset testId="finding-table" />
      )}
      <LoadMore pages={pages} />
    </section>
  );
}

/** The exposure page. */
export function ExposureView({ query }: { query: URLSearchParams }) {
  const { me } = useSession();
  const analyst = hasAny(me.roles, ['nco_analyst']);
  const wide = hasAny(me.roles, ['nco_analyst', 'sector_regulator']);
  const filter = filterOf(query);
  const summary = useApi<ExposureSummary>('/exposure/summary', { organizationId: filter.organizationId || undefined });
  const orgs = useApi<Page<Organization>>(wide ? '/organizations' : undefined, { limit: 1000 });

  if (!wide) {
    return (
      <div className="stack">
        <PageHead title="Exposure" sub={`${me.organizationName ?? 'Your organisation'}’s registered assets exposed to known vulnerabilities, the most urgent first.`}>
          <Link href="/advisories">Advisories</Link>
        </PageHead>
        <ErrorBanner error={summary.error} />
        {summary.data === undefined ? null : <Totals summary={summary.data} operator />}
        <Findings filter={filter} orgs={undefined} operator />
      </div>
    );
  }

  const tabs: { key: Tab; title: string }[] = [
    { key: 'picture', title: analyst ? 'National picture' : 'Sector picture' },
    { key: 'findings', title: 'Findings' },
    ...(analyst ? [{ key: 'imports' as const, title: 'Imports' }] : []),
  ];
  const asked = query.get('tab');
  const tab: Tab = tabs.find((t) => t.key === asked)?.key ?? 'picture';
  return (
    <div>
      <PageHead
        title="Exposure"
        sub={
          analyst
            ? 'Every operator’s registered assets exposed to known vulnerabilities: by sector, CVE and vendor, and each finding with why it holds.'
            : `Assets of the ${me.sector ?? 'sector'} sector’s operators exposed to known vulnerabilities (read only).`
        }
      />
      <ErrorBanner error={orgs.error} />
      <TabBar tabs={tabs} current={tab} path="/exposure" label="Exposure views" />
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'picture' ? (
          <>
            <ErrorBanner error={summary.error} />
            {summary.data === undefined ? summary.error === undefined ? <Loading what="the picture" /> : null : <Picture summary={summary.data} />}
          </>
        ) : tab === 'findings' ? (
          <Findings filter={filter} orgs={orgs.data?.items} operator={false} tab="findings" />
        ) : (
          <Imports />
        )}
      </div>
    </div>
  );
}
