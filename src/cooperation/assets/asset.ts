/**
 * The operators' assets: each "specified important computer" a designated operator notifies to the
 * regulator (product and version) within four months of introducing it. Pure types and constants.
 */
import type { Brand, NetworkId, OrganizationId } from '../../core/ids.js';

/** Id of an asset (made by `newId`). */
export type AssetId = Brand<string, 'AssetId'>;

/**
 * What the computer does for the operator. A closed list, coarse on purpose: it orders the
 * register for the office (an OT controller or a VPN gateway is looked at first), it is not an
 * inventory taxonomy.
 *
 * - `ot-controller`: PLC, RTU, DCS or safety controller acting on the physical process.
 * - `ot-supervisory`: SCADA server, HMI, historian, OT engineering workstation.
 * - `vpn-gateway`: remote-access or site-to-site VPN concentrator, SSL-VPN appliance.
 * - `firewall`: firewall, UTM, IPS appliance.
 * - `core-router`: router of the operator's backbone or Internet edge.
 * - `network-switch`: switch or other network element carrying the service.
 * - `directory-service`: identity and authentication (Active Directory, RADIUS, IdP).
 * - `server`: any other server the service runs on.
 * - `workstation`: operator or administrator terminal.
 * - `other`: none of the above (the default of SBOM imports).
 */
export const ASSET_ROLES = ['ot-controller', 'ot-supervisory', 'vpn-gateway', 'firewall', 'core-router', 'network-switch', 'directory-service', 'server', 'workstation', 'other'] as const;

/** One of {@link ASSET_ROLES}. */
export type AssetRole = (typeof ASSET_ROLES)[number];

/**
 * Where the asset is in its life: `planned` (not introduced yet, so no introduction date and no
 * notification clock), `in-service` (introduced on `introducedOn`), `retired` (out of service; kept
 * with its history).
 */
export const ASSET_STATUSES = ['planned', 'in-service', 'retired'] as const;

/** One of {@link ASSET_STATUSES}. */
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/** The fields of an asset a writer sets; the unit of validation and of the history's before/after. */
export interface AssetFields {
  /** CPE 2.3 formatted string, normalised; null when not given. */
  readonly cpe: string | null;
  /** Package URL in canonical form; null when not given. */
  readonly purl: string | null;
  /** As the operator wrote them (trimmed). */
  readonly vendor: string | null;
  readonly product: string | null;
  readonly version: string | null;
  readonly role: AssetRole;
  /** Site, free text (a plant, a data centre). */
  readonly site: string | null;
  /** A protected network of the same organisation. */
  readonly networkId: NetworkId | null;
  /** Canonical addresses and prefixes (`192.0.2.10`, `2001:db8::/64`), in the order given, without repeats. */
  readonly addresses: readonly string[];
  /** `YYYY-MM-DD`, the calendar day the asset went into service; null while `planned`. */
  readonly introducedOn: string | null;
  readonly status: AssetStatus;
}

/** Names of {@link AssetFields}, in the order forms and CSV columns show them. */
export const ASSET_FIELDS = ['vendor', 'product', 'version', 'cpe', 'purl', 'role', 'site', 'networkId', 'addresses', 'introducedOn', 'status'] as const satisfies readonly (keyof AssetFields)[];

/** One registered asset. */
export interface Asset extends AssetFields {
  readonly id: AssetId;
  readonly organizationId: OrganizationId;
  /** When the operator's notification to the regulator was recorded (epoch ms); null until then. */
  readonly notifiedAt: number | null;
  /** 1 when created, one more with every change; the history has one row per revision. */
  readonly revision: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Why a revision was written. */
export const ASSET_CHANGE_CAUSES = ['create', 'update', 'notify', 'csv-import', 'sbom-import'] as const;

/** One of {@link ASSET_CHANGE_CAUSES}. */
export type AssetChangeCause = (typeof ASSET_CHANGE_CAUSES)[number];

/** The recorded fields of an asset that a change can touch: its fields and the notification time. */
export type AssetRecord = AssetFields & { readonly notifiedAt: number | null };

/** One revision of an asset: which fields changed, from what to what, when and by whom. */
export interface AssetChange {
  readonly assetId: AssetId;
  readonly revision: number;
  readonly changedAt: number;
  /** The actor id of the writer. */
  readonly changedBy: string;
  readonly cause: AssetChangeCause;
  /** The changed fields before the change; null for the creation. */
  readonly before: Partial<AssetRecord> | null;
  /** The changed fields after it (every field for the creation). */
  readonly after: Partial<AssetRecord>;
}

/** An asset with its revisions, oldest first. */
export interface AssetDetail {
  readonly asset: Asset;
  readonly history: readonly AssetChange[];
}

/**
 * Who writes: an actor id for the history and the organisation the actor acts for. An operator's
 * user acts for its organisation and may write only its assets; `null` is the national office,
 * which may act for any organisation (which roles may do that is the API's decision).
 */
export interface AssetActor {
  readonly id: string;
  readonly organizationId: OrganizationId | null;
}
