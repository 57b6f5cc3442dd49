/**
 * Deterministic identifiers of Cyber-observable Objects (§2.9): the UUIDv5, in the STIX namespace,
 * of the RFC 8785 canonical JSON of the object's ID-contributing properties. Two producers who see
 * the same observable thus give it the same id.
 */
import { canonicalJson, type JsonValue } from '../../core/canonical-json.js';
import { isRecord } from './finding-sink.js';
import { table } from './property-type.js';
import { sha1 } from './sha1.js';

/** The STIX 2.1 namespace for SCO identifiers (§2.9). */
export const SCO_NAMESPACE = '00abedb4-aa42-53c7-8359-2cdfb6b9b2a5';

/** ID-contributing properties of each SCO type (the "ID Contributing Properties" of §6). */
export const ID_CONTRIBUTING_PROPERTIES: Readonly<Record<string, readonly string[]>> = table({
  artifact: ['hashes', 'payload_bin'],
  'autonomous-system': ['number'],
  directory: ['path'],
  'domain-name': ['value'],
  'email-addr': ['value'],
  'email-message': ['from_ref', 'subject', 'body'],
  file: ['hashes', 'name', 'extensions', 'parent_directory_ref'],
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'mac-addr': ['value'],
  mutex: ['name'],
  'network-traffic': ['start', 'end', 'src_ref', 'dst_ref', 'src_port', 'dst_port', 'protocols', 'extensions'],
  software: ['name', 'cpe', 'swid', 'vendor', 'version'],
  url: ['value'],
  'user-account': ['account_type', 'user_id', 'account_login'],
  'windows-registry-key': ['key', 'values'],
  'x509-certificate': ['hashes', 'serial_number'],
});

/** Of several hashes only one contributes, in this order of preference (§2.9). */
const HASH_PREFERENCE = ['MD5', 'SHA-1', 'SHA-256', 'SHA-512'];

function oneHash(hashes: Record<string, unknown>): Record<string, unknown> {
  const name = HASH_PREFERENCE.find((h) => Object.hasOwn(hashes, h)) ?? Object.keys(hashes)[0];
  return name === undefined ? {} : { [name]: hashes[name] };
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** UUIDv5 (RFC 9562 §5.5) of `name` in `namespace`. */
export function uuidV5(namespace: string, name: string): string {
  const ns = Uint8Array.from(namespace.replace(/-/g, '').match(/../g) ?? [], (b) => Number.parseInt(b, 16));
  const text = new TextEncoder().encode(name);
  const input = new Uint8Array(ns.length + text.length);
  input.set(ns);
  input.set(text, ns.length);
  const d = sha1(input).slice(0, 16);
  d[6] = ((d[6] ?? 0) & 0x0f) | 0x50;
  d[8] = ((d[8] ?? 0) & 0x3f) | 0x80;
  const h = hex(d);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The deterministic id `obj` should have, or undefined when it cannot be derived: not an SCO type
 * with contributing properties, none of them present, or values that are not canonical JSON.
 */
export function deterministicId(obj: Readonly<Record<string, unknown>>): string | undefined {
  const type = obj.type;
  if (typeof type !== 'string') return undefined;
  const props = ID_CONTRIBUTING_PROPERTIES[type];
  if (props === undefined) return undefined;
  const name: Record<string, unknown> = {};
  for (const p of props) {
    if (!Object.hasOwn(obj, p)) continue;
    const v = obj[p];
    name[p] = p === 'hashes' && isRecord(v) ? oneHash(v) : v;
  }
  if (Object.keys(name).length === 0) return undefined;
  try {
    return `${type}--${uuidV5(SCO_NAMESPACE, canonicalJson(name as JsonValue))}`;
  } catch {
    return undefined;
  }
}
