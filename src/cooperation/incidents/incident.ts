/**
 * Incidents and their reports under the reporting regimes (`../regimes/`): the domain types and
 * the closed lists they use. Pure types and constants.
 *
 * An incident belongs to one organisation and is reported under one regime. The regime's stages
 * (the ACD Act's prompt and written reports, NIS2's early warning, notification and final report…)
 * are the reports it owes; each is drafted, submitted as version 1, amended as version n+1 while
 * the regulator has not acknowledged it, and acknowledged by the regulator. The regulator may ask
 * for more information or order a correction; an order not complied with by its deadline is
 * flagged (the ACD Act's fine applies from then on).
 */
import type { JsonValue } from '../../core/canonical-json.js';
import type { Brand, OrganizationId } from '../../core/ids.js';
import type { Sector } from '../../core/sectors.js';
import type { DeadlineBasis, NamedAnchor, RegimeId } from '../regimes/index.js';

/** Id of an incident (made by `newId`). */
export type IncidentId = Brand<string, 'IncidentId'>;

/**
 * Where an incident is: `draft` until its first report is submitted, `open` from then on, `closed`
 * when the regulator closes the matter (no clock runs any more).
 */
export const INCIDENT_STATES = ['draft', 'open', 'closed'] as const;

/** One of {@link INCIDENT_STATES}. */
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** The regimes incidents are reported under: every built-in regime except the ACD Act's asset notification. */
export const INCIDENT_REGIMES = ['jp-act', 'jp-appi', 'eu-nis2', 'eu-dora', 'us-circia', 'eu-cra'] as const satisfies readonly RegimeId[];

/** One of {@link INCIDENT_REGIMES}. */
export type IncidentRegimeId = (typeof INCIDENT_REGIMES)[number];

/**
 * What happened, coarsely, for lists and statistics (the reports say the rest).
 *
 * - `ddos`: denial of service; `intrusion`: unauthorised access or use of a system;
 * - `malware`: malicious code other than ransomware; `ransomware`: encryption or extortion;
 * - `data-breach`: personal or confidential data leaked, lost or altered;
 * - `vulnerability`: an actively exploited vulnerability (CRA Art. 14(2));
 * - `outage`: loss of service without a known attack; `other`.
 */
export const INCIDENT_CATEGORIES = ['ddos', 'intrusion', 'malware', 'ransomware', 'data-breach', 'vulnerability', 'outage', 'other'] as const;

/** One of {@link INCIDENT_CATEGORIES}. */
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

/** What an incident can cite: a detected attack, an indicator sighting, a case, an intel object (STIX id). */
export const LINK_KINDS = ['attack', 'sighting', 'case', 'intel'] as const;

/** One of {@link LINK_KINDS}. */
export type LinkKind = (typeof LINK_KINDS)[number];

/** A reference from an incident to something the platform holds. */
export interface IncidentLink {
  readonly kind: LinkKind;
  readonly ref: string;
}

/**
 * What the regime's clocks read, as recorded: the shape of the deadline engine's `IncidentFacts`
 * without the time zone and calendar. Every instant is UTC epoch ms.
 */
export interface RecordedFacts {
  readonly anchors: Readonly<Partial<Record<NamedAnchor, number>>>;
  readonly conditions: Readonly<Record<string, boolean>>;
  /** First submission of each stage. */
  readonly submissions: Readonly<Record<string, number>>;
  /** Latest submission (amendment) of each stage. */
  readonly lastSubmissions: Readonly<Record<string, number>>;
  /** Due instants an authority set (NIS2 intermediate report "upon request"). */
  readonly dueSetByAuthority: Readonly<Record<string, number>>;
}

/** One incident, as stored. */
export interface Incident {
  readonly id: IncidentId;
  readonly organizationId: OrganizationId;
  /** The organisation's sector when the incident was created; the regulators who see it. */
  readonly sector: Sector;
  readonly regime: IncidentRegimeId;
  readonly title: string;
  readonly category: IncidentCategory;
  readonly state: IncidentState;
  readonly facts: RecordedFacts;
  /** The entity's IANA zone, for regimes that count in it (EU, US); null for fixed-zone regimes. */
  readonly timeZone: string | null;
  /** Earliest deadline of a correction order not yet complied with. */
  readonly orderDueAt: number | null;
  /** Earliest due instant of an unsubmitted stage or an open correction order; null when nothing is due. */
  readonly nextDueAt: number | null;
  /** What `nextDueAt` belongs to: a stage name, or `correction-order`. */
  readonly nextDueRef: string | null;
  /** `nextDueAt` had passed at the last evaluation. */
  readonly overdue: boolean;
  /** A correction order was not complied with by its deadline. Never cleared: the breach happened. */
  readonly nonCompliant: boolean;
  /** One more with every change of the incident's facts or state; writers check it. */
  readonly revision: number;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly updatedAt: number;
  readonly closedAt: number | null;
}

/** What a report says: free text, and the regime's items (the ACD Act's 7) by key. */
export interface ReportContent {
  readonly summary?: string;
  readonly items?: Readonly<Record<string, string>>;
}

/** One submitted version of a stage's report. Versions are never changed, except to record the acknowledgement. */
export interface ReportVersion {
  readonly incidentId: IncidentId;
  readonly stage: string;
  /** 1 for the submission, n + 1 for each amendment. */
  readonly version: number;
  readonly content: ReportContent;
  readonly submittedAt: number;
  readonly submittedBy: string;
  /** What the version was judged against: the stage's due instant (version 1) or the deadline of the order it answers. */
  readonly dueAt: number | null;
  readonly dueBasis: DeadlineBasis | null;
  /** Whole seconds past `dueAt` at submission; 0 when on time; null when nothing was due. */
  readonly lateBySeconds: number | null;
  /** Ids of the regulator's requests and orders this version answered. */
  readonly answers: readonly string[];
  readonly acknowledgedAt: number | null;
  readonly acknowledgedBy: string | null;
}

/** What a regulator can ask of a reporting operator. */
export const REQUEST_KINDS = ['information', 'correction-order'] as const;

/** One of {@link REQUEST_KINDS}. */
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** A regulator's request for more information, or correction order, on one stage's report. */
export interface RegulatorRequest {
  readonly id: string;
  readonly incidentId: IncidentId;
  readonly kind: RequestKind;
  readonly stage: string;
  readonly text: string;
  /** Required for a correction order; optional for an information request. */
  readonly dueAt: number | null;
  readonly issuedAt: number;
  readonly issuedBy: string;
  /** When a submission or amendment of the stage answered it. */
  readonly fulfilledAt: number | null;
  readonly fulfilledVersion: number | null;
  /** When the order's deadline was found passed without an answer (correction orders only). */
  readonly nonCompliantAt: number | null;
}

/** Kinds of timeline entries: one per state change. */
export const TIMELINE_KINDS = [
  'created',
  'updated',
  'linked',
  'unlinked',
  'draft-saved',
  'submitted',
  'amended',
  'acknowledged',
  'information-requested',
  'correction-ordered',
  'non-compliant',
  'closed',
] as const;

/** One of {@link TIMELINE_KINDS}. */
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** One entry of an incident's timeline. */
export interface TimelineEvent {
  readonly id: string;
  readonly incidentId: IncidentId;
  readonly at: number;
  /** User id, or `system` for the re-evaluation. */
  readonly actor: string;
  readonly kind: TimelineKind;
  readonly details: { readonly [key: string]: JsonValue };
}

/** Id of the re-evaluation as an actor in timelines. */
export const SYSTEM_ACTOR = 'system';
