/**
 * MISP object templates to STIX Cyber-observable Objects and the equivalent STIX pattern, as MISP's
 * own converter maps them: the main SCO takes the object's uuid, referenced SCOs (addresses,
 * directories) their attribute's uuid, and the pattern holds only the `to_ids` attributes.
 */
import { hashPath, stixHashName } from './attribute-mapping.js';
import type { MispAttribute, MispObject } from './misp-event.js';
import { literal, type StixRecord } from './stix-common.js';

/** The observable form of one object: its SCOs and the pattern of its `to_ids` attributes (if any). */
export interface ObjectObservable {
  readonly objects: StixRecord[];
  readonly pattern: string | undefined;
}

const sco = (type: string, uuid: string, props: Record<string, unknown>): StixRecord => ({ type, spec_version: '2.1', id: `${type}--${uuid}`, ...props });
const ipType = (value: string) => (value.includes(':') ? 'ipv6-addr' : 'ipv4-addr');
const patternOf = (terms: readonly string[]) => (terms.length === 0 ? undefined : `[${terms.join(' AND ')}]`);

function email(o: MispObject): ObjectObservable {
  const message: StixRecord = sco('email-message', o.uuid, { is_multipart: false });
  const addresses: StixRecord[] = [];
  const terms: string[] = [];
  const address = (a: MispAttribute) => {
    const addr = sco('email-addr', a.uuid, { value: a.value });
    addresses.push(addr);
    return addr.id;
  };
  for (const a of o.attributes) {
    const r = a.objectRelation;
    if (r === 'from') {
      message.from_ref = address(a);
      if (a.toIds) terms.push(`email-message:from_ref.value = ${literal(a.value)}`);
    } else if (r === 'to' || r === 'cc' || r === 'bcc') {
      const key = `${r}_refs`;
      message[key] = [...((message[key] as string[] | undefined) ?? []), address(a)];
      if (a.toIds) terms.push(`email-message:${key}[*].value = ${literal(a.value)}`);
    } else if (r === 'subject' || r === 'message-id') {
      const key = r === 'subject' ? 'subject' : 'message_id';
      message[key] = a.value;
      if (a.toIds) terms.push(`email-message:${key} = ${literal(a.value)}`);
    } else message[`x_misp_${r ?? a.type}`.replace(/-/g, '_')] = a.value;
  }
  return { objects: [message, ...addresses], pattern: patternOf(terms) };
}

function file(o: MispObject): ObjectObservable {
  const f: StixRecord = sco('file', o.uuid, {});
  const hashes: Record<string, string> = {};
  const extra: StixRecord[] = [];
  const hashTerms: string[] = [];
  const terms: string[] = [];
  for (const a of o.attributes) {
    const algorithm = stixHashName(a.type);
    if (algorithm !== undefined) {
      hashes[algorithm] = a.value;
      if (a.toIds) hashTerms.push(`${hashPath(algorithm)} = ${literal(a.value)}`);
      continue;
    }
    const r = a.objectRelation ?? a.type;
    if (r === 'filename') {
      f.name = a.value;
      if (a.toIds) terms.push(`file:name = ${literal(a.value)}`);
    } else if (r === 'size-in-bytes' && /^\d{1,15}$/.test(a.value)) {
      f.size = Number(a.value);
      if (a.toIds) terms.push(`file:size = '${a.value}'`);
    } else if (r === 'path') {
      const dir = sco('directory', a.uuid, { path: a.value });
      extra.push(dir);
      f.parent_directory_ref = dir.id;
      if (a.toIds) terms.push(`file:parent_directory_ref.path = ${literal(a.value)}`);
    } else if (r === 'mimetype') f.mime_type = a.value;
    else f[`x_misp_${r}`.replace(/-/g, '_')] = a.value;
  }
  if (Object.keys(hashes).length > 0) f.hashes = hashes;
  // MISP's converter lists the hash terms before the other file properties.
  return { objects: [f, ...extra], pattern: patternOf([...hashTerms, ...terms]) };
}

function domainIp(o: MispObject): ObjectObservable {
  const addresses: StixRecord[] = [];
  const domains: StixRecord[] = [];
  const terms: string[] = [];
  const ipTerms: string[] = [];
  for (const a of o.attributes) {
    if (a.objectRelation === 'ip') {
      addresses.push(sco(ipType(a.value), a.uuid, { value: a.value }));
      if (a.toIds) ipTerms.push(`domain-name:resolves_to_refs[*].value = ${literal(a.value)}`);
    } else if (a.objectRelation === 'domain' || a.objectRelation === 'hostname') {
      domains.push(sco('domain-name', a.uuid, { value: a.value }));
      if (a.toIds) terms.push(`domain-name:value = ${literal(a.value)}`);
    }
  }
  for (const d of domains) if (addresses.length > 0) d.resolves_to_refs = addresses.map((x) => x.id);
  return { objects: [...addresses, ...domains], pattern: patternOf([...terms, ...ipTerms]) };
}

function credential(o: MispObject): ObjectObservable {
  const account: StixRecord = sco('user-account', o.uuid, {});
  const terms: string[] = [];
  for (const a of o.attributes) {
    const r = a.objectRelation ?? a.type;
    const key = r === 'username' ? 'user_id' : r === 'password' ? 'credential' : `x_misp_${r}`.replace(/-/g, '_');
    account[key] = a.value;
    if (a.toIds) terms.push(`user-account:${key} = ${literal(a.value)}`);
  }
  return { objects: [account], pattern: patternOf(terms) };
}

/**
 * The SCOs and pattern of a MISP object, or `undefined` for templates without an observable mapping
 * (exported as `x-misp-object` by the converter).
 *
 * @example
 * ```ts
 * objectObservable(domainIpObject)?.pattern; // "[domain-name:value = 'circl.lu' AND domain-name:resolves_to_refs[*].value = '149.13.33.14']"
 * ```
 */
export function objectObservable(o: MispObject): ObjectObservable | undefined {
  switch (o.name) {
    case 'email':
      return email(o);
    case 'file':
      return file(o);
    case 'domain-ip':
      return domainIp(o);
    case 'credential':
      return credential(o);
    default:
      return undefined;
  }
}
