/**
 * The transparency report's chart: a horizontal bar chart of the headline counts, as a
 * self-contained SVG (no script, no external font or stylesheet). A suppressed count (`<5`) is
 * drawn as a short hatched bar labelled as published, a withheld one (`*`) without a bar, and a
 * section the installation cannot compute as "n/a" — the chart never shows more than the text.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { Published, TransparencyReport } from './publish.js';

interface Bar {
  readonly label: string;
  /** Undefined when the section is unavailable. */
  readonly value: Published | undefined;
  readonly group: string;
}

const WIDTH = 860;
const LABEL_W = 330;
const BAR_MAX = 400;
const ROW = 26;
const TOP = 64;

/** Escapes text for SVG content and attributes. */
export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function bars(r: TransparencyReport): Bar[] {
  const cm = r.countermeasures.available ? r.countermeasures : undefined;
  const em = r.emergency.available ? r.emergency : undefined;
  const co = r.commission.available ? r.commission : undefined;
  const mo = r.monitoring.available ? r.monitoring : undefined;
  return [
    { group: 'Countermeasures', label: 'Requests for prior approval', value: cm?.requests.total },
    { group: 'Countermeasures', label: 'Approved', value: cm?.approvals.total },
    { group: 'Countermeasures', label: 'Rejected', value: cm?.rejections.total },
    { group: 'Emergency', label: 'Emergency actions', value: em?.actions.total },
    { group: 'Emergency', label: 'Reviewed on time', value: em?.review.by.on_time },
    { group: 'Emergency', label: 'Reviewed late', value: em?.review.by.late },
    { group: 'Emergency', label: 'Overdue, not reviewed', value: em?.review.by.overdue_unreviewed },
    { group: 'Emergency', label: 'Withdrawal orders', value: em?.outcome.by.withdrawal_ordered },
    { group: 'Commission', label: 'Inspections opened', value: co?.inspectionsOpened },
    { group: 'Commission', label: 'Notices', value: co?.directives.by.notice },
    { group: 'Commission', label: 'Demands', value: co?.directives.by.demand },
    { group: 'Commission', label: 'Recommendations', value: co?.directives.by.recommendation },
    { group: 'Oversight', label: 'Excessive-monitoring flags', value: mo?.flags.total },
    { group: 'Oversight', label: 'Queries for personal data refused', value: mo?.refused },
  ];
}

const COLORS: Readonly<Record<string, string>> = { Countermeasures: '#2b6cb0', Emergency: '#c05621', Commission: '#2f855a', Oversight: '#6b46c1' };

/** Renders the chart. */
export function renderSvg(r: TransparencyReport): string {
  const list = bars(r);
  const numeric = list.map((b) => (typeof b.value === 'number' ? b.value : 0));
  const max = Math.max(r.suppression.below, ...numeric);
  const scale = (v: number): number => Math.max(v > 0 ? 2 : 0, (v / max) * BAR_MAX);
  const height = TOP + list.length * ROW + 56;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="title desc">`,
    `<title id="title">Transparency report ${escapeXml(r.period.label)}</title>`,
    `<desc id="desc">Headline counts from ${escapeXml(r.period.from)} to ${escapeXml(r.period.to)}; ${escapeXml(r.suppression.rule)}.</desc>`,
    '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#e2e8f0"/><line x1="0" y1="0" x2="0" y2="6" stroke="#718096" stroke-width="2"/></pattern></defs>',
    '<rect width="100%" height="100%" fill="#ffffff"/>',
    `<text x="16" y="30" font-family="sans-serif" font-size="20" font-weight="bold" fill="#1a202c">Transparency report ${escapeXml(r.period.label)}</text>`,
    `<text x="16" y="50" font-family="sans-serif" font-size="12" fill="#4a5568">${escapeXml(`${r.period.from} – ${r.period.to}`)}</text>`,
  ];
  list.forEach((b, i) => {
    const y = TOP + i * ROW;
    parts.push(`<text x="${LABEL_W - 10}" y="${y + 17}" text-anchor="end" font-family="sans-serif" font-size="13" fill="#2d3748">${escapeXml(b.label)}</text>`);
    let text: string;
    let w = 0;
    if (b.value === undefined) {
      text = 'n/a';
    } else if (typeof b.value === 'number') {
      w = scale(b.value);
      text = b.value.toLocaleString('en-US');
      if (w > 0) parts.push(`<rect x="${LABEL_W}" y="${y + 4}" width="${w.toFixed(1)}" height="${ROW - 8}" fill="${COLORS[b.group] ?? '#4a5568'}"/>`);
    } else if (b.value === '*') {
      text = 'withheld';
    } else {
      // Suppressed: a bar for the largest count the label allows, hatched so it reads as uncertain.
      w = scale(r.suppression.below - 1);
      text = b.value;
      parts.push(`<rect x="${LABEL_W}" y="${y + 4}" width="${w.toFixed(1)}" height="${ROW - 8}" fill="url(#hatch)"/>`);
    }
    parts.push(`<text x="${LABEL_W + w + 6}" y="${y + 17}" font-family="sans-serif" font-size="13" fill="#1a202c">${escapeXml(text)}</text>`);
  });
  const sel = r.selection.available ? r.selection : undefined;
  const note =
    sel === undefined || sel.erasedShare === null
      ? 'Automatic selection: no records counted in this period.'
      : `Automatic selection erased ${(sel.erasedShare * 100).toFixed(2)} % of ${(sel.keptRecords + sel.erasedRecords).toLocaleString('en-US')} flow records unseen (domestic to domestic).`;
  parts.push(`<text x="16" y="${TOP + list.length * ROW + 24}" font-family="sans-serif" font-size="12" fill="#4a5568">${escapeXml(note)}</text>`);
  parts.push(`<text x="16" y="${TOP + list.length * ROW + 42}" font-family="sans-serif" font-size="11" fill="#718096">${escapeXml(`Hatched bars: ${r.suppression.rule}.`)}</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
