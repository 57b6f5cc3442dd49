/**
 * Vulnerability facts as short text for people: version ranges (`≥ 7.2.0, < 7.2.5`), the CVE ids an
 * analyst types (any separator, any case), and the basis of each priority factor.
 *
 * Pure: no DOM, no I/O.
 */
import type { PriorityFactors, VersionRange } from '../api/exposure-types.js';
import { ASSET_ROLE_LABELS, CERTAINTY_LABELS } from './labels.js';

/** A range as people write it: `= 7.2.4`, `≥ 7.2.0, < 7.2.5`, `all versions` when both ends are open. */
export function rangeText(r: VersionRange): string {
  if (r.startIncluding !== undefined && r.startIncluding === r.endIncluding) return `= ${r.startIncluding}`;
  const parts = [
    r.startIncluding === undefined ? undefined : `≥ ${r.startIncluding}`,
    r.startExcluding === undefined ? undefined : `> ${r.startExcluding}`,
    r.endIncluding === undefined ? undefined : `≤ ${r.endIncluding}`,
    r.endExcluding === undefined ? undefined : `< ${r.endExcluding}`,
  ].filter((p): p is string => p !== undefined);
  return parts.length === 0 ? 'all versions' : parts.join(', ');
}

/** True when the range has a bound (a criterion without one names every version of its CPE). */
export function hasBounds(r: VersionRange): boolean {
  return r.startIncluding !== undefined || r.startExcluding !== undefined || r.endIncluding !== undefined || r.endExcluding !== undefined;
}

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

/**
 * The CVE ids of a text an analyst typed or pasted (commas, spaces, new lines; any case), in order
 * without repeats, and the words that are not CVE ids.
 */
export function parseCves(text: string): { cves: string[]; bad: string[] } {
  const cves: string[] = [];
  const bad: string[] = [];
  for (const word of text.split(/[\s,;、，]+/)) {
    if (word === '') continue;
    const id = word.toUpperCase();
    if (!CVE_ID.test(id)) bad.push(word);
    else if (!cves.includes(id)) cves.push(id);
  }
  return { cves, bad };
}

/** One row of a priority's explanation: the factor, its points (or multiplier) and what they rest on. */
export interface FactorRow {
  readonly factor: string;
  readonly points: string;
  readonly basis: string;
}

const ports = (p: readonly number[]): string => (p.length === 0 ? 'none' : p.join(', '));

/** The factors of a priority as rows, in the formula's order (see `src/vulns/priority/priority.ts`). */
export function factorRows(f: PriorityFactors): FactorRow[] {
  const cvss = f.severity.cvss;
  const e = f.exploitation;
  const seen = f.exposure.seenPorts;
  return [
    {
      factor: 'Severity',
      points: String(f.severity.points),
      basis:
        cvss === null
          ? 'no CVSS score published yet (20 of 40)'
          : `CVSS ${cvss.version} base ${cvss.baseScore}${cvss.vectorUnreadable ? ' (as the source wrote it: vector unreadable)' : ''}, scored by ${cvss.scoredBy} — 4 × score`,
    },
    {
      factor: 'Exploitation',
      points: String(e.points),
      basis: e.kev
        ? e.ransomware
          ? 'in CISA KEV, known ransomware use'
          : 'in CISA KEV (exploited in the wild)'
        : e.epss === null
          ? 'not in KEV, no EPSS score'
          : `not in KEV; EPSS ${(e.epss * 100).toFixed(1)} % — 20 × probability`,
    },
    {
      factor: 'Exposure',
      points: String(f.exposure.points),
      basis:
        seen.length === 0
          ? 'not seen receiving traffic from outside its organisation'
          : `seen receiving outside traffic on ports ${ports(seen)} (its service’s ports: ${ports(f.exposure.servicePorts)})`,
    },
    { factor: 'Role', points: String(f.role.points), basis: ASSET_ROLE_LABELS[f.role.role as keyof typeof ASSET_ROLE_LABELS] ?? f.role.role },
    { factor: 'Sector', points: String(f.sector.points), basis: 'the sector’s weight' },
    { factor: 'Certainty', points: `× ${f.certainty.factor}`, basis: CERTAINTY_LABELS[f.certainty.certainty] ?? f.certainty.certainty },
  ];
}
