/**
 * Checks one property value against its {@link PropertyType}: JSON type, non-empty lists, integer
 * ranges, enumerations, identifiers of the allowed types, timestamps, hashes, binary and hex
 * strings, dictionary keys and embedded structures. Open-vocabulary membership is a best practice
 * and is checked elsewhere.
 */
import { childPath } from './finding.js';
import { type FindingSink, isRecord } from './finding-sink.js';
import { parseIdentifier } from './identifier.js';
import { typeMatches } from './object-catalogue.js';
import { type ObjectSpec, type PropertyType, table } from './property-type.js';
import { STRUCTURE_SPECS } from './structure-specs.js';
import { isTimestamp } from './timestamp.js';
import { ENUMERATIONS } from './vocabularies.js';

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX_RE = /^(?:[a-fA-F0-9]{2})+$/;
const URL_RE = /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$/;
const DICT_KEY_RE = /^[a-zA-Z0-9_-]{1,250}$/;
const HASH_KEY_RE = /^[a-zA-Z0-9_-]{3,250}$/;

/** Value formats of the hash algorithms of hash-algorithm-ov (§10.6). */
const HASH_FORMATS: Readonly<Record<string, RegExp>> = table({
  MD5: /^[a-fA-F0-9]{32}$/,
  'SHA-1': /^[a-fA-F0-9]{40}$/,
  'SHA-256': /^[a-fA-F0-9]{64}$/,
  'SHA-512': /^[a-fA-F0-9]{128}$/,
  'SHA3-256': /^[a-fA-F0-9]{64}$/,
  'SHA3-512': /^[a-fA-F0-9]{128}$/,
  SSDEEP: /^[0-9]+:[a-zA-Z0-9/+]+:[a-zA-Z0-9/+]+(?:,"[^"]*")?$/,
  TLSH: /^(?:T1)?[a-fA-F0-9]{70}$/,
});

/** Where a value sits, for messages. */
export interface ValueSite {
  readonly sink: FindingSink;
  readonly id: string;
  /**
   * Accept any `<type>--<text>` reference, as the reference validator does inside SCOs (whose ids
   * are derived and sometimes written by hand); the object's own id stays strict.
   */
  readonly looseReferences?: boolean;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Checks `value` against `type`; reports every mismatch under `path`. */
export function checkValue(site: ValueSite, value: unknown, type: PropertyType, path: string): void {
  const bad = (message: string): void => site.sink.error(site.id, path, 'VALUE', message);
  if (typeof type === 'string') {
    checkScalar(site, value, type, path);
    return;
  }
  switch (type.kind) {
    case 'ref':
      checkReference(site, value, type.types, path);
      return;
    case 'list':
      if (!Array.isArray(value)) return bad(`must be a list, not ${jsonType(value)}`);
      if (value.length === 0) return bad('must not be an empty list');
      value.forEach((item, i) => {
        checkValue(site, item, type.of, childPath(path, i));
      });
      return;
    case 'range':
      if (typeof value !== 'number' || (type.integer && !Number.isInteger(value))) return bad(`must be ${type.integer ? 'an integer' : 'a number'}`);
      if (value < type.min || value > type.max) return bad(`must be between ${type.min} and ${type.max}`);
      return;
    case 'ov':
      if (typeof value !== 'string') bad(`must be a string, not ${jsonType(value)}`);
      return;
    case 'enum':
      if (typeof value !== 'string' || !(ENUMERATIONS[type.enumeration] as readonly string[]).includes(value)) {
        bad(`must be one of ${type.enumeration}: ${ENUMERATIONS[type.enumeration].join(', ')}`);
      }
      return;
    case 'struct': {
      const spec = STRUCTURE_SPECS[type.name];
      if (spec !== undefined) checkStructure(site, value, spec, path, type.name);
      return;
    }
    case 'dict':
      if (!isRecord(value)) return bad('must be a dictionary');
      for (const [k, v] of Object.entries(value)) checkValue(site, v, type.of, childPath(path, k));
      return;
  }
}

function checkScalar(site: ValueSite, value: unknown, type: Exclude<PropertyType, object>, path: string): void {
  const bad = (message: string): void => site.sink.error(site.id, path, type === 'timestamp' ? 'TIMESTAMP' : 'VALUE', message);
  switch (type) {
    case 'any':
      return;
    case 'string':
      if (typeof value !== 'string') bad(`must be a string, not ${jsonType(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') bad(`must be a boolean, not ${jsonType(value)}`);
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) bad('must be an integer');
      return;
    case 'float':
      if (typeof value !== 'number') bad('must be a number');
      return;
    case 'timestamp':
      if (!isTimestamp(value)) bad(`${JSON.stringify(value)} is not a valid timestamp (YYYY-MM-DDTHH:mm:ss[.s+]Z, a real date)`);
      return;
    case 'identifier':
      checkReference(site, value, [], path);
      return;
    case 'binary':
      if (typeof value !== 'string' || !BASE64_RE.test(value)) bad('must be base64-encoded binary');
      return;
    case 'hex':
      if (typeof value !== 'string' || !HEX_RE.test(value)) bad('must be an even number of hexadecimal digits');
      return;
    case 'url':
      if (typeof value !== 'string' || !URL_RE.test(value)) bad('must be a URL');
      return;
    case 'dictionary':
      checkDictionary(site, value, path);
      return;
    case 'hashes':
      checkHashes(site, value, path);
      return;
  }
}

/** Checks an identifier and, when `types` is not empty, that it names an object of one of those types. */
export function checkReference(site: ValueSite, value: unknown, types: readonly string[], path: string): void {
  const loose = site.looseReferences === true && typeof value === 'string' ? /^([a-z0-9][a-z0-9-]*)--\S+$/.exec(value) : null;
  const parsed = loose?.[1] !== undefined ? { type: loose[1] } : parseIdentifier(value);
  if (parsed === undefined) {
    site.sink.error(site.id, path, 'REFERENCE', `${JSON.stringify(value)} is not a STIX identifier (<type>--<RFC 4122 UUID>)`);
    return;
  }
  if (types.length > 0 && !typeMatches(parsed.type, types)) {
    site.sink.error(site.id, path, 'REFERENCE', `must refer to an object of type ${types.join(' or ')}, not ${parsed.type}`);
  }
}

/** Dictionary (§2.6): an object whose keys are 1–250 ASCII letters, digits, `_` or `-`, and not empty. */
export function checkDictionary(site: ValueSite, value: unknown, path: string): void {
  if (!isRecord(value)) {
    site.sink.error(site.id, path, 'VALUE', `must be a dictionary, not ${jsonType(value)}`);
    return;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) site.sink.error(site.id, path, 'VALUE', 'must not be an empty dictionary');
  for (const k of keys) {
    if (!DICT_KEY_RE.test(k)) site.sink.error(site.id, childPath(path, k), 'PROPERTY_NAME', `dictionary key ${JSON.stringify(k)} must be 1-250 of [a-zA-Z0-9_-]`);
  }
}

/** Hashes (§2.7): a non-empty dictionary of algorithm name to digest, digests of known algorithms in their format. */
export function checkHashes(site: ValueSite, value: unknown, path: string): void {
  if (!isRecord(value)) {
    site.sink.error(site.id, path, 'VALUE', `hashes must be a dictionary, not ${jsonType(value)}`);
    return;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) site.sink.error(site.id, path, 'VALUE', 'hashes must not be empty');
  for (const [k, v] of entries) {
    const at = childPath(path, k);
    if (!HASH_KEY_RE.test(k)) site.sink.error(site.id, at, 'PROPERTY_NAME', `hash algorithm name ${JSON.stringify(k)} must be 3-250 of [a-zA-Z0-9_-]`);
    if (typeof v !== 'string') site.sink.error(site.id, at, 'VALUE', 'hash value must be a string');
    else {
      const format = HASH_FORMATS[k];
      if (format !== undefined && !format.test(v)) site.sink.error(site.id, at, 'VALUE', `${JSON.stringify(v)} is not a valid ${k} hash`);
    }
  }
}

/** Checks an embedded structure: an object with its required properties, each defined property of its type. */
export function checkStructure(site: ValueSite, value: unknown, spec: ObjectSpec, path: string, name: string): void {
  if (!isRecord(value)) {
    site.sink.error(site.id, path, 'VALUE', `${name} must be an object, not ${jsonType(value)}`);
    return;
  }
  for (const r of spec.required) {
    if (!(r in value)) site.sink.error(site.id, childPath(path, r), 'REQUIRED', `${name} requires property ${r}`);
  }
  for (const [k, v] of Object.entries(value)) {
    const t = spec.properties[k];
    if (t !== undefined) checkValue(site, v, t, childPath(path, k));
  }
}
