/**
 * A sighting as non-guarded views show it: the internal host (personal data) replaced by its /24
 * or /48. The full host is only returned through the access guard.
 */
import Type from 'typebox';
import type { Sighting } from '../../intel/sighting.js';
import { Millis, Nullable } from '../http/schemas.js';
import { coarsen } from './mask.js';

const fields = {
  id: Type.String(),
  indicator: Type.Object({ key: Type.String(), value: Type.String(), label: Nullable(Type.String()), kind: Type.String(), source: Type.String() }, { additionalProperties: false }),
  hostPrefix: Nullable(Type.String({ description: '/24 (IPv4) or /48 (IPv6) of the host' })),
  family: Type.Integer(),
  networkId: Nullable(Type.String()),
  organizationId: Nullable(Type.String()),
  networkPrefix: Nullable(Type.String()),
  direction: Type.String(),
  firstSeen: Millis,
  lastSeen: Millis,
  count: Type.Number(),
  outboundCount: Type.Number(),
  inboundCount: Type.Number(),
  packets: Type.Number(),
  bytes: Type.Number(),
  ports: Type.Array(Type.Integer()),
  protocols: Type.Array(Type.Integer()),
};

/** A sighting without its host. */
export const SightingSchema = Type.Object(fields, { additionalProperties: false });
/** A sighting with its host (guarded read). */
export const SightingWithHostSchema = Type.Object({ ...fields, host: Type.String() }, { additionalProperties: false });

/** The sighting without its host. */
export function sightingView(s: Sighting) {
  const { host, ...rest } = s;
  return { ...rest, hostPrefix: coarsen(host) };
}
