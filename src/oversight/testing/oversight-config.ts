/**
 * An `oversight` section with the schema's defaults filled, for tests. Programs never call this:
 * their configuration is validated once, whole, by the configuration loader.
 */
import Value from 'typebox/value';
import { OversightConfigSchema, type OversightConfig } from '../config.js';

/** Validates `raw` as an `oversight` section with defaults filled; throws naming the first bad path. */
export function oversightConfig(raw: unknown = {}): OversightConfig {
  const v = Value.Default(OversightConfigSchema, structuredClone(raw ?? {}));
  if (!Value.Check(OversightConfigSchema, v)) {
    const first = [...Value.Errors(OversightConfigSchema, v)].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
    throw new Error(`invalid oversight configuration at ${first?.instancePath || '/'}: ${first?.message ?? 'invalid'}`);
  }
  return v;
}
