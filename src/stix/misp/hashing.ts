/**
 * The hash functions the MISP module needs, injected so the module stays free of I/O and `node:`
 * imports (tests and programs pass `node:crypto`).
 */

/** Hash functions supplied by the caller. */
export interface MispHashing {
  /** Lower-case hex MD5 of the UTF-8 bytes of `text` (MISP's feed hash). */
  md5(text: string): string;
  /** SHA-1 digest of `bytes` (for UUIDv5 ids). */
  sha1(bytes: Uint8Array): Uint8Array;
}

/** MISP's UUIDv5 namespace, which MISP's STIX converter uses for the ids it derives. */
export const MISP_UUID_NAMESPACE = '76beed5f-7251-457e-8c2a-b45f7b589d3d';

const encoder = new TextEncoder();
const namespaces = new Map<string, Uint8Array>();

/** The 16 bytes of a namespace UUID, parsed once. */
function namespaceBytes(namespace: string): Uint8Array {
  let bytes = namespaces.get(namespace);
  if (bytes === undefined) {
    const hex = namespace.replace(/-/g, '');
    bytes = new Uint8Array(16);
    for (let i = 0; i < 16; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    if (namespaces.size < 16) namespaces.set(namespace, bytes);
  }
  return bytes;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * RFC 9562 UUIDv5 of `name` in `namespace`, with the injected SHA-1.
 *
 * @example
 * ```ts
 * uuidV5(MISP_UUID_NAMESPACE, 'indicator--… - based-on - observed-data--…', sha1);
 * ```
 */
export function uuidV5(namespace: string, name: string, sha1: MispHashing['sha1']): string {
  const nameBytes = encoder.encode(name);
  const input = new Uint8Array(16 + nameBytes.length);
  input.set(namespaceBytes(namespace), 0);
  input.set(nameBytes, 16);
  const h = sha1(input);
  let out = '';
  for (let i = 0; i < 16; i++) {
    let b = h[i] ?? 0;
    if (i === 6) b = (b & 0x0f) | 0x50;
    if (i === 8) b = (b & 0x3f) | 0x80;
    out += HEX[b];
    if (i === 3 || i === 5 || i === 7 || i === 9) out += '-';
  }
  return out;
}
