/**
 * The transparency report: the statutory counts of a period (countermeasure requests and
 * approvals by type, emergency actions and their review, the commission's inspections and
 * directives, data erased, access to personal data, the audit log's checkpoint) as the published
 * Markdown — rendered here from the report JSON with the server's own renderer — beside its chart.
 */
import { useMemo, useState } from 'react';
import { apiUrl } from '../api/http.js';
import { useApi } from '../api/use-api.js';
import { ErrorBanner, Loading, PageHead } from '../components/ui.js';
import { renderMarkdown as toMarkdown } from '../../../src/oversight/report/render-markdown.js';
import type { TransparencyReport } from '../../../src/oversight/report/publish.js';
import { renderMarkdown } from '../lib/markdown.js';

function periods(now: Date): { value: string; label: string }[] {
  const y = now.getFullYear();
  const m = now.getMonth() + 1;
  const q = Math.ceil(m / 3);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return [
    { value: String(y), label: `${y} (year to date)` },
    { value: `${y}-H${m <= 6 ? 1 : 2}`, label: `${y} ${m <= 6 ? 'first' : 'second'} half` },
    { value: `${y}-Q${q}`, label: `${y} Q${q}` },
    { value: `${y}-${pad(m)}`, label: `${y}-${pad(m)} (this month)` },
    { value: String(y - 1), label: String(y - 1) },
  ];
}

/** The report page. */
export function ReportView() {
  const options = useMemo(() => periods(new Date()), []);
  const [period, setPeriod] = useState(options[0]!.value);
  const report = useApi<TransparencyReport>('/reports/transparency', { period });
  const md = useMemo(() => (report.data === undefined ? undefined : toMarkdown(report.data)), [report.data]);
  return (
    <div className="stack">
      <PageHead title="Transparency report" sub="The statutory counts the commission publishes; small counts are suppressed.">
        <label htmlFor="period">Period</label>
        <select id="period" style={{ width: 'auto' }} value={period} onChange={(e) => setPeriod(e.target.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <a className="button" href={apiUrl('/reports/transparency.svg', { period })} download={`transparency-${period}.svg`}>
          Chart (SVG)
        </a>
      </PageHead>
      <ErrorBanner error={report.error} />
      <div className="stack" style={{ maxWidth: 960 }}>
        <figure className="card" style={{ margin: 0 }}>
          <img src={apiUrl('/reports/transparency.svg', { period })} alt={`Chart of the headline counts of the transparency report ${period}`} style={{ width: '100%', height: 'auto' }} />
        </figure>
        <article className="card report" aria-label="Report text" data-testid="report-text">
          {md === undefined ? report.error === undefined ? <Loading what="the report" /> : null : renderMarkdown(md)}
        </article>
      </div>
    </div>
  );
}
