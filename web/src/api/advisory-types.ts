/**
 * The console's types of the advisory API (`/advisories`): the office's advisories to operators,
 * each recipient's acknowledgement and each asset's answer. Kept apart from `types.ts` for the
 * reason `exposure-types.ts` gives (the API fixture of `types.test.ts` does not mount the routes);
 * written from `src/api/routes/advisories.ts`.
 */

/** Where an advisory is in its life. */
export const ADVISORY_STATUSES = ['draft', 'published', 'withdrawn'] as const;
/** One advisory status. */
export type AdvisoryStatus = (typeof ADVISORY_STATUSES)[number];

/** TLP 2.0 levels, least restrictive first, spelled as the API takes them. */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
/** One TLP level. */
export type TlpLevel = (typeof TLP_LEVELS)[number];

/** An operator's answer for one asset. */
export const ASSET_ANSWERS = ['patched', 'mitigated', 'accepted-risk', 'not-affected'] as const;
/** One answer. */
export type AssetAnswer = (typeof ASSET_ANSWERS)[number];

/** Answers that must say how or why (the API refuses them without a note). */
export const ANSWERS_NEEDING_NOTE: readonly AssetAnswer[] = ['mitigated', 'accepted-risk', 'not-affected'];

/** Where one recipient stands. */
export type RecipientState = 'open' | 'overdue' | 'acknowledged' | 'acknowledged-late';

/** One advisory. */
export interface Advisory {
  readonly id: string;
  readonly status: AdvisoryStatus;
  /** `analyst`, or `kev` when drafted for a KEV addition concerning registered assets. */
  readonly origin: string;
  readonly title: string;
  readonly summary: string;
  readonly action: string;
  readonly cves: readonly string[];
  readonly acknowledgeWithinDays: number;
  readonly tlp: TlpLevel;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly publishedAt: number | null;
  readonly publishedBy: string | null;
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
  readonly state: RecipientState;
  readonly assets: number;
  readonly answered: number;
}

/** One asset an advisory concerns, with its operator's answer. */
export interface AdvisoryAsset {
  readonly assetId: string;
  readonly organizationId: string;
  readonly label: string;
  readonly cves: readonly string[];
  readonly priority: number;
  readonly answer: AssetAnswer | null;
  readonly note: string | null;
  readonly answeredBy: string | null;
  readonly answeredAt: number | null;
}

/** `GET /advisories/{id}`: the recipients and assets in the caller's scope (a draft: the assets it would concern now). */
export interface AdvisoryDetail {
  readonly advisory: Advisory;
  readonly recipients: readonly AdvisoryRecipient[];
  readonly assets: readonly AdvisoryAsset[];
}

/** What an analyst writes into an advisory. */
export interface AdvisoryFields {
  readonly title: string;
  readonly summary: string;
  readonly action: string;
  readonly cves: readonly string[];
  readonly acknowledgeWithinDays: number;
  readonly tlp: TlpLevel;
}
