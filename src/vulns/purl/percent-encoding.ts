/**
 * Percent-encoding of purl components (ECMA-427 §5.4): UTF-8, uppercase hexadecimal, and only the
 * unreserved characters `A-Z a-z 0-9 . - _ ~` and the colon left as they are.
 */

/**
 * Percent-encodes one component or segment for the canonical form; undefined for a string that is
 * not well-formed UTF-16 (a lone surrogate), which has no UTF-8 encoding.
 */
export function percentEncode(s: string): string | undefined {
  let encoded: string;
  try {
    encoded = encodeURIComponent(s);
  } catch {
    return undefined;
  }
  // encodeURIComponent leaves ! ' ( ) * as they are, and encodes the colon purls keep.
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%3A/g, ':');
}

/** Decodes percent-encoding (a `+` stays a `+`); undefined for a malformed escape or bytes that are not UTF-8. */
export function percentDecode(s: string): string | undefined {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
