/**
 * When to try a TAXII request again: which answers are worth a retry, and how long to wait —
 * exponential backoff with jitter, or the server's `Retry-After` when it sends one (never earlier).
 * Pure: the caller passes the random source and the current time.
 */

/** Statuses that a later attempt may get past: timeout, too early, rate limited, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || (status >= 500 && status <= 599);
}

/** Backoff settings of a feed. */
export interface BackoffSettings {
  /** Wait before the first retry (ms). */
  readonly backoffMs: number;
  /** Longest wait (ms); a `Retry-After` beyond it is not waited for. */
  readonly maxBackoffMs: number;
}

/**
 * `Retry-After` in milliseconds from `now` (RFC 9110 §10.2.3: delay-seconds or an HTTP date), or
 * undefined when absent or unreadable. A date in the past is 0.
 */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  // An HTTP date starts with the day's name (IMF-fixdate, or the obsolete forms); `Date.parse`
  // alone would read "-5" as a year.
  const at = /^[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The wait before retry number `retry` (0 for the first): `Retry-After` when given, else
 * `backoffMs · 2^retry` capped at `maxBackoffMs`, drawn uniformly from its upper half so clients
 * that failed together do not retry together. Undefined when the server asks for more than
 * `maxBackoffMs`: waiting that long is the caller's decision to fail instead.
 */
export function retryDelay(retry: number, retryAfter: number | undefined, settings: BackoffSettings, random: () => number): number | undefined {
  if (retryAfter !== undefined) return retryAfter <= settings.maxBackoffMs ? retryAfter : undefined;
  const ceiling = Math.min(settings.maxBackoffMs, settings.backoffMs * 2 ** Math.min(retry, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
