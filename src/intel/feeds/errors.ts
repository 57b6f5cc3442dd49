/**
 * Coded errors of the TAXII 2.1 feed client. A failed poll stops at the first of them and leaves the
 * feed's resume point at the last page that was fully stored, so the next poll reads again from
 * there and never skips. The HTTP status is what the platform would answer if it relayed the error:
 * 502 for an upstream that misbehaves, 504 for one that does not answer in time.
 */
import { defineError } from '../../core/errors.js';

/** A feed's configuration cannot be used (duplicate name, password without username, bad URL). */
export const ERR_INTEL_FEED_CONFIG = defineError<[string, string]>('SAKIMORI_ERR_INTEL_FEED_CONFIG', 'feed %s: %s', 400);
/** `--feed` names no configured feed. */
export const ERR_INTEL_FEED_UNKNOWN = defineError<[string, string]>('SAKIMORI_ERR_INTEL_FEED_UNKNOWN', 'no feed named %s in intel.feeds (configured: %s)', 400);
/** The server answered an HTTP status that retrying will not change (401, 403, 404, 406…). */
export const ERR_INTEL_FEED_HTTP = defineError<[number, string, string]>('SAKIMORI_ERR_INTEL_FEED_HTTP', 'HTTP %s from %s: %s', 502);
/** 429, 5xx or a network failure persisted through every retry, or the server asks to wait longer than allowed. */
export const ERR_INTEL_FEED_UNAVAILABLE = defineError<[string, string]>('SAKIMORI_ERR_INTEL_FEED_UNAVAILABLE', 'feed server unavailable at %s: %s', 502);
/** No complete answer within `timeoutMs`, on every attempt. */
export const ERR_INTEL_FEED_TIMEOUT = defineError<[number, number, string]>('SAKIMORI_ERR_INTEL_FEED_TIMEOUT', 'no complete answer within %s ms in %s attempts from %s', 504);
/** The answer is not a TAXII 2.1 envelope (not JSON, wrong media type, malformed fields or headers). */
export const ERR_INTEL_FEED_INVALID_RESPONSE = defineError<[string, string]>('SAKIMORI_ERR_INTEL_FEED_INVALID_RESPONSE', 'invalid TAXII answer from %s: %s', 502);
/** A page holds more objects than the `limit` asked for. */
export const ERR_INTEL_FEED_PAGE_OVER_LIMIT = defineError<[number, number]>('SAKIMORI_ERR_INTEL_FEED_PAGE_OVER_LIMIT', 'page of %s objects refused: limit %s was asked', 502);
/** The server handed out a `next` token it had already handed out in this poll. */
export const ERR_INTEL_FEED_LOOP = defineError<[number]>('SAKIMORI_ERR_INTEL_FEED_LOOP', 'the server loops: page %s repeats a next token of this poll', 502);
/** A page says `more` but holds only objects already received in this poll. */
export const ERR_INTEL_FEED_STALLED = defineError<[number]>('SAKIMORI_ERR_INTEL_FEED_STALLED', 'the server does not advance: page %s says more but repeats only objects of this poll', 502);
/** The poll needs more pages than `maxPages`; the next poll resumes where this one stopped. */
export const ERR_INTEL_FEED_TOO_MANY_PAGES = defineError<[number]>('SAKIMORI_ERR_INTEL_FEED_TOO_MANY_PAGES', 'more than maxPages (%s) pages in one poll', 502);
/** The answers of one poll grew past `maxBytes`; reading stopped at the bound. */
export const ERR_INTEL_FEED_TOO_LARGE = defineError<[number]>('SAKIMORI_ERR_INTEL_FEED_TOO_LARGE', 'answers over maxBytes (%s bytes) in one poll; reading stopped', 502);
/** The object store could not store a page (other than objects it refuses one by one). */
export const ERR_INTEL_FEED_INGEST = defineError<[string]>('SAKIMORI_ERR_INTEL_FEED_INGEST', 'cannot store the page: %s', 500);
/** The poll was stopped (the poller is shutting down). */
export const ERR_INTEL_FEED_ABORTED = defineError<[]>('SAKIMORI_ERR_INTEL_FEED_ABORTED', 'the poll was stopped', 503);
