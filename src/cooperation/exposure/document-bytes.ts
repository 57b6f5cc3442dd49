/** The text of a fetched or read vulnerability document: gzip undone (NVD, EPSS and KEV are often served compressed), size-bounded. */
import { gunzipSync } from 'node:zlib';

/** Decodes `bytes` as UTF-8, gunzipping first when they start with gzip's magic number (RFC 1952 §2.3.1); never past `maxBytes`. */
export function documentText(bytes: Buffer, maxBytes: number): string {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes, { maxOutputLength: maxBytes }) : bytes;
  return raw.toString('utf8');
}
