/**
 * Typed MISP records, as {@link parseMispEvent} reads them from MISP JSON. MISP writes numbers as
 * strings (`"timestamp": "1603642920"`) and booleans as `"1"`/`true`; here they are numbers and
 * booleans. Fields MISP leaves out stay `undefined` so a feed written back keeps MISP's defaults.
 */
import type { MispDistribution } from '../marking/index.js';

/** A MISP tag (`tlp:amber`, `misp-galaxy:threat-actor="APT10"`). */
export interface MispTag {
  readonly name: string;
  readonly colour?: string;
  /** A local tag is never synchronised nor exported to a feed. */
  readonly local: boolean;
  readonly relationshipType?: string;
}

/** A MISP organisation (Org, Orgc, a sharing group member). */
export interface MispOrganisation {
  readonly uuid: string;
  readonly name: string;
}

/** A sighting of an attribute: type 0 sighting, 1 false positive, 2 expiration. */
export interface MispSighting {
  readonly uuid?: string;
  readonly type: 0 | 1 | 2;
  /** Seconds since the epoch. */
  readonly dateSighting: number;
  readonly source?: string;
  readonly organisation?: MispOrganisation;
}

/** A MISP attribute (of an event or of an object). */
export interface MispAttribute {
  readonly uuid: string;
  readonly type: string;
  readonly category: string;
  readonly value: string;
  readonly toIds: boolean;
  /** Seconds since the epoch. */
  readonly timestamp?: number;
  readonly comment: string;
  readonly objectRelation?: string;
  readonly distribution?: MispDistribution;
  readonly sharingGroupId?: string;
  /** Absent when the source left it out (a feed written back leaves it out too). */
  readonly deleted?: boolean;
  readonly disableCorrelation?: boolean;
  readonly firstSeen?: string;
  readonly lastSeen?: string;
  /** Base64 content of `attachment` and `malware-sample` attributes. */
  readonly data?: string;
  readonly tags: readonly MispTag[];
  readonly sightings: readonly MispSighting[];
  /** Proposals (ShadowAttribute) from other organisations: never converted as facts. */
  readonly proposals: number;
}

/** A reference from a MISP object to another object or attribute. */
export interface MispObjectReference {
  readonly uuid: string;
  readonly objectUuid: string;
  readonly referencedUuid: string;
  readonly relationshipType: string;
  readonly comment: string;
  readonly timestamp?: number;
}

/** A MISP object: a template instance (`file`, `domain-ip`, `email`…) grouping attributes. */
export interface MispObject {
  readonly uuid: string;
  readonly name: string;
  readonly metaCategory: string;
  readonly description: string;
  readonly comment: string;
  readonly templateUuid?: string;
  readonly templateVersion?: string;
  readonly timestamp?: number;
  readonly distribution?: MispDistribution;
  readonly sharingGroupId?: string;
  readonly deleted?: boolean;
  readonly attributes: readonly MispAttribute[];
  readonly references: readonly MispObjectReference[];
}

/** A galaxy cluster attached to an event or attribute (`misp-galaxy:<type>="<value>"`). */
export interface MispGalaxyCluster {
  readonly uuid: string;
  readonly type: string;
  readonly value: string;
  readonly description: string;
  readonly tagName?: string;
  readonly synonyms: readonly string[];
  readonly refs: readonly string[];
  /** ATT&CK external id (`G1054`, `S0012`) when the cluster carries one. */
  readonly externalId?: string;
}

/** A MISP galaxy (a family of clusters: threat-actor, mitre-malware…). */
export interface MispGalaxy {
  readonly uuid: string;
  readonly name: string;
  readonly type: string;
  readonly clusters: readonly MispGalaxyCluster[];
}

/** A sharing group with its member organisations. */
export interface MispSharingGroup {
  readonly id?: string;
  readonly uuid?: string;
  readonly name: string;
  readonly members: readonly MispOrganisation[];
}

/** A MISP event. */
export interface MispEvent {
  readonly uuid: string;
  readonly info: string;
  readonly date?: string;
  readonly timestamp?: number;
  readonly publishTimestamp?: number;
  readonly published: boolean;
  /** A protected event is signed by its instance (MISP 2.4.170+). */
  readonly protected: boolean;
  readonly analysis?: number;
  readonly threatLevelId?: number;
  readonly distribution?: Exclude<MispDistribution, 5>;
  readonly sharingGroupId?: string;
  readonly extendsUuid?: string;
  readonly org?: MispOrganisation;
  readonly orgc?: MispOrganisation;
  readonly tags: readonly MispTag[];
  readonly attributes: readonly MispAttribute[];
  readonly objects: readonly MispObject[];
  readonly galaxies: readonly MispGalaxy[];
  readonly sharingGroup?: MispSharingGroup;
}
