/**
 * Per-network detection thresholds: for each protocol class, optional packet, bit and flow rates
 * above which traffic towards the network counts as an attack. Absent classes fall back to the
 * detector's defaults. Stored as JSON text; validated here at the edge, trusted inside.
 */
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import { ERR_REGISTRY_INVALID_THRESHOLDS } from './errors.js';

/** Protocol classes a threshold can be set for. */
export const THRESHOLD_CLASSES = ['total', 'tcp_syn', 'tcp', 'udp', 'icmp', 'gre', 'fragment'] as const;
/** One protocol class. */
export type ThresholdClass = (typeof THRESHOLD_CLASSES)[number];

/** Rates for one protocol class; at least one must be given. */
export const RateThresholdSchema = Type.Object(
  {
    pps: Type.Optional(Type.Integer({ minimum: 1, description: 'packets per second' })),
    bps: Type.Optional(Type.Integer({ minimum: 1, description: 'bits per second' })),
    flowsPerSecond: Type.Optional(Type.Integer({ minimum: 1, description: 'new flows per second' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** Thresholds of one protected network, by protocol class. */
export const NetworkThresholdsSchema = Type.Object(
  Object.fromEntries(THRESHOLD_CLASSES.map((c) => [c, Type.Optional(RateThresholdSchema)])) as { [K in ThresholdClass]: Type.TOptional<typeof RateThresholdSchema> },
  { additionalProperties: false },
);

/** Rates for one protocol class. */
export type RateThreshold = Static<typeof RateThresholdSchema>;
/** Thresholds of one protected network. */
export type NetworkThresholds = Static<typeof NetworkThresholdsSchema>;

/**
 * Validates untrusted thresholds (an object, or JSON text of one). Returns null for `null`,
 * `undefined` or an empty object — meaning "use the defaults".
 *
 * @throws {@link ERR_REGISTRY_INVALID_THRESHOLDS} naming the first bad path (`/udp/pps`).
 */
export function parseThresholds(input: unknown): NetworkThresholds | null {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new ERR_REGISTRY_INVALID_THRESHOLDS('/', 'not valid JSON', { cause: e });
    }
  }
  if (value === null || value === undefined) return null;
  if (!Value.Check(NetworkThresholdsSchema, value)) {
    const errors = [...Value.Errors(NetworkThresholdsSchema, value)];
    // TypeBox reports an unexpected key as a `boolean` ("schema is false") error at the key's path.
    const unknownKey = errors.find((e) => e.keyword === 'boolean');
    if (unknownKey !== undefined) {
      const parts = unknownKey.instancePath.split('/');
      const key = parts.pop() ?? '';
      const where = parts.length <= 1 ? '/' : parts.join('/');
      const hint = where === '/' ? `classes: ${THRESHOLD_CLASSES.join(', ')}` : 'rates: pps, bps, flowsPerSecond';
      throw new ERR_REGISTRY_INVALID_THRESHOLDS(where, `unknown key ${JSON.stringify(key)} (${hint})`);
    }
    errors.sort((a, b) => b.instancePath.length - a.instancePath.length);
    const first = errors[0];
    throw new ERR_REGISTRY_INVALID_THRESHOLDS(first === undefined || first.instancePath === '' ? '/' : first.instancePath, first?.message ?? 'invalid');
  }
  const valid = value as NetworkThresholds;
  return Object.keys(valid).length === 0 ? null : valid;
}
