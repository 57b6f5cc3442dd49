/**
 * Safe HTML for the printable exports: a tagged template that escapes every interpolated value
 * unless it is itself {@link SafeHtml}, and the self-contained A4 page the forms are printed on.
 *
 * Security invariant: report text, titles, organisation names and every other value reach the
 * page only through {@link html} or {@link escapeHtml}, so no value can open a tag, close an
 * attribute or start a script. The page also forbids scripts, images and remote loads in its
 * Content-Security-Policy, so a renderer bug could still not execute or fetch anything.
 *
 * Pure: no I/O, no `node:` imports.
 */

/** Markup that is already safe: built by {@link html} from escaped values and literal template text. */
export class SafeHtml {
  constructor(readonly markup: string) {}

  toString(): string {
    return this.markup;
  }
}

/** What {@link html} accepts: text (escaped), numbers, nothing, safe markup, or lists of these. */
export type HtmlValue = string | number | null | undefined | SafeHtml | readonly HtmlValue[];

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** `text` with `& < > " ' \`` replaced by entities: safe in element content and in quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ENTITIES[c] ?? c);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Markup from a template whose interpolations are escaped.
 *
 * @example
 * ```ts
 * html`<td>${'<script>'}</td>`.markup; // '<td>&lt;script&gt;</td>'
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Multi-line text: escaped, and kept as the writer broke it (the page sets `white-space: pre-wrap` on `.text`). */
export function text(value: string | null | undefined, empty = '（未記入 / not provided）'): SafeHtml {
  return value === null || value === undefined || value.trim() === '' ? html`<span class="empty">${empty}</span>` : html`<div class="text">${value}</div>`;
}

/** The page style: A4 portrait, Japanese fonts, bordered form tables, no page break inside a row. */
const STYLE = `
@page { size: A4 portrait; margin: 15mm 15mm 18mm 15mm; }
:root { color: #000; background: #fff; }
body { font-family: "Noto Serif JP", "Yu Mincho", "Hiragino Mincho ProN", "MS Mincho", serif; font-size: 10.5pt; line-height: 1.55; margin: 0 auto; max-width: 180mm; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 2mm; letter-spacing: 0.2em; }
h1 .en, th .en, dt .en, td .en { display: block; font-size: 8.5pt; letter-spacing: normal; font-weight: normal; color: #333; font-family: "Noto Sans", Arial, sans-serif; }
h2 { font-size: 12pt; border-bottom: 1px solid #000; margin: 6mm 0 2mm; }
.notice { border: 1px solid #000; padding: 2mm 3mm; font-size: 9pt; margin: 3mm 0; }
.meta { display: grid; grid-template-columns: 45mm 1fr; gap: 1mm 4mm; margin: 4mm 0; }
.meta dt { font-weight: bold; }
.meta dd { margin: 0; }
table.form { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.form th, table.form td { border: 1px solid #000; padding: 2mm; vertical-align: top; text-align: left; }
table.form th.no { width: 9mm; text-align: center; }
table.form th.label { width: 55mm; background: #f2f2f2; }
table.form tr { break-inside: avoid; page-break-inside: avoid; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.empty { color: #666; }
.late { font-weight: bold; }
footer { margin-top: 6mm; font-size: 8.5pt; color: #333; border-top: 1px solid #999; padding-top: 2mm; }
@media print { body { max-width: none; } a { color: inherit; text-decoration: none; } }
`;

/** The page's policy: inline style only; no script, image, frame, font or connection of any origin. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** A complete, self-contained HTML document: UTF-8, `lang="ja"`, the print style inline. */
export function htmlDocument(title: string, body: SafeHtml): string {
  return `<!DOCTYPE html>\n${
    html`<html lang="ja">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
${body}
</body>
</html>
`.markup
  }`;
}
