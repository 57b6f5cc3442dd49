/**
 * MISP attribute types to STIX Cyber-observable Objects and the equivalent STIX pattern, as MISP's
 * own converter (MISP/misp-stix) maps them. SCO ids are `<type>--<attribute uuid>`.
 */
import { literal, type StixRecord } from './stix-common.js';

/** The observable form of one attribute: its SCOs (first is the main one) and its pattern. */
export interface AttributeObservable {
  readonly objects: StixRecord[];
  readonly pattern: string;
}

const HASHES: Readonly<Record<string, string>> = Object.freeze({
  md5: 'MD5',
  sha1: 'SHA-1',
  sha224: 'SHA-224',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
  'sha3-256': 'SHA3-256',
  'sha3-512': 'SHA3-512',
  ssdeep: 'SSDEEP',
  tlsh: 'TLSH',
});

/** STIX path of a file hash: names with a hyphen are quoted (`file:hashes.'SHA-1'`). */
export function hashPath(algorithm: string): string {
  return algorithm.includes('-') ? `file:hashes.'${algorithm}'` : `file:hashes.${algorithm}`;
}

/** The STIX hash name of a MISP hash attribute type (`sha1` → `SHA-1`). */
export function stixHashName(mispType: string): string | undefined {
  return Object.hasOwn(HASHES, mispType) ? HASHES[mispType] : undefined;
}

const sco = (type: string, uuid: string, props: Record<string, unknown>): StixRecord => ({ type, spec_version: '2.1', id: `${type}--${uuid}`, ...props });
const ipType = (value: string) => (value.includes(':') ? 'ipv6-addr' : 'ipv4-addr');
const single = (type: string, prop: string, uuid: string, value: unknown, pattern: string): AttributeObservable => ({ objects: [sco(type, uuid, { [prop]: value })], pattern });

function domainIp(uuid: string, value: string): AttributeObservable | undefined {
  const bar = value.indexOf('|');
  if (bar < 0) return undefined;
  const domain = value.slice(0, bar);
  const ip = value.slice(bar + 1);
  const ipId = `${ipType(ip)}--${uuid}`;
  return {
    objects: [sco('domain-name', uuid, { value: domain, resolves_to_refs: [ipId] }), sco(ipType(ip), uuid, { value: ip })],
    pattern: `[domain-name:value = ${literal(domain)} AND domain-name:resolves_to_refs[*].value = ${literal(ip)}]`,
  };
}

function ipAddress(uuid: string, value: string, side: 'src' | 'dst'): AttributeObservable {
  const address = sco(ipType(value), uuid, { value });
  const traffic = sco('network-traffic', uuid, { [`${side}_ref`]: address.id, protocols: ['tcp'] });
  return {
    objects: [traffic, address],
    pattern: `[network-traffic:${side}_ref.type = '${address.type}' AND network-traffic:${side}_ref.value = ${literal(value)}]`,
  };
}

function fileHash(uuid: string, mispType: string, value: string): AttributeObservable | undefined {
  const bar = mispType.indexOf('|');
  if (bar < 0) {
    const algorithm = stixHashName(mispType);
    return algorithm === undefined ? undefined : single('file', 'hashes', uuid, { [algorithm]: value }, `[${hashPath(algorithm)} = ${literal(value)}]`);
  }
  const algorithm = stixHashName(mispType.slice(bar + 1));
  const split = value.indexOf('|');
  if (algorithm === undefined || split < 0) return undefined;
  const name = value.slice(0, split);
  const hash = value.slice(split + 1);
  return {
    objects: [sco('file', uuid, { name, hashes: { [algorithm]: hash } })],
    pattern: `[file:name = ${literal(name)} AND ${hashPath(algorithm)} = ${literal(hash)}]`,
  };
}

/**
 * The SCOs and pattern of a MISP attribute, or `undefined` for types with no observable form (text,
 * comment, vulnerability…), which the converter exports otherwise.
 *
 * @example
 * ```ts
 * attributeObservable({ uuid: '4bb2…', type: 'domain', value: 'circl.lu' })?.pattern; // "[domain-name:value = 'circl.lu']"
 * ```
 */
export function attributeObservable(attribute: { readonly uuid: string; readonly type: string; readonly value: string }): AttributeObservable | undefined {
  const { uuid, type, value } = attribute;
  switch (type) {
    case 'AS': {
      const n = Number(value.replace(/^AS/i, ''));
      return Number.isSafeInteger(n) && n >= 0 ? single('autonomous-system', 'number', uuid, n, `[autonomous-system:number = '${n}']`) : undefined;
    }
    case 'domain':
    case 'hostname':
      return single('domain-name', 'value', uuid, value, `[domain-name:value = ${literal(value)}]`);
    case 'domain|ip':
    case 'hostname|ip':
      return domainIp(uuid, value);
    case 'ip-src':
    case 'ip-dst':
      return ipAddress(uuid, value, type === 'ip-src' ? 'src' : 'dst');
    case 'url':
    case 'link':
    case 'uri':
      return single('url', 'value', uuid, value, `[url:value = ${literal(value)}]`);
    case 'email':
    case 'email-src':
    case 'email-dst':
      return single('email-addr', 'value', uuid, value, `[email-addr:value = ${literal(value)}]`);
    case 'email-subject':
      return { objects: [sco('email-message', uuid, { is_multipart: false, subject: value })], pattern: `[email-message:subject = ${literal(value)}]` };
    case 'filename':
      return single('file', 'name', uuid, value, `[file:name = ${literal(value)}]`);
    case 'mutex':
      return single('mutex', 'name', uuid, value, `[mutex:name = ${literal(value)}]`);
    case 'mac-address':
      return single('mac-addr', 'value', uuid, value.toLowerCase(), `[mac-addr:value = ${literal(value.toLowerCase())}]`);
    case 'regkey':
      return single('windows-registry-key', 'key', uuid, value, `[windows-registry-key:key = ${literal(value)}]`);
    default:
      return fileHash(uuid, type, value);
  }
}
