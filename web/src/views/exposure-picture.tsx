/**
 * The picture of the Exposure page for the office's analysts and the sector regulators: totals,
 * the breakdowns by sector, vendor and CVE (KEV marked, each CVE linked to its record and to its
 * findings), and for analysts the latest imports of the vulnerability sources with what each read,
 * changed and skipped, and its first problems.
 */
import type { ExposureSummary, ImportRun } from '../api/exposure-types.js';
import { useApi } from '../api/use-api.js';
import { CveLink, KevBadge } from '../components/exposure-bits.js';
import { Badge, Empty, ErrorBanner, Link, Loading, Stat } from '../components/ui.js';
import { exposureHref } from '../lib/exposure-filter.js';
import { int } from '../lib/format.js';
import { japanDateTime } from '../lib/japan-time.js';

/** Totals of the picture as figures. */
export function Totals({ summary, operator }: { summary: ExposureSummary; operator: boolean }) {
  return (
    <div className={`grid ${operator ? 'cols-3' : 'cols-4'}`} data-testid="exposure-totals">
      <Stat label="Findings" value={int(summary.findings)} />
      <Stat label="Assets exposed" value={int(summary.assets)} />
      {operator ? null : <Stat label="Organisations" value={int(summary.organizations)} />}
      <Stat label="KEV findings" value={int(summary.kevFindings)} sub="CVEs exploited in the wild" />
    </div>
  );
}

/** The breakdowns by sector, CVE and vendor. */
export function Picture({ summary }: { summary: ExposureSummary }) {
  return (
    <div className="stack">
      <Totals summary={summary} operator={false} />
      <div className="grid cols-2" style={{ alignItems: 'start' }}>
        <section className="card" aria-labelledby="by-sector-title">
          <h2 id="by-sector-title">By sector</h2>
          {summary.bySector.length === 0 ? (
            <Empty>No findings.</Empty>
          ) : (
            <table aria-labelledby="by-sector-title" data-testid="by-sector">
              <thead>
                <tr>
                  <th scope="col">Sector</th>
                  <th scope="col" className="num">
                    Organisations
                  </th>
                  <th scope="col" className="num">
                    Assets
                  </th>
                  <th scope="col" className="num">
                    Findings
                  </th>
                  <th scope="col" className="num">
                    KEV
                  </th>
                  <th scope="col" className="num">
                    Critical
                  </th>
                </tr>
              </thead>
              <tbody>
                {summary.bySector.map((s) => (
                  <tr key={s.sector}>
                    <td>{s.sector || '(no sector)'}</td>
                    <td className="num">{int(s.organizations)}</td>
                    <td className="num">{int(s.assets)}</td>
                    <td className="num">{int(s.findings)}</td>
                    <td className="num">{int(s.kev)}</td>
                    <td className="num">{int(s.critical)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="card" aria-labelledby="by-vendor-title">
          <h2 id="by-vendor-title">By vendor</h2>
          {summary.byVendor.length === 0 ? (
            <Empty>No findings.</Empty>
          ) : (
            <table aria-labelledby="by-vendor-title" data-testid="by-vendor">
              <thead>
                <tr>
                  <th scope="col">Vendor</th>
                  <th scope="col" className="num">
                    Assets
                  </th>
                  <th scope="col" className="num">
                    Findings
                  </th>
                </tr>
              </thead>
              <tbody>
                {summary.byVendor.map((v) => (
                  <tr key={v.vendor}>
                    <td>{v.vendor}</td>
                    <td className="num">{int(v.assets)}</td>
                    <td className="num">{int(v.findings)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      <section className="card" aria-labelledby="by-cve-title">
        <h2 id="by-cve-title">
          <span>By CVE</span>
          <span className="muted small">the most widespread first (up to 50)</span>
        </h2>
        {summary.byCve.length === 0 ? (
          <Empty>No findings.</Empty>
        ) : (
          <table aria-labelledby="by-cve-title" data-testid="by-cve">
            <thead>
              <tr>
                <th scope="col">CVE</th>
                <th scope="col" className="num">
                  Organisations
                </th>
                <th scope="col" className="num">
                  Assets
                </th>
                <th scope="col" className="num">
                  Highest priority
                </th>
                <th scope="col">Findings</th>
              </tr>
            </thead>
            <tbody>
              {summary.byCve.map((c) => (
                <tr key={c.cve} data-testid={`by-cve-${c.cve}`}>
                  <td className="nowrap">
                    <CveLink cve={c.cve} /> {c.kev ? <KevBadge /> : null}
                  </td>
                  <td className="num">{int(c.organizations)}</td>
                  <td className="num">{int(c.assets)}</td>
                  <td className="num">{c.maxPriority}</td>
                  <td>
                    <Link href={exposureHref({ cve: c.cve }, 'findings')} aria-label={`Findings of ${c.cve}`}>
                      Findings
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

/** The latest imports of the vulnerability sources (analysts). */
export function Imports() {
  const runs = useApi<ImportRun[]>('/vulns/imports', { limit: 20 });
  return (
    <section aria-labelledby="imports-title">
      <h2 id="imports-title">Latest imports</h2>
      <ErrorBanner error={runs.error} />
      {runs.data === undefined ? (
        runs.error === undefined ? (
          <Loading what="imports" />
        ) : null
      ) : runs.data.length === 0 ? (
        <Empty>No import has run yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="imports-title" data-testid="import-runs">
            <thead>
              <tr>
                <th scope="col">Finished</th>
                <th scope="col">Source</th>
                <th scope="col">From</th>
                <th scope="col">Outcome</th>
                <th scope="col" className="num">
                  Read
                </th>
                <th scope="col" className="num">
                  Changed
                </th>
                <th scope="col" className="num">
                  Unchanged
                </th>
                <th scope="col" className="num">
                  Skipped
                </th>
                <th scope="col">First problems</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap small">{japanDateTime(r.finishedAt)}</td>
                  <td className="nowrap">
                    {r.source} <span className="muted small">({r.mode})</span>
                  </td>
                  <td className="mono small" style={{ wordBreak: 'break-all' }}>
                    {r.origin}
                  </td>
                  <td>
                    <Badge tone={r.outcome === 'ok' ? 'ok' : r.outcome === 'partial' ? 'warn' : 'bad'}>{r.outcome}</Badge>
                  </td>
                  <td className="num">{int(r.read)}</td>
                  <td className="num">{int(r.changed)}</td>
                  <td className="num">{int(r.unchanged)}</td>
                  <td className="num">{int(r.skipped)}</td>
                  <td className="small">
                    {r.problems.length === 0 ? (
                      <span className="muted">none</span>
                    ) : (
                      <ul style={{ margin: 0, paddingLeft: 16 }}>
                        {r.problems.slice(0, 3).map((p, i) => (
                          // Problems have no id; the list is replaced whole, never reordered.
                          <li key={i}>
                            {p.message ?? JSON.stringify(p)} {p.code === undefined ? null : <code className="muted">{p.code}</code>}
                          </li>
                        ))}
                        {r.problems.length > 3 ? <li className="muted">and {r.problems.length - 3} more</li> : null}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
