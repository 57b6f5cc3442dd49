/**
 * Exportable attacker lists: CSV (RFC 4180, header row, ISO 8601 UTC times) and JSON. Country and
 * ASN columns are filled when the list was built with an enrichment function, empty otherwise.
 *
 * Pure: no I/O.
 */
import type { AttackerEntry } from './attack.js';

/** CSV columns, in order. */
export const ATTACKER_CSV_COLUMNS = ['address', 'packets', 'bytes', 'packet_share', 'byte_share', 'first_seen', 'last_seen', 'country', 'asn', 'vectors', 'error_bound'] as const;

/** Quotes a CSV field when it holds a comma, quote or line break (RFC 4180 §2). */
function field(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Formats an attacker list as CSV with a header row and CRLF line ends. */
export function formatAttackersCsv(entries: readonly AttackerEntry[]): string {
  const lines = [ATTACKER_CSV_COLUMNS.join(',')];
  for (const e of entries) {
    lines.push(
      [
        e.address,
        String(e.packets),
        String(e.bytes),
        e.packetShare.toFixed(6),
        e.byteShare.toFixed(6),
        new Date(e.firstSeen).toISOString(),
        new Date(e.lastSeen).toISOString(),
        e.country ?? '',
        e.asn === undefined ? '' : String(e.asn),
        e.vectors.join(' '),
        String(e.errorBound),
      ]
        .map(field)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The JSON document of an attacker list. */
export interface AttackersDocument {
  readonly attackId: string;
  readonly target: string;
  readonly generatedAt: string;
  readonly count: number;
  readonly attackers: readonly (Omit<AttackerEntry, 'firstSeen' | 'lastSeen'> & { readonly firstSeen: string; readonly lastSeen: string })[];
}

/** Formats an attacker list as a JSON document (times as ISO 8601 UTC). */
export function formatAttackersJson(attack: { readonly attackId: string; readonly target: string }, entries: readonly AttackerEntry[], nowMs: number): string {
  const doc: AttackersDocument = {
    attackId: attack.attackId,
    target: attack.target,
    generatedAt: new Date(nowMs).toISOString(),
    count: entries.length,
    attackers: entries.map((e) => ({ ...e, firstSeen: new Date(e.firstSeen).toISOString(), lastSeen: new Date(e.lastSeen).toISOString() })),
  };
  return JSON.stringify(doc, null, 2);
}
