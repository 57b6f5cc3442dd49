/**
 * The priority of a finding: how urgently an operator should act on one asset exposed to one CVE.
 * A sum of points (0–100) from five factors, each shown with the finding so a person can check it:
 *
 * | factor | points | from |
 * |---|---|---|
 * | severity | 0–40 | 4 × the CVSS base score ({@link chooseCvss}); 20 when no score is published yet |
 * | exploitation | 0–30 | KEV with known ransomware use 30, KEV 25, else 20 × EPSS probability |
 * | exposure | 0–15 | the asset seen receiving traffic from outside its organisation on a port of its service 15, on other ports 8, not seen 0 |
 * | role | 0–10 | what the asset does (an edge or OT device first) |
 * | sector | 0–5 | the organisation's sector weight (configurable) |
 *
 * The sum is scaled by the finding's certainty (confirmed 1, platform unstated 0.8, needs review
 * 0.6) and rounded. Bands: 80+ critical, 60+ high, 40+ medium, else low. Observed exploitation
 * (KEV) outranks the best EPSS probability on purpose: it is a fact, EPSS a forecast.
 */
import type { VulnerabilityRecord } from '../record.js';
import type { Certainty } from '../match/finding.js';
import { type ChosenCvss, chooseCvss } from './cvss-score.js';

/** How sure the matcher is of a finding (`match/finding.ts`). */
export type { Certainty };

/** What the flow data says of an asset's exposure; undefined when nothing is known. */
export interface ObservedExposure {
  /** Destination ports (TCP/UDP) on which the asset received traffic from outside its organisation. */
  readonly inboundPorts: readonly number[];
}

/** Everything a priority is computed from. */
export interface PriorityInput {
  readonly record: VulnerabilityRecord;
  readonly certainty: Certainty;
  /** The asset's role (`cooperation/assets`' closed list). */
  readonly role: string;
  readonly exposure: ObservedExposure | undefined;
  /** 0–5, from the sector weights. */
  readonly sectorWeight: number;
}

/** A priority and the factors that made it. */
export interface Priority {
  readonly score: number;
  readonly band: 'critical' | 'high' | 'medium' | 'low';
  readonly factors: {
    readonly severity: { readonly points: number; readonly cvss: ChosenCvss | null };
    readonly exploitation: { readonly points: number; readonly kev: boolean; readonly ransomware: boolean; readonly epss: number | null };
    readonly exposure: { readonly points: number; readonly servicePorts: readonly number[]; readonly seenPorts: readonly number[] };
    readonly role: { readonly points: number; readonly role: string };
    readonly sector: { readonly points: number };
    readonly certainty: { readonly factor: number; readonly certainty: Certainty };
  };
}

/** Points per role: devices at the edge or acting on the physical process first. */
export const ROLE_POINTS: Readonly<Record<string, number>> = {
  'vpn-gateway': 10,
  firewall: 10,
  'ot-controller': 10,
  'core-router': 8,
  'ot-supervisory': 8,
  'directory-service': 8,
  'network-switch': 5,
  server: 5,
  workstation: 3,
  other: 3,
};

/**
 * The ports a role's service usually listens on (IANA and vendor defaults): SSL-VPN and IKE for a VPN
 * gateway, ISO-TSAP/Modbus/DNP3/EtherNet-IP/IEC 104 for OT, and so on. The CVE records do not name
 * the vulnerable service's port, so the asset's role stands in for it.
 */
export const SERVICE_PORTS: Readonly<Record<string, readonly number[]>> = {
  'vpn-gateway': [443, 500, 1194, 4433, 4500, 8443, 10443],
  firewall: [22, 443, 4443, 8443],
  'ot-controller': [102, 502, 2404, 20000, 44818],
  'ot-supervisory': [80, 102, 443, 502, 3389],
  'core-router': [22, 23, 161, 179, 830],
  'directory-service': [88, 389, 445, 636, 3268, 3269],
  'network-switch': [22, 23, 80, 161, 443],
  server: [22, 80, 443, 3389, 8080, 8443],
  workstation: [445, 3389, 5900],
  other: [],
};

const CERTAINTY_FACTOR: Readonly<Record<Certainty, number>> = { confirmed: 1, 'platform-unstated': 0.8, 'needs-review': 0.6 };

/** Computes the priority of one finding (see the module comment for the formula). */
export function prioritise(input: PriorityInput): Priority {
  const cvss = chooseCvss(input.record.cvss) ?? null;
  const severity = cvss === null ? 20 : 4 * cvss.baseScore;
  const kev = input.record.kev !== undefined;
  const ransomware = input.record.kev?.value.knownRansomwareCampaignUse === 'Known';
  const epss = input.record.epss?.value.epss ?? null;
  const exploitation = ransomware ? 30 : kev ? 25 : 20 * (epss ?? 0);
  const servicePorts = SERVICE_PORTS[input.role] ?? [];
  const seenPorts = input.exposure?.inboundPorts ?? [];
  const exposure = seenPorts.some((p) => servicePorts.includes(p)) ? 15 : seenPorts.length > 0 ? 8 : 0;
  const role = ROLE_POINTS[input.role] ?? 3;
  const sector = Math.max(0, Math.min(5, input.sectorWeight));
  const factor = CERTAINTY_FACTOR[input.certainty];
  const score = Math.round((severity + exploitation + exposure + role + sector) * factor);
  return {
    score,
    band: score >= 80 ? 'critical' : score >= 60 ? 'high' : score >= 40 ? 'medium' : 'low',
    factors: {
      severity: { points: round1(severity), cvss },
      exploitation: { points: round1(exploitation), kev, ransomware, epss },
      exposure: { points: exposure, servicePorts, seenPorts },
      role: { points: role, role: input.role },
      sector: { points: sector },
      certainty: { factor, certainty: input.certainty },
    },
  };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
