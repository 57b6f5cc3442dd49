/**
 * Best practices of the Cyber-observable Objects that compare values with IANA registries and
 * other external lists (`mime-type`, `protocols`, `ipfix`, `http-request-headers`,
 * `socket-options`, `pdf-doc-info`), plus `network-traffic-ports`,
 * `windows-process-priority-format` and `observable-dictionary-keys`. Registries are matched by
 * shape, as the reference validator does when it cannot reach IANA.
 */
import { childPath } from './finding.js';
import { isRecord, type ObjectContext } from './finding-sink.js';
import { SOCKET_OPTIONS } from './socket-options.js';

const MIME_RE = /^(application|audio|font|image|message|model|multipart|text|video)\/[a-zA-Z0-9.+_-]+/;
const PROTOCOL_RE = /^[a-zA-Z0-9-]{1,15}$/;
const IPFIX_RE = /^[a-z][a-zA-Z0-9]+$/;
const PDF_KEYS = new Set(['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer', 'CreationDate', 'ModDate', 'Trapped']);
const HTTP_REQUEST_HEADERS = new Set(
  (
    'Accept Accept-Charset Accept-Encoding Accept-Language Accept-Datetime Authorization Cache-Control Connection Cookie Content-Length Content-MD5 ' +
    'Content-Type Date Expect Forwarded From Host If-Match If-Modified-Since If-None-Match If-Range If-Unmodified-Since Max-Forwards Origin Pragma ' +
    'Proxy-Authorization Range Referer TE User-Agent Upgrade Via Warning X-Requested-With DNT X-Forwarded-For X-Forwarded-Host X-Forwarded-Proto ' +
    'Front-End-Https X-Http-Method-Override X-ATT-DeviceId X-Wap-Profile Proxy-Connection X-UIDH X-Csrf-Token X-Request-ID X-Correlation-ID Save-Data'
  ).split(' '),
);

/** Dictionaries whose keys are external names (hash algorithms, headers, options) and may be uppercase. */
const DICTIONARY_KEY_EXCEPTIONS = new Set([
  'hashes',
  'file_header_hashes',
  'ipfix',
  'request_header',
  'options',
  'document_info_dict',
  'startup_info',
  'environment_variables',
  'additional_header_fields',
  'exif_tags',
  'key',
]);

function extension(obj: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const ext = isRecord(obj.extensions) ? obj.extensions[name] : undefined;
  return isRecord(ext) ? ext : undefined;
}

function checkKeys(ctx: ObjectContext, dict: unknown, at: string, ok: (k: string) => boolean, check: string, what: string): void {
  if (!isRecord(dict)) return;
  for (const k of Object.keys(dict)) if (!ok(k)) ctx.sink.warn(ctx.id, childPath(at, k), check, `${JSON.stringify(k)} is not a valid ${what}`);
}

/** Applies the observable best practices to an SCO of `type` at `path`. */
export function checkObservablePractices(ctx: ObjectContext, type: string, obj: Record<string, unknown>, path: string): void {
  const { sink, id } = ctx;
  checkDictionaryKeys(ctx, obj, path);
  const extPath = childPath(path, 'extensions');
  if (type === 'file') {
    if (typeof obj.mime_type === 'string' && !MIME_RE.test(obj.mime_type)) sink.warn(id, childPath(path, 'mime_type'), 'mime-type', `${obj.mime_type} is not an IANA media type`);
    const pdf = extension(obj, 'pdf-ext');
    checkKeys(ctx, pdf?.document_info_dict, childPath(childPath(extPath, 'pdf-ext'), 'document_info_dict'), (k) => PDF_KEYS.has(k), 'pdf-doc-info', 'PDF document information key');
  }
  if (type === 'network-traffic') {
    if (!('src_port' in obj) || !('dst_port' in obj)) sink.warn(id, path, 'network-traffic-ports', 'network-traffic should have both src_port and dst_port');
    if (Array.isArray(obj.protocols)) {
      obj.protocols.forEach((p, i) => {
        if (typeof p === 'string' && !PROTOCOL_RE.test(p)) sink.warn(id, childPath(childPath(path, 'protocols'), i), 'protocols', `${p} is not an IANA service name`);
      });
    }
    checkKeys(ctx, obj.ipfix, childPath(path, 'ipfix'), (k) => IPFIX_RE.test(k), 'ipfix', 'IPFIX information element name');
    const http = extension(obj, 'http-request-ext');
    checkKeys(ctx, http?.request_header, childPath(childPath(extPath, 'http-request-ext'), 'request_header'), (k) => HTTP_REQUEST_HEADERS.has(k), 'http-request-headers', 'HTTP request header');
    const socket = extension(obj, 'socket-ext');
    checkKeys(ctx, socket?.options, childPath(childPath(extPath, 'socket-ext'), 'options'), (k) => SOCKET_OPTIONS.has(k), 'socket-options', 'socket option');
  }
  if (type === 'process') {
    const priority = extension(obj, 'windows-process-ext')?.priority;
    if (typeof priority === 'string' && !/.+_CLASS$/.test(priority)) {
      sink.warn(id, childPath(childPath(extPath, 'windows-process-ext'), 'priority'), 'windows-process-priority-format', 'priority should end in _CLASS');
    }
  }
}

/** Dictionary keys in the observable layer SHOULD be lowercase (§6 best practice). */
function checkDictionaryKeys(ctx: ObjectContext, item: Record<string, unknown>, path: string, depth = 0): void {
  if (depth > 32) return;
  for (const [k, v] of Object.entries(item)) {
    if (/[A-Z]/.test(k)) ctx.sink.warn(ctx.id, childPath(path, k), 'observable-dictionary-keys', `dictionary key ${JSON.stringify(k)} should be lowercase`);
    if (isRecord(v) && !DICTIONARY_KEY_EXCEPTIONS.has(k)) checkDictionaryKeys(ctx, v, childPath(path, k), depth + 1);
  }
}
