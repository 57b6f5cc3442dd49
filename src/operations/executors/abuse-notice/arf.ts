/**
 * The abuse notice to the network owner of attack sources, in the shape of an Abuse Reporting
 * Format report (RFC 5965): `multipart/report; report-type=feedback-report` with a human-readable
 * first part and a machine-readable `message/feedback-report` second part. ARF was made for
 * e-mail abuse; a DDoS has no offending message, so the third part carries the evidence as CSV
 * (one line per source) where RFC 5965 §2 puts the message — "ARF-style", as the X-ARF profiles
 * for network abuse do. `Source-IP` may appear only once (§3.2), so it is written when the report
 * concerns one source; the CSV lists every source either way.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { AttackerView, AttackView } from '../../attacks.js';
import { csvField, renderMime, rfc5322Date } from '../notices/mime.js';

/** Who the report goes to. */
export interface AbuseRecipient {
  readonly name: string;
  readonly abuseEmail: string;
  readonly asn?: number | undefined;
}

/** Everything one report says. */
export interface ArfReport {
  readonly recipient: AbuseRecipient;
  readonly sources: readonly AttackerView[];
  /** The attack the sources took part in (victim withheld: the owner needs the sources, not the victim). */
  readonly attack: Pick<AttackView, 'id' | 'vectors' | 'startedAt' | 'endedAt'>;
  readonly reporter: string;
  readonly from: string;
  readonly userAgent: string;
  readonly reference: string;
  readonly dateMs: number;
  readonly messageId: string;
}

function window(sources: readonly AttackerView[], attack: ArfReport['attack']): { first: number; last: number } {
  if (sources.length === 0) return { first: attack.startedAt, last: attack.endedAt ?? attack.startedAt };
  return { first: Math.min(...sources.map((s) => s.firstSeen)), last: Math.max(...sources.map((s) => s.lastSeen)) };
}

function humanPart(r: ArfReport, first: number, last: number): string {
  const vectors = r.attack.vectors.map((v) => (v.service === undefined ? v.vector : `${v.vector} (${v.service}${v.port === undefined ? '' : `, UDP source port ${v.port}`})`));
  return [
    `Dear ${r.recipient.name} abuse team,`,
    '',
    `${r.reporter} observed ${r.sources.length} host(s) in your network${r.recipient.asn === undefined ? '' : ` (AS${r.recipient.asn})`} taking part in a distributed`,
    `denial-of-service attack between ${new Date(first).toISOString()} and ${new Date(last).toISOString()}.`,
    `Attack vectors: ${vectors.length === 0 ? 'unclassified' : vectors.join(', ')}.`,
    '',
    'These hosts are most likely compromised devices (home routers, IP cameras) in a botnet.',
    'Please notify the subscribers concerned and help them clean and secure their devices.',
    'The attached sources.csv lists each source with the times and volume observed.',
    '',
    `Reference: ${r.reference}`,
    '',
  ].join('\n');
}

function feedbackPart(r: ArfReport, first: number): string {
  const fields = ['Feedback-Type: other', `User-Agent: ${r.userAgent}`, 'Version: 1', `Arrival-Date: ${rfc5322Date(first)}`];
  if (r.sources.length === 1) fields.push(`Source-IP: ${r.sources[0]!.address}`);
  fields.push(`Incidents: ${r.sources.length}`);
  return `${fields.join('\n')}\n`;
}

function csvPart(sources: readonly AttackerView[]): string {
  const rows = sources.map((s) =>
    [s.address, new Date(s.firstSeen).toISOString(), new Date(s.lastSeen).toISOString(), Math.round(s.packets), Math.round(s.bytes), s.vectors.join(' ')].map(csvField).join(','),
  );
  return `${['source,first_seen,last_seen,packets,bytes,vectors', ...rows].join('\n')}\n`;
}

/** Renders the report as a complete message (what goes to the outbox and over SMTP). */
export function renderArfReport(r: ArfReport): string {
  const { first, last } = window(r.sources, r.attack);
  return renderMime(
    {
      from: r.from,
      to: [r.recipient.abuseEmail],
      subject: `Abuse report: DDoS sources in your network (${r.sources.length} host${r.sources.length === 1 ? '' : 's'}) [${r.reference}]`,
      dateMs: r.dateMs,
      messageId: r.messageId,
      multipart: 'report; report-type=feedback-report',
      parts: [
        { contentType: 'text/plain; charset=utf-8', body: humanPart(r, first, last) },
        { contentType: 'message/feedback-report', body: feedbackPart(r, first) },
        { contentType: 'text/csv; charset=utf-8', body: csvPart(r.sources), filename: 'sources.csv' },
      ],
    },
    r.messageId,
  );
}
