/**
 * Answer shapes of the intel routes (`routes/intel.ts`): collections, released objects with their
 * markings by name, an object's relationships, the delivery log and the feeds.
 */
import Type from 'typebox';
import { Millis, Nullable } from '../http/schemas.js';

/** A STIX id (`type--uuid`) in a path. */
export const StixId = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,249}--[0-9a-fA-F-]{36}$', description: 'STIX id' });
/** A STIX type, as a filter. */
export const StixType = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,249}$', description: 'STIX type (indicator, relationship, x-…)' });
/** A collection id in a path. */
export const CollectionId = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$', description: 'collection id' });

const Markings = Type.Array(Type.String(), { description: 'marking names (TLP:AMBER, PAP:RED, statements by name); an unknown marking by its id' });

/** One access grant on a collection. */
export const IntelGrantSchema = Type.Object(
  {
    granteeKind: Type.Union([Type.Literal('organization'), Type.Literal('role')]),
    grantee: Type.String(),
    granteeName: Nullable(Type.String({ description: 'the organisation’s name, for an organisation grant' })),
    canRead: Type.Boolean(),
    canWrite: Type.Boolean(),
  },
  { additionalProperties: false },
);

/** A collection the caller may read. */
export const IntelCollectionSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    description: Nullable(Type.String()),
    alias: Nullable(Type.String()),
    createdAt: Millis,
    canWrite: Type.Boolean(),
    objects: Nullable(Type.Integer({ minimum: 0, description: 'objects held (any version); shown to those who read the whole collection, null to others' })),
    grants: Nullable(Type.Array(IntelGrantSchema, { description: 'null unless the caller is an NCO analyst or an administrator' })),
  },
  { additionalProperties: false },
);

/** One released object version. */
export const IntelObjectSchema = Type.Object(
  {
    id: Type.String(),
    type: Type.String(),
    version: Type.String(),
    collectionId: Type.String(),
    name: Nullable(Type.String({ description: 'the object’s name, or its pattern, value or relationship' })),
    created: Nullable(Type.String()),
    modified: Nullable(Type.String()),
    revoked: Type.Boolean(),
    dateAdded: Millis,
    markings: Markings,
    object: Type.Record(Type.String(), Type.Unknown(), { description: 'the STIX object as released to the caller (redacted where granular markings say so)' }),
  },
  { additionalProperties: false },
);

/** One reference between the object and another. */
export const IntelRelationSchema = Type.Object(
  {
    direction: Type.Union([Type.Literal('from'), Type.Literal('to')], { description: 'from: the object names the other; to: the other names the object' }),
    path: Type.String({ description: 'JSON pointer of the reference in the naming object' }),
    id: Nullable(Type.String({ description: 'the other object; null when the caller may not see it' })),
    type: Nullable(Type.String()),
    name: Nullable(Type.String()),
    markings: Nullable(Markings),
  },
  { additionalProperties: false },
);

/** An object with its relationships both ways. */
export const IntelObjectDetailSchema = Type.Object(
  {
    object: IntelObjectSchema,
    relationships: Type.Array(IntelRelationSchema),
    /** References beyond the first ones listed. */
    more: Type.Boolean({ description: 'true when the object has more references than listed' }),
  },
  { additionalProperties: false },
);

/** One entry of the delivery log. */
export const IntelShareSchema = Type.Object(
  {
    seq: Type.Integer({ minimum: 0, description: 'position in the audit log' }),
    time: Type.String(),
    channel: Type.String(),
    recipient: Type.String({ description: 'organisation:<id>, role:<role>@<organisation>, or nobody' }),
    recipientName: Nullable(Type.String()),
    collectionId: Nullable(Type.String()),
    objects: Type.Array(Type.String()),
    markings: Markings,
  },
  { additionalProperties: false },
);

const Count = Type.Integer({ minimum: 0 });

/** A feed with its last pull. */
export const IntelFeedSchema = Type.Object(
  {
    name: Type.String(),
    host: Nullable(Type.String({ description: 'host of the feed URL; null for a feed no longer configured' })),
    configured: Type.Boolean(),
    enabled: Type.Boolean(),
    intervalSeconds: Nullable(Count),
    lastPullAt: Nullable(Millis),
    lastSuccessAt: Nullable(Millis),
    lastOutcome: Nullable(Type.String({ description: 'ok, running, or the error code the last pull stopped on; null before the first pull' })),
    lastError: Nullable(Type.String()),
    last: Type.Object({ stored: Count, duplicates: Count, refused: Count, pages: Count, bytes: Count }, { additionalProperties: false }),
    storedTotal: Count,
    duplicatesTotal: Count,
  },
  { additionalProperties: false },
);
