/**
 * Shapes of the HTTP API as the console reads them (see the API contract and `/openapi.json`).
 * Times are epoch milliseconds unless noted.
 */

/** A role (src/core/roles.ts). */
export type Role = 'nco_analyst' | 'operator_reporter' | 'sector_regulator' | 'designated_officer' | 'defence_operator' | 'commission_member' | 'auditor' | 'partner' | 'admin';

/** The signed-in user. */
export interface Me {
  readonly id: string;
  readonly username: string;
  readonly displayName: string | null;
  readonly roles: readonly Role[];
  readonly organizationId: string | null;
  readonly organizationName: string | null;
  readonly sector: string | null;
}

/** Answer of sign-in and of `GET /auth/session`. */
export interface Session {
  readonly user: Me;
  /** Null when the caller used a bearer token. */
  readonly csrfToken: string | null;
  readonly expiresAt: number | null;
  readonly idleExpiresAt: number | null;
}

/** One page of a list. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next: string | null;
}

/** Protocol classes of the rate series. */
export const CLASS_NAMES = ['total', 'tcp', 'tcp_syn', 'udp', 'icmp', 'gre', 'fragment'] as const;
/** One protocol class. */
export type ClassName = (typeof CLASS_NAMES)[number];

/** Rates of one class. */
export interface Rates {
  readonly pps: number;
  readonly bps: number;
  readonly flowsPerSecond?: number;
}

/** Rates per class. */
export type ClassRates = Readonly<Record<ClassName, Rates>>;

/** One vector's share of an attack. */
export interface VectorShare {
  readonly vector: string;
  readonly service?: string;
  readonly port?: number;
  readonly packets: number;
  readonly bytes: number;
  readonly share: number;
}

/** An attack source as lists show it: masked to its /24 or /48. */
export interface MaskedSource {
  readonly prefix: string | null;
  readonly country?: string | null;
  readonly asn?: number | null;
  readonly packets: number;
  readonly bytes: number;
  readonly packetShare: number;
  readonly byteShare: number;
  readonly vectors: readonly string[];
}

/** An attack source with its full address (through the access guard). */
export interface Attacker {
  readonly address: string;
  readonly packets: number;
  readonly bytes: number;
  readonly packetShare: number;
  readonly byteShare: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly vectors: readonly string[];
  readonly errorBound: number;
  readonly country?: string | null;
  readonly asn?: number | null;
}

/** An attack. */
export interface Attack {
  readonly id: string;
  readonly scope: 'host' | 'prefix';
  readonly target: string;
  readonly family: 4 | 6;
  readonly networkId: string;
  readonly organizationId: string;
  readonly organizationName?: string | null;
  readonly networkPrefix: string;
  readonly state: 'active' | 'ended';
  readonly startedAt: number;
  readonly detectedAt: number | null;
  readonly updatedAt: number;
  readonly endedAt: number | null;
  readonly endReason: string | null;
  readonly trigger: { readonly class: string; readonly metric: string; readonly rate: number; readonly threshold: number; readonly thresholdSource: string } | null;
  readonly vectors: readonly VectorShare[];
  readonly current: Rates;
  readonly peak: Rates;
  readonly rates?: ClassRates;
  readonly peakRates?: ClassRates;
  readonly topSources: readonly MaskedSource[];
  readonly sourceCount: number;
  readonly targetCount: number;
  readonly totals: { readonly packets: number; readonly bytes: number };
  /** Set while `current` is the estimate made at detection (before a complete second). */
  readonly ratesEstimate?: { readonly estimated: true; readonly coveredMs: number; readonly coveredFraction: number } | null;
  /** What a carpet-bombing (prefix) attack hits: the prefixes a mitigation should target. */
  readonly extent?: HitExtent | null;
}

/** One prefix of a carpet-bombing attack's hit extent. */
export interface HitPrefix {
  readonly prefix: string;
  readonly hostsHit: number;
  /** Share of the prefix's addresses hit, 0–1. */
  readonly hostShare: number;
  /** Share of the attack's packets, 0–1. */
  readonly packetShare: number;
}

/** The part of the registered network a carpet-bombing attack hits. */
export interface HitExtent {
  readonly cover: HitPrefix;
  readonly prefixes: readonly HitPrefix[];
  readonly hostsHit: number;
  readonly approximate: boolean;
}

/** One second of an attack's timeline. */
export interface TimelinePoint {
  readonly second: number;
  readonly pps: number;
  readonly bps: number;
  readonly rates?: ClassRates;
}

/** An attack with its timeline. */
export interface AttackDetail extends Attack {
  readonly timeline: readonly TimelinePoint[];
}

/** Rate history of one protected network. */
export interface NetworkRates {
  readonly networkId: string;
  readonly organizationId: string;
  readonly prefix: string;
  readonly name: string | null;
  readonly from: number;
  readonly to: number;
  readonly resolution: number;
  readonly classes: readonly ClassName[];
  readonly pps: Readonly<Partial<Record<ClassName, readonly number[]>>>;
  readonly bps: Readonly<Partial<Record<ClassName, readonly number[]>>>;
}

/** One second of every network, from `/rates/stream`. */
export interface RatesTick {
  readonly second: number;
  readonly networks: readonly { readonly networkId: string; readonly pps: Partial<Record<ClassName, number>>; readonly bps: Partial<Record<ClassName, number>> }[];
}

/** A protected network. */
export interface Network {
  readonly id: string;
  readonly organizationId: string;
  readonly prefix: string;
  readonly family: number;
  readonly name: string | null;
  readonly description: string | null;
  /** Per-class pps/bps/flowsPerSecond thresholds, or null for the defaults. */
  readonly thresholds: unknown;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A designated organisation. */
export interface Organization {
  readonly id: string;
  readonly name: string;
  readonly sector: string;
  readonly status: string;
  readonly contact: { readonly name: string | null; readonly email: string | null; readonly phone: string | null } | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Case states. */
export type CaseState = 'open' | 'contained' | 'closed';

/** A case. */
export interface Case {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly state: CaseState;
  readonly serious: boolean;
  readonly assignee: string | null;
  readonly assigneeName?: string | null;
  readonly createdBy: string;
  readonly createdByName?: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly closedAt: number | null;
}

/** Evidence kinds. */
export const EVIDENCE_KINDS = ['attack', 'sighting', 'attacker_list', 'indicator', 'report', 'organization', 'intel'] as const;

/** One piece of evidence. */
export interface CaseEvidence {
  readonly id: string;
  readonly caseId: string;
  readonly kind: string;
  readonly ref: string;
  readonly note: string | null;
  readonly addedBy: string;
  readonly addedByName?: string | null;
  readonly addedAt: number;
}

/** A note on a case. */
export interface CaseNote {
  readonly id: string;
  readonly caseId: string;
  readonly author: string;
  readonly authorName?: string | null;
  readonly text: string;
  readonly createdAt: number;
}

/** A case with its evidence, notes and requests. */
export interface CaseDetail {
  readonly case: Case;
  readonly evidence: readonly CaseEvidence[];
  readonly notes: readonly CaseNote[];
  readonly requests: readonly { readonly id: string; readonly mechanism: string; readonly path: string; readonly state: string; readonly createdAt: number }[];
}

/** A prefix and window a case may look at. */
export interface ScopeEntry {
  readonly id: string;
  readonly caseId: string;
  /** Declared by the case's creator or assignee, or the target and time of an attack the case cites. */
  readonly origin: 'declared' | 'evidence';
  readonly prefix: string;
  readonly from: number;
  readonly to: number | null;
  /** `pending`: wider than the limit, counts once a commission member approves it. */
  readonly approval: 'not_needed' | 'pending' | 'approved' | 'rejected';
  readonly addedBy: string;
  readonly addedByName?: string | null;
  readonly addedAt: number;
  readonly decidedBy: string | null;
  readonly decidedAt: number | null;
  readonly attackId: string | null;
}

/** Purposes of a look at personal data. */
export const PURPOSES = ['incident_response', 'countermeasure_preparation', 'victim_notification', 'oversight_inspection', 'statutory_report'] as const;

/** A catalogue entry. */
export interface CatalogueEntry {
  readonly mechanism: string;
  readonly mode: 'standing' | 'one_shot';
  readonly requesters: readonly Role[];
  readonly summary: string;
  readonly effect: string;
  readonly available?: boolean;
  readonly emergency?: boolean;
}

/** Harm levels. */
export type HarmLevel = 'none' | 'low' | 'medium' | 'high';

/** The commission's review of an emergency action. */
export interface EmergencyReview {
  readonly dueAt: number;
  readonly state: 'pending' | 'upheld' | 'withdrawal_ordered';
  readonly reviewedBy: string | null;
  readonly reviewedAt: number | null;
  readonly reason: string | null;
  readonly escalatedAt: number | null;
}

/** A gate and its reference. */
export interface Gate {
  readonly kind: string;
  readonly reference: string | null;
  readonly recordedBy: string | null;
  readonly recordedAt: number | null;
}

/** A request without its action. */
export interface RequestSummary {
  readonly id: string;
  readonly caseId: string;
  readonly path: 'prior' | 'emergency';
  readonly mechanism: string;
  readonly durationSeconds: number | null;
  readonly justification: string;
  readonly harm: { readonly life: HarmLevel; readonly body: HarmLevel; readonly property: HarmLevel; readonly notes: string | null };
  readonly urgency: 'routine' | 'urgent' | 'immediate';
  readonly evidence: readonly { readonly kind: string; readonly ref: string }[];
  readonly abroad: boolean;
  readonly requestedBy: string;
  /** Display name of the requester, when the API sends it. */
  readonly requestedByName?: string | null;
  readonly requesterRole: Role;
  readonly state: string;
  readonly digest: string;
  readonly revision: number;
  readonly gates: readonly Gate[];
  readonly rejectionReasons: readonly string[];
  readonly review: EmergencyReview | null;
  readonly endReason: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly decidedAt: number | null;
  /** The outcome reported after a one-shot action. */
  readonly outcome: { readonly reportedBy: string; readonly reportedAt: number; readonly outcome: string; readonly report: string } | null;
  readonly targetCount?: number;
}

/** A full request (with its action). */
export interface CountermeasureRequest extends RequestSummary {
  readonly action: Record<string, unknown> & { readonly mechanism: string };
}

/** A vote. */
export interface Vote {
  readonly id: string;
  readonly requestId: string;
  readonly voter: string;
  readonly voterName?: string | null;
  readonly decision: 'approve' | 'reject';
  readonly digest: string;
  readonly reason: string | null;
  readonly createdAt: number;
  readonly current: boolean;
}

/** An execution. */
export interface Execution {
  readonly id: string;
  readonly requestId: string;
  readonly mechanism: string;
  readonly state: string;
  readonly startedAt: number;
  readonly expiresAt: number | null;
  readonly endedAt: number | null;
  readonly endReason: string | null;
  readonly lastError: string | null;
  readonly updatedAt: number;
  readonly targets?: readonly TargetCount[];
}

/** Count of an execution's rules with one peer in one state. */
export interface TargetCount {
  readonly peer: string;
  readonly state: string;
  readonly n: number;
}

/** A request as its page shows it. */
export interface RequestView {
  readonly request: CountermeasureRequest;
  readonly votes: readonly Vote[];
  readonly approvals: number;
  readonly rejections: number;
  readonly quorum: number;
  readonly openGates: readonly string[];
  readonly digestDocument: string;
  readonly execution: Execution | null;
  readonly targets: readonly TargetCount[];
}

/** One rule with one peer. */
export interface ExecutionTarget {
  readonly executionId: string;
  readonly ruleKey: string;
  readonly peer: string;
  readonly state: string;
  readonly attempts: number;
  readonly error: string | null;
  readonly updatedAt: number;
}

/** A signed checkpoint. */
export interface CheckpointAnswer {
  readonly size: number;
  readonly root: string;
  readonly note: string;
  readonly time: number;
}

/** One audit log entry with its canonical bytes. */
export interface AuditEntryAnswer {
  readonly seq: number;
  readonly entry: Record<string, unknown>;
  readonly leaf: string;
}

/** An exporter's health. */
export interface Exporter {
  readonly address: string;
  readonly name: string | null;
  readonly format: string | null;
  readonly lastSeen: string | null;
  readonly datagrams: number;
  readonly records: number;
  readonly packets: number;
  readonly bytes: number;
  readonly templateMisses: number;
  readonly sequenceGaps: number;
  readonly lostRecords: number;
  readonly queueDrops: number;
  readonly decodeErrors: Readonly<Record<string, number>>;
  readonly health?: 'ok' | 'stale' | 'errors';
}

/** An excessive-monitoring flag for the commission (`/commission/flags`). */
export interface MonitoringFlag {
  readonly id: string;
  readonly kind: 'no_case' | 'out_of_scope' | 'volume' | 'repeated_lookup' | string;
  readonly state: 'open' | 'acknowledged' | 'closed' | string;
  readonly userId: string;
  readonly userName?: string | null;
  readonly caseId: string | null;
  readonly details: Readonly<Record<string, unknown>>;
  /** The access that raised it, when one did. */
  readonly accessId: string | null;
  readonly raisedAt: number;
  readonly updatedAt: number;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedByName?: string | null;
  readonly acknowledgedAt: number | null;
  readonly closedBy: string | null;
  readonly closedByName?: string | null;
  readonly closedAt: number | null;
}

/** An inspection of data handling by the commission. */
export interface Inspection {
  readonly id: string;
  readonly title: string;
  readonly scope: string;
  readonly state: 'open' | 'closed' | string;
  readonly findings: string | null;
  readonly openedBy: string;
  readonly openedByName?: string | null;
  readonly openedAt: number;
  readonly closedBy: string | null;
  readonly closedByName?: string | null;
  readonly closedAt: number | null;
  readonly updatedAt: number;
}

/** A notice, demand or recommendation of the commission, with its follow-up state. */
export interface Directive {
  readonly id: string;
  readonly kind: 'notice' | 'demand' | 'recommendation' | string;
  readonly inspectionId: string | null;
  readonly addressee: string;
  readonly subject: string;
  readonly body: string;
  readonly state: string;
  readonly dueAt: number | null;
  readonly issuedBy: string;
  readonly issuedByName?: string | null;
  readonly issuedAt: number;
  readonly closedAt: number | null;
  readonly updatedAt: number;
}

/** An access grant on an intel collection (`/intel/collections`, analysts and administrators). */
export interface IntelGrant {
  readonly granteeKind: 'organization' | 'role';
  readonly grantee: string;
  readonly granteeName: string | null;
  readonly canRead: boolean;
  readonly canWrite: boolean;
}

/** A STIX collection the user may read. */
export interface IntelCollection {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly alias: string | null;
  readonly createdAt: number;
  readonly canWrite: boolean;
  /** Objects held; null unless the user reads every collection. */
  readonly objects: number | null;
  readonly grants: readonly IntelGrant[] | null;
}

/** A STIX object version as released to the user, with its markings by name (TLP:AMBER, PAP:RED…). */
export interface IntelObject {
  readonly id: string;
  readonly type: string;
  readonly version: string;
  readonly collectionId: string;
  readonly name: string | null;
  readonly created: string | null;
  readonly modified: string | null;
  readonly revoked: boolean;
  readonly dateAdded: number;
  readonly markings: readonly string[];
  readonly object: Readonly<Record<string, unknown>>;
}

/** A reference between an object and another; the other's id only when the user may see it. */
export interface IntelRelation {
  readonly direction: 'from' | 'to';
  readonly path: string;
  readonly id: string | null;
  readonly type: string | null;
  readonly name: string | null;
  readonly markings: readonly string[] | null;
}

/** An object with its relationships both ways (`/intel/objects/{id}`). */
export interface IntelObjectDetail {
  readonly object: IntelObject;
  readonly relationships: readonly IntelRelation[];
  readonly more: boolean;
}

/** One delivery of intel (an audit log `data.share` entry). */
export interface IntelShare {
  readonly seq: number;
  readonly time: string;
  readonly channel: string;
  readonly recipient: string;
  readonly recipientName: string | null;
  readonly collectionId: string | null;
  readonly objects: readonly string[];
  readonly markings: readonly string[];
}

/** A TAXII feed with its last pull (`/intel/feeds`). */
export interface IntelFeed {
  readonly name: string;
  readonly host: string | null;
  readonly configured: boolean;
  readonly enabled: boolean;
  readonly intervalSeconds: number | null;
  readonly lastPullAt: number | null;
  readonly lastSuccessAt: number | null;
  readonly lastOutcome: string | null;
  readonly lastError: string | null;
  readonly last: { readonly stored: number; readonly duplicates: number; readonly refused: number; readonly pages: number; readonly bytes: number };
  readonly storedTotal: number;
  readonly duplicatesTotal: number;
}

/** The feeds answer. */
export interface IntelFeeds {
  readonly feeds: readonly IntelFeed[];
}

/** What an asset does for its operator (`ASSET_ROLES` of the register). */
export const ASSET_ROLES = ['ot-controller', 'ot-supervisory', 'vpn-gateway', 'firewall', 'core-router', 'network-switch', 'directory-service', 'server', 'workstation', 'other'] as const;
/** One asset role. */
export type AssetRole = (typeof ASSET_ROLES)[number];

/** Where an asset is in its life: `planned` has no introduction date and no notification clock. */
export const ASSET_STATUSES = ['planned', 'in-service', 'retired'] as const;
/** One asset status. */
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/** States of a notification deadline the API filters on. */
export const NOTIFICATION_STATES = ['overdue', 'due-soon', 'open', 'submitted-late', 'submitted-on-time'] as const;
/** One notification state. */
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

/** An operator's asset ("specified important computer"). */
export interface Asset {
  readonly id: string;
  readonly organizationId: string;
  /** CPE 2.3 formatted string, however it was written. */
  readonly cpe: string | null;
  readonly purl: string | null;
  readonly vendor: string | null;
  readonly product: string | null;
  readonly version: string | null;
  readonly role: AssetRole;
  readonly site: string | null;
  readonly networkId: string | null;
  readonly addresses: readonly string[];
  /** `YYYY-MM-DD`, Japan time. */
  readonly introducedOn: string | null;
  readonly status: AssetStatus;
  readonly notifiedAt: number | null;
  readonly revision: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** The notification deadline of an introduced asset under the ACD Act. */
export interface AssetDeadline {
  readonly state: NotificationState;
  readonly dueAt: number | null;
  /** The due instant in Japan time (`2026-11-02T24:00:00+09:00`: the end of that day). */
  readonly dueLocal: string | null;
  /** Past the due time: of now when overdue, of the notification when submitted late. */
  readonly lateBySeconds: number | null;
  readonly legalRef: string;
}

/** One row of `/assets/notifications`. */
export interface AssetNotification {
  readonly assetId: string;
  readonly organizationId: string;
  readonly sector: string;
  readonly introducedOn: string;
  readonly notifiedAt: number | null;
  readonly deadline: AssetDeadline;
}

/** One revision of an asset: the changed fields before and after. */
export interface AssetChange {
  readonly revision: number;
  readonly changedAt: number;
  /** The writer's user id (`demo` for the demo's import). */
  readonly changedBy: string;
  readonly cause: string;
  /** Null for the creation. */
  readonly before: unknown;
  readonly after: unknown;
}

/** `GET /assets/{id}`: the asset, its deadline (null while planned) and its revisions, oldest first. */
export interface AssetDetail {
  readonly asset: Asset;
  readonly deadline: AssetDeadline | null;
  readonly history: readonly AssetChange[];
}

/** What an import did. */
export interface AssetImportResult {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Repeats of one asset within the document (a CycloneDX component listed twice). */
  readonly repeats: number;
}

/** Where an incident is: `draft` until its first report is submitted, `open` from then on, `closed` by the regulator. */
export const INCIDENT_STATES = ['draft', 'open', 'closed'] as const;
/** One incident state. */
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** The reporting regimes incidents are reported under (`cooperation/regimes/tables/`). */
export const INCIDENT_REGIMES = ['jp-act', 'jp-appi', 'eu-nis2', 'eu-dora', 'us-circia', 'eu-cra'] as const;
/** One incident regime. */
export type IncidentRegime = (typeof INCIDENT_REGIMES)[number];

/** What happened, coarsely. */
export const INCIDENT_CATEGORIES = ['ddos', 'intrusion', 'malware', 'ransomware', 'data-breach', 'vulnerability', 'outage', 'other'] as const;
/** One incident category. */
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

/** What an incident may cite. */
export const LINK_KINDS = ['attack', 'sighting', 'case', 'intel'] as const;
/** One link kind. */
export type LinkKind = (typeof LINK_KINDS)[number];

/** Where a stage's deadline stands now. */
export type StageState = 'not-applicable' | 'pending' | 'open' | 'due-soon' | 'overdue' | 'submitted-on-time' | 'submitted-late';

/** What a due time rests on: the law, the product's expectation for a "without delay" stage, or a date an authority set. */
export type DeadlineBasis = 'statutory' | 'expectation' | 'set-by-authority';

/** An instant (UTC epoch ms) with its rendering in the zone the regime counts in (ISO 8601 with offset). */
export interface LocalInstant {
  readonly at: number;
  readonly local: string;
}

/** The next thing due on an incident: a stage, or `correction-order`. */
export interface NextDue extends LocalInstant {
  readonly ref: string;
}

/** A row of `/incidents` and `/incidents/overdue`. */
export interface IncidentSummary {
  readonly id: string;
  readonly organizationId: string;
  readonly sector: string;
  readonly regime: IncidentRegime;
  readonly title: string;
  readonly category: IncidentCategory;
  readonly state: IncidentState;
  readonly nextDue: NextDue | null;
  /** Whole seconds past `nextDue` now; null when nothing is overdue. */
  readonly overdueBySeconds: number | null;
  readonly nonCompliant: boolean;
  readonly updatedAt: number;
}

/** One stage of an incident: its deadline and where its report stands. */
export interface IncidentStage {
  readonly stage: string;
  readonly title: string;
  readonly legalRef: string;
  readonly state: StageState;
  readonly basis: DeadlineBasis | null;
  readonly startedAt: number | null;
  readonly dueAt: number | null;
  /** `dueAt` in the regime's zone; calendar periods end at `T24:00:00`. */
  readonly dueLocal: string | null;
  readonly provisionalDueAt: number | null;
  readonly submittedAt: number | null;
  /** Of the submission when submitted late, of now when overdue. */
  readonly lateBySeconds: number | null;
  /** Labels of the items the report carries (their keys: `itemKey`). */
  readonly items: readonly string[];
  readonly versions: number;
  readonly acknowledged: boolean;
  /** Null when the caller may not know of drafts (anyone but the organisation's reporters). */
  readonly hasDraft: boolean | null;
}

/** A regulator's request for information or correction order, with its status. */
export interface IncidentRequest {
  readonly id: string;
  readonly incidentId: string;
  readonly kind: 'information' | 'correction-order';
  readonly stage: string;
  readonly text: string;
  readonly dueAt: number | null;
  readonly dueLocal: string | null;
  readonly issuedAt: number;
  readonly issuedBy: string;
  readonly fulfilledAt: number | null;
  readonly fulfilledVersion: number | null;
  readonly nonCompliantAt: number | null;
  readonly status: 'open' | 'overdue' | 'answered' | 'non-compliant';
}

/** A citation of something the platform holds. */
export interface IncidentLink {
  readonly kind: LinkKind;
  readonly ref: string;
}

/** `GET /incidents/{id}`: one incident as its reader sees it. */
export interface Incident {
  readonly id: string;
  readonly organizationId: string;
  readonly sector: string;
  readonly regime: IncidentRegime;
  readonly regimeName: string;
  readonly title: string;
  readonly category: IncidentCategory;
  readonly state: IncidentState;
  /** The zone local times are shown in. */
  readonly zone: string;
  readonly timeZone: string | null;
  readonly anchors: Readonly<Record<string, LocalInstant>>;
  readonly conditions: Readonly<Record<string, boolean>>;
  readonly stages: readonly IncidentStage[];
  readonly requests: readonly IncidentRequest[];
  readonly links: readonly IncidentLink[];
  readonly nextDue: NextDue | null;
  readonly overdueBySeconds: number | null;
  readonly nonCompliant: boolean;
  readonly revision: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly closedAt: number | null;
}

/** What a report says: free text and the regime's items by key. */
export interface ReportContent {
  readonly summary?: string;
  readonly items?: Readonly<Record<string, string>>;
}

/** One submitted version of a stage's report. */
export interface ReportVersion {
  readonly incidentId: string;
  readonly stage: string;
  readonly version: number;
  readonly content: ReportContent;
  readonly submittedAt: number;
  readonly submittedBy: string;
  readonly dueAt: number | null;
  readonly dueBasis: DeadlineBasis | null;
  readonly lateBySeconds: number | null;
  readonly answers: readonly string[];
  readonly acknowledgedAt: number | null;
  readonly acknowledgedBy: string | null;
}

/** A saved, unsubmitted draft. */
export interface ReportDraft {
  readonly stage: string;
  readonly content: ReportContent;
  readonly updatedAt: number;
  readonly updatedBy: string;
}

/** `GET /incidents/{id}/reports`: the versions, and the drafts for the organisation's own reporters (null for others). */
export interface IncidentReports {
  readonly versions: readonly ReportVersion[];
  readonly drafts: readonly ReportDraft[] | null;
}

/** One entry of an incident's timeline. */
export interface IncidentEvent {
  readonly id: string;
  readonly incidentId: string;
  readonly at: number;
  /** User id, or `system` for the re-evaluation. */
  readonly actor: string;
  readonly kind: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** `GET /incidents/{id}/timeline`. */
export interface IncidentTimeline {
  readonly items: readonly IncidentEvent[];
}
