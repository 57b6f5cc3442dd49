/**
 * A small RFC 5322 / MIME (RFC 2045–2047) message writer for notices: CRLF line ends, ASCII
 * headers with encoded words for anything else, 7bit bodies when they are ASCII and base64
 * otherwise, and multipart bodies with a boundary that cannot occur in the parts.
 *
 * Pure: no I/O, no `node:` imports.
 */

/** One body part. */
export interface MimePart {
  /** Full Content-Type value, e.g. `text/plain; charset=utf-8`. */
  readonly contentType: string;
  readonly body: string;
  /** File name for an attachment. */
  readonly filename?: string;
}

/** A message to write. */
export interface MimeMessage {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly dateMs: number;
  readonly messageId: string;
  /** Extra header lines (`Name: value`), ASCII. */
  readonly headers?: readonly string[];
  /** The multipart subtype and its parameters, e.g. `report; report-type=feedback-report`. */
  readonly multipart: string;
  readonly parts: readonly MimePart[];
}

const CRLF = '\r\n';

function isAscii(s: string): boolean {
  return /^[\x00-\x7f]*$/.test(s);
}

function base64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** Encodes a header value as RFC 2047 B-encoded words when it is not plain ASCII. */
export function encodeHeaderValue(v: string): string {
  const clean = v.replace(/[\r\n]+/g, ' ');
  if (isAscii(clean)) return clean;
  return `=?UTF-8?B?${base64(clean)}?=`;
}

/** RFC 5322 §3.3 date-time in UTC. */
export function rfc5322Date(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}

function normaliseLines(body: string): string {
  return body.replace(/\r?\n/g, CRLF);
}

function encodePart(p: MimePart): string {
  const headers = [`Content-Type: ${p.contentType}`];
  if (p.filename !== undefined) headers.push(`Content-Disposition: attachment; filename="${p.filename.replace(/["\\\r\n]/g, '_')}"`);
  let body: string;
  if (isAscii(p.body)) {
    headers.push('Content-Transfer-Encoding: 7bit');
    body = normaliseLines(p.body);
  } else {
    headers.push('Content-Transfer-Encoding: base64');
    body = (base64(normaliseLines(p.body)).match(/.{1,76}/g) ?? []).join(CRLF);
  }
  return `${headers.join(CRLF)}${CRLF}${CRLF}${body}`;
}

/** Writes the message, boundary derived from `boundarySeed` so the output is reproducible. */
export function renderMime(m: MimeMessage, boundarySeed: string): string {
  const parts = m.parts.map(encodePart);
  let boundary = `=_sakimori_${boundarySeed.replace(/[^A-Za-z0-9]/g, '')}`;
  // RFC 2046 §5.1.1: the boundary must not appear inside any part.
  while (parts.some((p) => p.includes(boundary))) boundary += '_';
  const headers = [
    `From: ${m.from}`,
    `To: ${m.to.join(', ')}`,
    `Subject: ${encodeHeaderValue(m.subject)}`,
    `Date: ${rfc5322Date(m.dateMs)}`,
    `Message-ID: <${m.messageId}>`,
    'MIME-Version: 1.0',
    ...(m.headers ?? []),
    `Content-Type: multipart/${m.multipart}; boundary="${boundary}"`,
  ];
  const body = parts.map((p) => `--${boundary}${CRLF}${p}${CRLF}`).join('') + `--${boundary}--${CRLF}`;
  return `${headers.join(CRLF)}${CRLF}${CRLF}This is a multi-part message in MIME format.${CRLF}${CRLF}${body}`;
}

/**
 * A CSV field: text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
 * tab or carriage return — OWASP "CSV injection") is prefixed with `'` so it stays text, then the
 * field is quoted when needed (RFC 4180). Numbers are written as they are.
 */
export function csvField(v: string | number): string {
  const s = typeof v === 'number' ? String(v) : /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
