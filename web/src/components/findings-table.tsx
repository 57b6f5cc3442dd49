/**
 * Findings as tables whose rows open to show their evidence: flat (the office and regulators, with
 * the organisation and asset of each), or grouped under each asset (an operator's own register,
 * assets in the order of their highest priority). The "Why" button of a row says whether it is
 * open (`aria-expanded`) and which row it opens (`aria-controls`).
 */
import { Fragment, useState } from 'react';
import type { Finding } from '../api/exposure-types.js';
import { ASSET_ROLE_LABELS } from '../lib/labels.js';
import { CertaintyBadge, CveLink, FindingEvidence, findingAssetName, KevBadge, PriorityBadge } from './exposure-bits.js';
import { Link } from './ui.js';

const keyOf = (f: Finding): string => `${f.assetId}/${f.cve}`;
const domId = (f: Finding): string => `why-${f.assetId}-${f.cve}`.replace(/[^A-Za-z0-9_-]/g, '_');

/** Which rows are open. */
function useOpen(): [ReadonlySet<string>, (k: string) => void] {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (k: string) =>
    setOpen((o) => {
      const n = new Set(o);
      if (!n.delete(k)) n.add(k);
      return n;
    });
  return [open, toggle];
}

/** A findings table; `withAsset` adds the organisation and asset columns. */
export function FindingsTable({ findings, label, withAsset, testId }: { findings: readonly Finding[]; label: string; withAsset: boolean; testId?: string }) {
  const [open, toggle] = useOpen();
  const columns = withAsset ? 6 : 4;
  return (
    <div className="table-wrap">
      <table aria-label={label} data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">Priority</th>
            <th scope="col">CVE</th>
            {withAsset ? <th scope="col">Organisation</th> : null}
            {withAsset ? <th scope="col">Asset</th> : null}
            <th scope="col">Certainty</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {findings.map((f) => {
            const k = keyOf(f);
            const isOpen = open.has(k);
            return (
              <Fragment key={k}>
                <tr data-testid={`finding-${f.assetId}-${f.cve}`}>
                  <td>
                    <PriorityBadge priority={f.priority} band={f.band} />
                  </td>
                  <td className="nowrap">
                    <CveLink cve={f.cve} /> {f.kev ? <KevBadge /> : null}
                  </td>
                  {withAsset ? <td>{f.organization}</td> : null}
                  {withAsset ? (
                    <td>
                      {findingAssetName(f)}
                      <div className="muted small">{ASSET_ROLE_LABELS[f.asset.role as keyof typeof ASSET_ROLE_LABELS] ?? f.asset.role}</div>
                    </td>
                  ) : null}
                  <td>
                    <CertaintyBadge certainty={f.certainty} />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-expanded={isOpen}
                      aria-controls={isOpen ? domId(f) : undefined}
                      aria-label={`Why ${f.cve} on ${findingAssetName(f)}`}
                      onClick={() => toggle(k)}
                    >
                      <span aria-hidden="true">{isOpen ? '▾ ' : '▸ '}</span>
                      Why
                    </button>
                  </td>
                </tr>
                {isOpen ? (
                  <tr>
                    <td colSpan={columns} style={{ background: 'var(--surface-2)' }}>
                      <FindingEvidence finding={f} id={domId(f)} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** An operator's findings under each of its assets, the asset with the highest priority first. */
export function FindingsByAsset({ findings }: { findings: readonly Finding[] }) {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) groups.set(f.assetId, [...(groups.get(f.assetId) ?? []), f]);
  return (
    <div className="stack">
      {[...groups].map(([assetId, list]) => {
        const first = list[0]!;
        const name = findingAssetName(first);
        const headingId = `asset-${assetId}-title`.replace(/[^A-Za-z0-9_-]/g, '_');
        return (
          <section key={assetId} className="card" aria-labelledby={headingId} data-testid={`exposed-asset-${assetId}`}>
            <h2 id={headingId}>
              <span>
                <Link href={`/assets/${encodeURIComponent(assetId)}`}>{name}</Link>
              </span>
              <span className="muted small">
                {ASSET_ROLE_LABELS[first.asset.role as keyof typeof ASSET_ROLE_LABELS] ?? first.asset.role}
                {first.asset.site === null ? '' : ` · ${first.asset.site}`} · {list.length} {list.length === 1 ? 'finding' : 'findings'}
              </span>
            </h2>
            <FindingsTable findings={list} label={`Findings of ${name}`} withAsset={false} />
          </section>
        );
      })}
    </div>
  );
}
