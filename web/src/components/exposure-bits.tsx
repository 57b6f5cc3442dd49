/**
 * Pieces the exposure pages share: a finding's priority band, the KEV mark, its certainty, a CVE
 * as a link to its merged record, and the evidence behind a finding — the one-line why, each
 * configuration or affected statement that matched (criterion, versions, the asset's name and
 * version), and the priority's factors with their points. Colour never carries the meaning alone:
 * every badge names its state.
 */
import type { Band, Certainty, ConfigurationMatch, CriterionMatch, Finding, StatementMatch } from '../api/exposure-types.js';
import { BAND_LABELS, CERTAINTY_HINTS, CERTAINTY_LABELS, sourceLabel } from '../lib/labels.js';
import { factorRows, hasBounds, rangeText } from '../lib/vuln-text.js';
import { Badge, Link, type Tone } from './ui.js';

const BAND_TONES: Readonly<Record<Band, Tone>> = { critical: 'bad', high: 'warn', medium: 'info', low: 'neutral' };

/** `Critical 88`: the band and the score. */
export function PriorityBadge({ priority, band }: { priority: number; band: Band }) {
  return (
    <span data-testid="priority">
      <Badge tone={BAND_TONES[band] ?? 'neutral'}>
        {BAND_LABELS[band] ?? band} {priority}
      </Badge>
    </span>
  );
}

/** The mark of a CVE in CISA's Known Exploited Vulnerabilities catalogue. */
export function KevBadge() {
  return (
    <span className="badge bad" title="In CISA’s Known Exploited Vulnerabilities catalogue: exploited in the wild" data-testid="kev">
      KEV
    </span>
  );
}

const CERTAINTY_TONES: Readonly<Record<Certainty, Tone>> = { confirmed: 'ok', 'platform-unstated': 'warn', 'needs-review': 'warn' };

/** How sure a finding is, with what it asks of a person on hover. */
export function CertaintyBadge({ certainty }: { certainty: Certainty }) {
  return (
    <span title={CERTAINTY_HINTS[certainty]}>
      <Badge tone={CERTAINTY_TONES[certainty] ?? 'neutral'}>{CERTAINTY_LABELS[certainty] ?? certainty}</Badge>
    </span>
  );
}

/** Where the console shows one CVE's merged record. */
export const cveHref = (cve: string): string => `/vulns/${encodeURIComponent(cve)}`;

/** A CVE id as a link to its record. */
export function CveLink({ cve }: { cve: string }) {
  return (
    <Link href={cveHref(cve)} className="mono nowrap">
      {cve}
    </Link>
  );
}

/** `Fortinet FortiGate 200F 7.2.4`, or the CPE or purl when the register has no names. */
export function findingAssetName(f: Pick<Finding, 'asset' | 'assetId'>): string {
  const a = f.asset;
  const words = [a.vendor, a.product, a.version].filter((x): x is string => x !== null && x !== '');
  return words.length > 0 ? words.join(' ') : (a.cpe ?? a.purl ?? f.assetId);
}

function Criterion({ m, platform }: { m: CriterionMatch; platform?: boolean }) {
  return (
    <li>
      {platform === true ? 'Platform present: ' : null}
      node {m.node + 1}, criterion {m.index + 1}: <code style={{ wordBreak: 'break-all' }}>{m.criterion.criteria}</code>
      {hasBounds(m.criterion) ? <> — versions {rangeText(m.criterion)}</> : null}
      <br />
      <span className="muted">
        asset <code style={{ wordBreak: 'break-all' }}>{m.cpe}</code>
        {m.version === undefined ? null : (
          <>
            , version <strong>{m.version.version}</strong> compared as {m.version.scheme}
          </>
        )}
      </span>
    </li>
  );
}

function ConfigurationEvidence({ m }: { m: ConfigurationMatch }) {
  return (
    <li>
      <strong>NVD configuration {m.configuration + 1}</strong> ({CERTAINTY_LABELS[m.certainty] ?? m.certainty})
      <ul className="small" style={{ paddingLeft: 16 }}>
        {m.matched.map((c) => (
          <Criterion key={`m${c.node}-${c.index}`} m={c} />
        ))}
        {m.platforms.map((c) => (
          <Criterion key={`p${c.node}-${c.index}`} m={c} platform />
        ))}
        {m.unstatedNodes.length === 0 ? null : <li>Platform the asset does not name: node {m.unstatedNodes.map((n) => n + 1).join(', ')}</li>}
      </ul>
    </li>
  );
}

function StatementEvidence({ m }: { m: StatementMatch }) {
  return (
    <li>
      <strong>
        {sourceLabel(m.source, m.detail)} affected statement {m.statement + 1}
      </strong>{' '}
      ({CERTAINTY_LABELS[m.certainty] ?? m.certainty})
      <div className="small">
        asset {m.by === 'name' ? 'named' : m.by} <code style={{ wordBreak: 'break-all' }}>{m.asset}</code>
        {m.version === undefined ? null : (
          <>
            , version <strong>{m.version.version}</strong> compared as {m.version.scheme}
          </>
        )}
        {m.range === undefined ? null : <> — affected {rangeText(m.range)}</>}
      </div>
    </li>
  );
}

/** Why a finding holds and how its priority was made (the expanded part of a findings row). */
export function FindingEvidence({ finding: f, id }: { finding: Finding; id: string }) {
  const rows = factorRows(f.factors);
  return (
    <div id={id} className="stack" data-testid="finding-why" style={{ padding: '4px 0 8px' }}>
      <p style={{ margin: 0 }}>
        <strong>Why:</strong> {f.why}
      </p>
      <div>
        <h4 style={{ margin: '0 0 4px', fontSize: 13 }}>What matched</h4>
        <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="finding-matches">
          {f.matches.map((m) => (m.basis === 'nvd-configuration' ? <ConfigurationEvidence key={`c${m.configuration}`} m={m} /> : <StatementEvidence key={`s${m.statement}`} m={m} />))}
        </ul>
      </div>
      <table aria-label={`Priority factors of ${f.cve} on ${findingAssetName(f)}`} data-testid="finding-factors" style={{ width: 'auto', minWidth: '60%' }}>
        <thead>
          <tr>
            <th scope="col">Factor</th>
            <th scope="col" className="num">
              Points
            </th>
            <th scope="col">Because</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.factor}>
              <th scope="row">{r.factor}</th>
              <td className="num nowrap">{r.points}</td>
              <td className="small">{r.basis}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Priority</th>
            <td className="num">
              <strong>{f.priority}</strong>
            </td>
            <td className="small">sum of the points × certainty, rounded (80+ critical, 60+ high, 40+ medium)</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
