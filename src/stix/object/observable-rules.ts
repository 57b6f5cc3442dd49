/**
 * Semantic MUST rules of the Cyber-observable Objects (§6): address formats, required alternatives
 * (file, network-traffic, artifact), mutually exclusive properties (email-message, artifact,
 * network-traffic), IANA-shaped names (media types, character sets) and ISO 639-2 languages.
 */
import { isIpv4Value, isIpv6Value, isMacValue } from './address-formats.js';
import { childPath } from './finding.js';
import { isRecord, type ObjectContext } from './finding-sink.js';
import { isIso639 } from './language-tag.js';
import { compareTimestamps } from './timestamp.js';

const MIME_RE = /^(application|audio|font|image|message|model|multipart|text|video)\/[a-zA-Z0-9.+_-]+/;
const CHARSET_RE = /^[a-zA-Z0-9_()-]+$/;
const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const REGISTRY_HIVES = ['HKEY_CLASSES_ROOT', 'HKEY_CURRENT_CONFIG', 'HKEY_CURRENT_USER', 'HKEY_LOCAL_MACHINE', 'HKEY_USERS', 'HKEY_PERFORMANCE_DATA', 'HKEY_DYN_DATA'];
const COMMON_SCO = new Set(['type', 'id', 'spec_version', 'object_marking_refs', 'granular_markings', 'defanged']);

/** Rules of SCO type `type` for `ctx.obj` (a top-level SCO or one embedded in observed-data). */
export function checkObservableRules(ctx: ObjectContext, type: string): void {
  const { obj, sink, id, path } = ctx;
  const bad = (prop: string, message: string): void => sink.error(id, childPath(path, prop), 'OBSERVABLE', message);
  switch (type) {
    case 'ipv4-addr':
      if (typeof obj.value === 'string' && !isIpv4Value(obj.value)) bad('value', `${obj.value} is not an IPv4 address or CIDR block`);
      return;
    case 'ipv6-addr':
      if (typeof obj.value === 'string' && !isIpv6Value(obj.value)) bad('value', `${obj.value} is not an IPv6 address or CIDR block`);
      return;
    case 'mac-addr':
      if (typeof obj.value === 'string' && !isMacValue(obj.value)) bad('value', `${obj.value} is not a lowercase colon-delimited MAC address`);
      return;
    case 'email-addr':
      if (typeof obj.value === 'string' && !EMAIL_RE.test(obj.value)) bad('value', `${obj.value} is not an email address`);
      return;
    case 'email-message':
      return checkEmailMessage(ctx);
    case 'artifact':
      if ('payload_bin' in obj === 'url' in obj) sink.error(id, path, 'REQUIRED', 'artifact requires exactly one of payload_bin and url');
      if ('decryption_key' in obj && !('encryption_algorithm' in obj)) bad('decryption_key', 'decryption_key requires encryption_algorithm');
      if ('url' in obj && !('hashes' in obj)) bad('hashes', 'artifact with url requires hashes');
      if (typeof obj.mime_type === 'string' && !MIME_RE.test(obj.mime_type)) bad('mime_type', `${obj.mime_type} is not an IANA media type`);
      return;
    case 'file':
      if (!('hashes' in obj) && !('name' in obj)) sink.error(id, path, 'REQUIRED', 'file requires hashes or name');
      if (typeof obj.name_enc === 'string' && !CHARSET_RE.test(obj.name_enc)) bad('name_enc', `${obj.name_enc} is not an IANA character set`);
      return;
    case 'directory':
      if (typeof obj.path_enc === 'string' && !CHARSET_RE.test(obj.path_enc)) bad('path_enc', `${obj.path_enc} is not an IANA character set`);
      return;
    case 'network-traffic':
      if (!('src_ref' in obj) && !('dst_ref' in obj)) sink.error(id, path, 'REQUIRED', 'network-traffic requires src_ref or dst_ref');
      if (obj.is_active === true && 'end' in obj) bad('end', 'an active network-traffic must not have end');
      if ((compareTimestamps(obj.start, obj.end) ?? -1) >= 0) bad('end', 'end must be later than start');
      return;
    case 'software':
      if (Array.isArray(obj.languages)) {
        obj.languages.forEach((l, i) => {
          if (typeof l === 'string' && !isIso639(l)) sink.error(id, childPath(childPath(path, 'languages'), i), 'OBSERVABLE', `${l} is not an ISO 639-2 language code`);
        });
      }
      return;
    case 'windows-registry-key': {
      const key = typeof obj.key === 'string' ? obj.key.toUpperCase() : undefined;
      // Hive names are case-insensitive but must be spelt out: HKLM is not a hive name.
      if (key !== undefined && !REGISTRY_HIVES.some((h) => key === h || key.startsWith(`${h}\\`))) {
        bad('key', 'key must start with the full name of a registry hive, e.g. HKEY_LOCAL_MACHINE');
      }
      return;
    }
    case 'process':
    case 'x509-certificate':
      if (Object.keys(obj).every((k) => COMMON_SCO.has(k))) sink.error(id, path, 'REQUIRED', `${type} requires at least one property of its own`);
      return;
  }
}

function checkEmailMessage(ctx: ObjectContext): void {
  const { obj, sink, id, path } = ctx;
  if (obj.is_multipart === false && 'body_multipart' in obj) sink.error(id, childPath(path, 'body_multipart'), 'OBSERVABLE', 'body_multipart requires is_multipart true');
  if (obj.is_multipart === true && 'body' in obj) sink.error(id, childPath(path, 'body'), 'OBSERVABLE', 'body must not be present when is_multipart is true');
  if (!Array.isArray(obj.body_multipart)) return;
  obj.body_multipart.forEach((part, i) => {
    if (isRecord(part) && 'body' in part === 'body_raw_ref' in part) {
      sink.error(id, childPath(childPath(path, 'body_multipart'), i), 'OBSERVABLE', 'a MIME part must have exactly one of body and body_raw_ref');
    }
  });
}
