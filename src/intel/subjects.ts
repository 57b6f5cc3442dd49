/**
 * The subjects intelligence publishes: `sighting.new` and `sighting.updated`, each carrying the
 * whole sighting. `platform/subjects.test.ts` proves the schema's type equals {@link SightingEvent}.
 */
import Type from 'typebox';
import type { SubjectSpec } from '../bus/bus.js';
import type { SightingId } from '../core/ids.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** A sighting event as carried on the bus. */
export const SightingEventSchema = Type.Object({
  kind: Type.Enum(['sighting.new', 'sighting.updated']),
  id: Type.Unsafe<SightingId>(Type.String({ minLength: 1 })),
  indicator: Type.Object({ key: Type.String(), value: Type.String(), label: Nullable(Type.String()), kind: Type.Enum(['c2', 'watch']), source: Type.String() }),
  host: Type.String(),
  family: Type.Union([Type.Literal(4), Type.Literal(6)]),
  networkId: Nullable(Type.String()),
  organizationId: Nullable(Type.String()),
  networkPrefix: Nullable(Type.String()),
  direction: Type.Enum(['outbound', 'inbound', 'both']),
  firstSeen: Type.Number(),
  lastSeen: Type.Number(),
  count: Type.Number(),
  outboundCount: Type.Number(),
  inboundCount: Type.Number(),
  packets: Type.Number(),
  bytes: Type.Number(),
  ports: Type.Immutable(Type.Array(Type.Integer())),
  protocols: Type.Immutable(Type.Array(Type.Integer())),
});

/** Subjects intelligence publishes. */
export const INTEL_SUBJECTS = {
  'sighting.new': { schema: SightingEventSchema, description: 'an indicator was first seen with a host' },
  'sighting.updated': { schema: SightingEventSchema, description: "a sighting's counts moved on" },
} as const satisfies Record<string, SubjectSpec>;
