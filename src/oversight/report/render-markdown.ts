/**
 * The transparency report as Markdown, for publication as it stands.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { label } from './labels.js';
import type { Published, PublishedGroup, PublishedSection, TransparencyReport } from './publish.js';

const fmt = (v: Published): string => (typeof v === 'number' ? v.toLocaleString('en-US') : v);

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const align = head.map((_, i) => (i === 0 ? '---' : '---:'));
  return [`| ${head.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function unavailable(s: { readonly missing: readonly string[] }): string[] {
  return [`Not available: this installation has no ${s.missing.map((t) => `\`${t}\``).join(', ')} table.`];
}

function section<T>(title: string, s: PublishedSection<T>, body: (v: T) => string[]): string[] {
  return ['', `## ${title}`, '', ...(s.available ? body(s) : unavailable(s))];
}

function groupRows(g: PublishedGroup): string[][] {
  return [...Object.entries(g.by).map(([k, v]) => [label(k), fmt(v)]), ['**Total**', `**${fmt(g.total)}**`]];
}

function countermeasures(r: TransparencyReport): string[] {
  return section('Countermeasure requests (prior approval by the commission)', r.countermeasures, (v) =>
    table(
      ['Type', 'Requested', 'Approved', 'Rejected', 'Withdrawn before decision'],
      [
        ...Object.keys(v.requests.by).map((k) => [label(k), fmt(v.requests.by[k]!), fmt(v.approvals.by[k] ?? 0), fmt(v.rejections.by[k] ?? 0), fmt(v.cancelled.by[k] ?? 0)]),
        ['**Total**', ...[v.requests, v.approvals, v.rejections, v.cancelled].map((g) => `**${fmt(g.total)}**`)],
      ],
    ),
  );
}

function emergency(r: TransparencyReport): string[] {
  return section('Emergency actions (taken at once, reviewed by the commission afterwards)', r.emergency, (v) => [
    ...table(['Type', 'Actions'], groupRows(v.actions)),
    '',
    ...table(['Review', 'Actions'], groupRows(v.review)),
    '',
    ...table(['Outcome of the review', 'Actions'], groupRows(v.outcome)),
    '',
    `Withdrawal orders issued by the commission: ${fmt(v.outcome.by.withdrawal_ordered ?? 0)}.`,
  ]);
}

function commission(r: TransparencyReport): string[] {
  return section('Inspections and corrective action by the commission', r.commission, (v) =>
    table(
      ['', 'Count'],
      [
        ['Inspections opened', fmt(v.inspectionsOpened)],
        ['Inspections concluded', fmt(v.inspectionsClosed)],
        ...Object.entries(v.directives.by).map(([k, n]) => [label(k), fmt(n)]),
        ['Directives implemented or closed', fmt(v.directivesImplemented)],
        ['Directives still open', fmt(v.directivesOpen)],
      ],
    ),
  );
}

function erased(r: TransparencyReport): string[] {
  return [
    ...section('Automatic selection of communications information', r.selection, (v) =>
      table(
        ['Exporters reporting', 'Records kept (crossing the border)', 'Records erased unseen (domestic to domestic)', 'Share erased'],
        [[fmt(v.exporters), fmt(v.keptRecords), fmt(v.erasedRecords), v.erasedShare === null ? '-' : `${(v.erasedShare * 100).toFixed(2)} %`]],
      ),
    ),
    ...section('Data erased at the end of its retention period', r.retention, (v) =>
      Object.keys(v.rowsErased).length === 0
        ? ['No data reached the end of its retention period.']
        : table(['Data class', 'Rows erased'], [...Object.entries(v.rowsErased).map(([k, n]) => [label(k), fmt(n)]), ['**Total**', `**${fmt(v.total)}**`]]),
    ),
  ];
}

function access(r: TransparencyReport): string[] {
  return [
    ...section('Access to personal data', r.monitoring, (v) => [
      ...table(
        ['', 'Count'],
        [
          ['Reads with a purpose and a case', fmt(v.reads)],
          ['Queries refused', fmt(v.refused)],
        ],
      ),
      '',
      ...table(['Excessive-monitoring flags', 'Raised'], groupRows(v.flags)),
    ]),
    ...section('Audit log', r.auditLog, (v) => [
      `The audit log held ${fmt(v.entries)} entries when this report was made.`,
      ...(v.checkpoint === null
        ? ['No checkpoint had been signed by the end of the period.']
        : [
            '',
            `Latest signed checkpoint of the period (size ${fmt(v.checkpointSize ?? 0)}); check an export against it with \`sakimori audit verify <export> --key <key> --latest <this checkpoint>\`:`,
            '',
            '```text',
            v.checkpoint.trimEnd(),
            '```',
          ]),
    ]),
  ];
}

/** Renders the report as Markdown. */
export function renderMarkdown(r: TransparencyReport): string {
  const out = [
    `# Transparency report ${r.period.label}`,
    '',
    `Period ${r.period.from} to ${r.period.to} (end exclusive); generated ${r.generatedAt}.`,
    `Small counts are suppressed: ${r.suppression.rule}.`,
    ...countermeasures(r),
    ...emergency(r),
    ...commission(r),
    ...erased(r),
    ...access(r),
  ];
  return `${out.join('\n')}\n`;
}
