/**
 * The store's gate, run before any database access: the whole input is validated, its markings
 * resolved, the default marking applied to unmarked objects and every object turned into the row
 * it will be stored as. Anything wrong throws here, so a refused bundle leaves nothing behind.
 */
import { canonicalJson } from '../../core/canonical-json.js';
import { applyDefaultMarking, assertKnownMarkings, createReleasePolicy, type MarkingDefinition, markingRefsOf, type StixObject } from '../../stix/marking/index.js';
import { assertValidBundle, type ValidationOptions } from '../../stix/object/index.js';
import { collectRefs, type StixRef } from './collect-refs.js';
import { ERR_INTEL_STIX_CONFLICT, ERR_INTEL_STIX_TOO_LARGE } from './errors.js';
import { versionKeyOf } from './version-key.js';

/** One object version ready to be written. */
export interface PreparedObject {
  readonly id: string;
  readonly type: string;
  readonly version: string;
  readonly specVersion: string;
  readonly created: string | null;
  readonly modified: string | null;
  readonly revoked: boolean;
  readonly markingRefs: readonly string[];
  /** Canonical JSON (RFC 8785) of the object as stored, default marking included. */
  readonly json: string;
  readonly refs: readonly StixRef[];
}

/** What {@link prepareInput} needs besides the input. */
export interface PrepareOptions {
  /** The TLP marking given to objects that carry none. */
  readonly defaultMarkingRef: string;
  /** Largest input accepted, in bytes of JSON text (of the canonical JSON for parsed input). */
  readonly maxBytes: number;
  /** Custom marking definitions known beyond the built-in ones and those in the input. */
  readonly markingDefinitions?: readonly MarkingDefinition[];
  /** Validator options (`stix/object`). */
  readonly validation?: ValidationOptions;
  /** Hex SHA-256 of a text, for the version key of unversioned objects. */
  readonly sha256Hex: (text: string) => string;
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    // A surrogate pair is four bytes, two per half.
    else if (c >= 0xd800 && c <= 0xdfff) n += 2;
    else n += 3;
  }
  return n;
}

function parse(text: string, options: PrepareOptions): unknown {
  const bytes = utf8Length(text);
  if (bytes > options.maxBytes) throw new ERR_INTEL_STIX_TOO_LARGE(String(bytes), String(options.maxBytes));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // The validator turns unparseable text into its coded finding.
    assertValidBundle(text, options.validation);
    throw new Error('unreachable: JSON that does not parse was accepted');
  }
}

function objectsOf(doc: unknown): StixObject[] {
  if (Array.isArray(doc)) return doc as StixObject[];
  const d = doc as StixObject;
  return d.type === 'bundle' ? (d.objects as StixObject[]) : [d];
}

function prepareObject(raw: StixObject, options: PrepareOptions, policy: ReturnType<typeof createReleasePolicy>): PreparedObject {
  let object = raw;
  // A marking definition says how others travel; it is not itself given the default.
  if (raw.type === 'marking-definition') assertKnownMarkings(raw, policy);
  else object = applyDefaultMarking(raw, options.defaultMarkingRef, policy);
  const json = canonicalJson(object);
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    id: object.id,
    type: object.type,
    version: versionKeyOf(object, options.sha256Hex(json)),
    specVersion: str(object.spec_version) ?? '2.1',
    created: str(object.created),
    modified: str(object.modified),
    revoked: object.revoked === true,
    markingRefs: markingRefsOf(object),
    json,
    refs: collectRefs(object),
  };
}

/**
 * Validates `input` (a bundle, a list of objects or one object; parsed or as JSON text) and
 * prepares every object for storage. Versions repeated within the input are kept once when
 * identical and refused when they differ.
 *
 * @throws `SAKIMORI_ERR_STIX_OBJECT_INVALID` (invalid STIX, too deeply nested, not JSON),
 * `SAKIMORI_ERR_STIX_MARKING_UNKNOWN`, {@link ERR_INTEL_STIX_TOO_LARGE}, {@link ERR_INTEL_STIX_CONFLICT}.
 */
export function prepareInput(input: unknown, options: PrepareOptions): PreparedObject[] {
  const doc = typeof input === 'string' ? parse(input, options) : input;
  assertValidBundle(doc, options.validation);
  const raw = objectsOf(doc);
  const inInput = raw.filter((o): o is MarkingDefinition => o.type === 'marking-definition');
  const policy = createReleasePolicy({ customDefinitions: [...(options.markingDefinitions ?? []), ...inInput] });
  const out: PreparedObject[] = [];
  const seen = new Map<string, string>();
  let bytes = 0;
  for (const o of raw) {
    const p = prepareObject(o, options, policy);
    bytes += utf8Length(p.json);
    const key = `${p.id}\u0000${p.version}`;
    const earlier = seen.get(key);
    if (earlier === undefined) {
      seen.set(key, p.json);
      out.push(p);
    } else if (earlier !== p.json) throw new ERR_INTEL_STIX_CONFLICT(p.id, p.version, { details: { id: p.id, version: p.version } });
  }
  if (bytes > options.maxBytes) throw new ERR_INTEL_STIX_TOO_LARGE(String(bytes), String(options.maxBytes));
  return out;
}
