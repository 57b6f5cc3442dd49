/**
 * Configuration loading: a YAML or JSON file, then `SAKIMORI_*` environment variables, validated
 * once against the schema with defaults filled from the schema, and frozen.
 *
 * Environment variables name a path with `__` between levels; each level matches a schema key
 * case-insensitively with underscores ignored: `SAKIMORI_STORAGE__URL`, `SAKIMORI_DATA_DIR`,
 * `SAKIMORI_COLLECTOR__NETFLOW__LISTEN=0.0.0.0:2055,[::]:2055`.
 */
import { readFileSync } from 'node:fs';
import Value from 'typebox/value';
import { parse as parseYaml } from 'yaml';
import { defineError } from '../core/errors.js';
import { ConfigSchema, type Config } from './schema.js';

export const ERR_CONFIG_INVALID = defineError<[string, string]>('SAKIMORI_ERR_CONFIG_INVALID', 'invalid configuration at %s: %s', 400);
export const ERR_CONFIG_UNREADABLE = defineError<[string, string]>('SAKIMORI_ERR_CONFIG_UNREADABLE', 'cannot read configuration file %s: %s', 400);

/** Environment variable prefix. */
export const ENV_PREFIX = 'SAKIMORI_';

/** Environment variables that are not configuration keys (test switches and the like). */
// Variables of the test tooling, not of the platform (CI, the invariant run, mutation testing).
const NON_CONFIG_ENV = new Set(['SAKIMORI_REQUIRE_EXTERNAL', 'SAKIMORI_CONFIG', 'SAKIMORI_TEST_PG_URL', 'SAKIMORI_INVARIANT_RUNS', 'SAKIMORI_INVARIANT_DEBUG', 'SAKIMORI_MUTATE_TESTS']);

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; items?: JsonSchema; anyOf?: JsonSchema[] };

function schemaType(s: JsonSchema): string | undefined {
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.anyOf)) {
    for (const a of s.anyOf) {
      const t = schemaType(a);
      if (t !== undefined && t !== 'null') return t;
    }
  }
  return undefined;
}

function coerce(raw: string, schema: JsonSchema, name: string): unknown {
  const t = schemaType(schema);
  const trimmed = raw.trim();
  if ((t === 'object' || t === 'array') && (trimmed.startsWith('{') || trimmed.startsWith('['))) {
    try {
      return JSON.parse(trimmed);
    } catch (e) {
      throw new ERR_CONFIG_INVALID(name, 'not valid JSON', { cause: e });
    }
  }
  switch (t) {
    case 'integer':
    case 'number': {
      const n = Number(trimmed);
      if (trimmed === '' || !Number.isFinite(n)) throw new ERR_CONFIG_INVALID(name, `expected a number, got ${JSON.stringify(raw)}`);
      return n;
    }
    case 'boolean':
      if (/^(true|1|yes|on)$/i.test(trimmed)) return true;
      if (/^(false|0|no|off)$/i.test(trimmed)) return false;
      throw new ERR_CONFIG_INVALID(name, `expected true or false, got ${JSON.stringify(raw)}`);
    case 'array': {
      const item = schema.items ?? {};
      return trimmed === '' ? [] : trimmed.split(',').map((p) => coerce(p, item, name));
    }
    default:
      return raw;
  }
}

function norm(s: string): string {
  return s.replace(/_/g, '').toLowerCase();
}

/** Applies `SAKIMORI_*` variables onto `target` (mutated). Unknown keys are an error. */
export function applyEnv(target: Record<string, unknown>, env: NodeJS.ProcessEnv): void {
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith(ENV_PREFIX) || value === undefined || NON_CONFIG_ENV.has(key)) continue;
    const segments = key.slice(ENV_PREFIX.length).split('__');
    let schema = ConfigSchema as unknown as JsonSchema;
    let obj: Record<string, unknown> = target;
    const path: string[] = [];
    for (let s = 0; s < segments.length; s++) {
      const props = schema.properties ?? {};
      const match = Object.keys(props).find((k) => norm(k) === norm(segments[s]!));
      if (match === undefined) throw new ERR_CONFIG_INVALID(key, `unknown configuration key ${[...path, segments[s]!.toLowerCase()].join('.')}`);
      path.push(match);
      schema = props[match]!;
      if (s === segments.length - 1) {
        obj[match] = coerce(value, schema, key);
      } else {
        const next = obj[match];
        if (typeof next !== 'object' || next === null || Array.isArray(next)) obj[match] = {};
        obj = obj[match] as Record<string, unknown>;
      }
    }
  }
}

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** Reads a YAML or JSON file (JSON is YAML) into a plain object. */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ERR_CONFIG_UNREADABLE(path, (e as Error).message, { cause: e });
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (e) {
    throw new ERR_CONFIG_UNREADABLE(path, (e as Error).message, { cause: e });
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ERR_CONFIG_INVALID('/', 'the file must hold a mapping of sections');
  return parsed as Record<string, unknown>;
}

/**
 * Validates a raw configuration object: fills defaults, checks it against the schema and freezes
 * the result. The error names the first bad key as a path (`/collector/netflow/listen/0`).
 */
export function validateConfig(raw: unknown): Config {
  const withDefaults = Value.Default(ConfigSchema, structuredClone(raw ?? {}));
  if (!Value.Check(ConfigSchema, withDefaults)) {
    const errors = [...Value.Errors(ConfigSchema, withDefaults)];
    // Prefer the most specific error: the deepest path, and "additional property" over "schema is false".
    errors.sort((a, b) => b.instancePath.length - a.instancePath.length);
    const first = errors.find((e) => e.keyword !== 'boolean') ?? errors[0];
    const path = first?.instancePath === '' || first === undefined ? '/' : first.instancePath;
    let message = first?.message ?? 'invalid';
    if (first?.keyword === 'additionalProperties') {
      const extra = (first.params as { additionalProperties?: string[] }).additionalProperties;
      message = `unknown key ${JSON.stringify(extra?.[0] ?? '?')}`;
    } else if (errors.some((e) => e.keyword === 'boolean' && e.instancePath === first?.instancePath)) {
      message = 'unknown key';
    }
    throw new ERR_CONFIG_INVALID(path, message);
  }
  return deepFreeze(withDefaults as Config);
}

/** Loads the configuration from an optional file and the environment. */
export function loadConfig(options: { file?: string | undefined; env?: NodeJS.ProcessEnv; overrides?: Record<string, unknown> } = {}): Config {
  const env = options.env ?? process.env;
  const file = options.file ?? env.SAKIMORI_CONFIG;
  const raw = file === undefined || file === '' ? {} : readConfigFile(file);
  applyEnv(raw, env);
  if (options.overrides !== undefined) mergeInto(raw, options.overrides);
  return validateConfig(raw);
}

function mergeInto(target: Record<string, unknown>, src: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(src)) {
    if (v === undefined) continue;
    const t = target[k];
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && typeof t === 'object' && t !== null && !Array.isArray(t)) {
      mergeInto(t as Record<string, unknown>, v as Record<string, unknown>);
    } else {
      target[k] = v;
    }
  }
}
