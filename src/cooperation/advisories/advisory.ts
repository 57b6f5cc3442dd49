/**
 * Advisories: the office tells operators which of their assets are exposed to which
 * vulnerabilities, what to do and by when; each concerned operator acknowledges and answers per
 * asset. Pure types and constants.
 */
import type { TlpLevel } from '../../stix/marking/index.js';

/** Where an advisory is in its life: drafted by an analyst, published to its recipients, withdrawn. */
export const ADVISORY_STATUSES = ['draft', 'published', 'withdrawn'] as const;
/** One of {@link ADVISORY_STATUSES}. */
export type AdvisoryStatus = (typeof ADVISORY_STATUSES)[number];

/** Who started the draft: an analyst, or the platform when a KEV addition concerns registered assets. */
export type AdvisoryOrigin = 'analyst' | 'kev';

/**
 * An operator's answer for one asset:
 * - `patched`: the fixed version is installed;
 * - `mitigated`: a workaround is in place (`note` says which);
 * - `accepted-risk`: the operator keeps the asset as it is (`note` says why);
 * - `not-affected`: the finding does not hold for this asset (`note` says why — the office reviews it).
 */
export const ASSET_ANSWERS = ['patched', 'mitigated', 'accepted-risk', 'not-affected'] as const;
/** One of {@link ASSET_ANSWERS}. */
export type AssetAnswer = (typeof ASSET_ANSWERS)[number];

/** Answers that must say how or why. */
export const ANSWERS_NEEDING_NOTE: readonly AssetAnswer[] = ['mitigated', 'accepted-risk', 'not-affected'];

/** An advisory as the office writes it. */
export interface AdvisoryFields {
  readonly title: string;
  /** What the vulnerabilities are and why they matter. */
  readonly summary: string;
  /** What operators must do. */
  readonly action: string;
  readonly cves: readonly string[];
  /** Days from publication within which operators acknowledge. */
  readonly acknowledgeWithinDays: number;
  readonly tlp: TlpLevel;
}

/** One advisory. */
export interface Advisory extends AdvisoryFields {
  readonly id: string;
  readonly status: AdvisoryStatus;
  readonly origin: AdvisoryOrigin;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly publishedAt: number | null;
  readonly publishedBy: string | null;
  /** Publication + `acknowledgeWithinDays`; null while a draft. */
  readonly dueAt: number | null;
  readonly revision: number;
}

/** One organisation an advisory went to, and where it stands. */
export interface AdvisoryRecipient {
  readonly organizationId: string;
  readonly organization: string;
  readonly sector: string;
  readonly acknowledgedAt: number | null;
  readonly acknowledgedBy: string | null;
  /** `open`, `overdue` (past due, not acknowledged), `acknowledged`, `acknowledged-late`. */
  readonly state: 'open' | 'overdue' | 'acknowledged' | 'acknowledged-late';
  /** Assets concerned, and how many have an answer. */
  readonly assets: number;
  readonly answered: number;
}

/** One asset an advisory concerns, with the operator's answer. */
export interface AdvisoryAsset {
  readonly assetId: string;
  readonly organizationId: string;
  readonly label: string;
  /** The advisory's CVEs this asset was found exposed to at publication (or now, for a draft). */
  readonly cves: readonly string[];
  readonly priority: number;
  readonly answer: AssetAnswer | null;
  readonly note: string | null;
  readonly answeredBy: string | null;
  readonly answeredAt: number | null;
}
