/**
 * Content negotiation of TAXII 2.1 (§1.6.8): answers are `application/taxii+json;version=2.1`,
 * requests must accept it, and POST bodies must be sent as it.
 */
import { ERR_TAXII_NOT_ACCEPTABLE, ERR_TAXII_UNSUPPORTED_MEDIA_TYPE } from './errors.js';

/** The one media type this server speaks. */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';

interface MediaRange {
  readonly type: string;
  readonly version: string | undefined;
}

function parseRange(text: string): MediaRange {
  const [type = '', ...params] = text.split(';').map((p) => p.trim().toLowerCase());
  let version: string | undefined;
  for (const p of params) {
    const [k, v] = p.split('=').map((x) => x.trim());
    if (k === 'version') version = v?.replace(/^"|"$/g, '');
  }
  return { type, version };
}

/**
 * Throws 406 unless the Accept header lists `application/taxii+json` with version 2.1 or without a
 * version (which means the latest, 2.1).
 */
export function assertAcceptable(accept: string | undefined): void {
  const ok = (accept ?? '')
    .split(',')
    .map(parseRange)
    .some((r) => r.type === 'application/taxii+json' && (r.version === undefined || r.version === '2.1'));
  if (!ok) throw new ERR_TAXII_NOT_ACCEPTABLE(JSON.stringify(accept ?? ''));
}

/** Throws 415 unless the Content-Type is `application/taxii+json;version=2.1`. */
export function assertTaxiiContentType(contentType: string | undefined): void {
  const r = parseRange(contentType ?? '');
  if (r.type !== 'application/taxii+json' || r.version !== '2.1') throw new ERR_TAXII_UNSUPPORTED_MEDIA_TYPE(JSON.stringify(contentType ?? ''));
}
