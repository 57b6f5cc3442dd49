/**
 * Polling mode of the vulnerability sources: each configured source is fetched every
 * `intervalSeconds` and imported like a file.
 *
 * - NVD CVE API 2.0 is paged (`startIndex`, 2 000 records a page) and incremental: after a complete
 *   pass the poller asks only for records modified since (`lastModStartDate`/`lastModEndDate`, at
 *   most 120 days a window, as NVD requires). Its place is saved after every page, so a restart
 *   resumes at the next page instead of starting over. Requests are spaced by `minRequestIntervalMs`
 *   (NVD: 5 requests per 30 s without an API key, 50 with one; NVD asks clients to sleep about 6 s).
 *   A page that repeats or skips (NVD's `startIndex` not the one asked) is refused, not stored.
 * - Single documents (KEV, EPSS, JVN RSS, a CVE 5 record) are fetched with conditional requests
 *   (`If-None-Match`, `If-Modified-Since` from the last answer): 304 imports nothing. A MyJVN answer
 *   is followed page by page (`startItem`) as its status block says.
 *
 * A failed poll is logged and retried at the next interval; nothing half-imported stays behind, as
 * every page or document is one import.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.js';
import type { Component } from '../../core/component.js';
import { isSakimoriError } from '../../core/errors.js';
import { type JvnStatus, readJvnRss, readJvnVuldef } from '../../vulns/sources/jvn/index.js';
import { NVD_MAX_RANGE_DAYS, NVD_MAX_RESULTS_PER_PAGE, nvdQuery } from '../../vulns/sources/nvd/index.js';
import type { VulnSourceConfig } from './config.js';
import { documentText } from './document-bytes.js';
import type { VulnDocument, VulnImportOutcome } from './vuln-import.js';
import type { VulnStore } from './vuln-store.js';

/** What the poller needs. */
export interface VulnPollerDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly store: Pick<VulnStore, 'sourceState' | 'setSourceState'>;
  readonly importDocument: (doc: VulnDocument) => Promise<VulnImportOutcome>;
  /** Largest document accepted, after decompression. */
  readonly maxDocumentBytes: number;
  /** Defaults to the global fetch; tests pass one bound to a loopback server. */
  readonly fetch?: typeof fetch;
  /** Waits between NVD requests; defaults to a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Saved place of an NVD source. */
export interface NvdPollState {
  /** End of the last complete window: the next pass asks for records modified since. */
  readonly modifiedSince?: string;
  /** The pass in progress: its window (none for the first, full pass) and the next page. */
  readonly pass?: { readonly start?: string; readonly end?: string; readonly nextIndex: number; readonly startedAt: number };
}

/** Saved validators of a single-document source. */
export interface DocumentPollState {
  readonly etag?: string;
  readonly lastModified?: string;
}

const DAY = 86_400_000;

/** Creates the poller component over the enabled sources. */
export function createVulnPoller(sources: readonly VulnSourceConfig[], deps: VulnPollerDeps): Component & { pollNow(name: string): Promise<void> } {
  const logger = deps.logger.child({ component: 'vuln-poller' });
  const doFetch = deps.fetch ?? fetch;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref()));
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<void>>();
  const stateKey = (s: VulnSourceConfig) => `poll:${s.name}`;

  async function read(response: Response, origin: string): Promise<string> {
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > deps.maxDocumentBytes) throw new Error(`${origin}: ${bytes.length} bytes, more than ${deps.maxDocumentBytes}`);
    return documentText(bytes, deps.maxDocumentBytes);
  }

  async function pollDocument(s: VulnSourceConfig): Promise<void> {
    const state = (await deps.store.sourceState<DocumentPollState>(stateKey(s))) ?? {};
    const headers: Record<string, string> = { accept: '*/*', ...apiKeyHeader(s) };
    if (state.etag !== undefined) headers['if-none-match'] = state.etag;
    if (state.lastModified !== undefined) headers['if-modified-since'] = state.lastModified;
    const response = await doFetch(s.url, { headers });
    if (response.status === 304) return;
    if (!response.ok) throw new Error(`${s.url}: HTTP ${response.status}`);
    const text = await read(response, s.url);
    await deps.importDocument({ kind: s.kind, text, origin: s.url, mode: 'poll' });
    if (s.kind === 'jvn-rss' || s.kind === 'jvn-vuldef') await followJvnPages(s, text);
    const etag = response.headers.get('etag');
    const lastModified = response.headers.get('last-modified');
    await deps.store.setSourceState(stateKey(s), { ...(etag === null ? {} : { etag }), ...(lastModified === null ? {} : { lastModified }) });
  }

  /**
   * MyJVN's API answers at most `retMax` items a request, with its place in the status block
   * (`firstRes`, `totalResRet`, `totalRes`): the next page is asked with `startItem`. Each page is
   * one import; a page that does not start where asked is refused (as NVD's).
   */
  async function followJvnPages(s: VulnSourceConfig, first: string): Promise<void> {
    let status = jvnStatus(s, first);
    while (status !== undefined && status.totalResRet > 0 && status.firstRes + status.totalResRet <= status.totalRes) {
      const next = status.firstRes + status.totalResRet;
      await sleep(s.minRequestIntervalMs);
      const url = withParam(s.url, 'startItem', String(next));
      const response = await doFetch(url, { headers: { accept: '*/*' } });
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      const text = await read(response, url);
      const page = jvnStatus(s, text);
      if (page?.firstRes !== next) throw new Error(`${url}: the page does not start at item ${next} (repeated or skipped page), nothing stored`);
      await deps.importDocument({ kind: s.kind, text, origin: url, mode: 'poll' });
      status = page;
    }
  }

  async function pollNvd(s: VulnSourceConfig): Promise<void> {
    let state = (await deps.store.sourceState<NvdPollState>(stateKey(s))) ?? {};
    if (state.pass === undefined) state = { ...state, pass: newPass(state.modifiedSince, deps.clock.now()) };
    let first = true;
    for (;;) {
      const pass = state.pass;
      if (pass === undefined) return;
      const query = nvdQuery({
        ...(pass.start === undefined ? {} : { lastModStartDate: pass.start, lastModEndDate: pass.end }),
        startIndex: pass.nextIndex,
        resultsPerPage: s.resultsPerPage ?? NVD_MAX_RESULTS_PER_PAGE,
      });
      if (!query.ok) throw query.error;
      if (!first) await sleep(s.minRequestIntervalMs);
      first = false;
      const url = `${s.url}${s.url.includes('?') ? '&' : '?'}${query.value}`;
      const response = await doFetch(url, { headers: { accept: 'application/json', ...apiKeyHeader(s) } });
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      const text = await read(response, url);
      const page = pageHeader(text);
      if (page === undefined || page.startIndex !== pass.nextIndex) throw new Error(`${url}: the page does not start at ${pass.nextIndex} (repeated or skipped page), nothing stored`);
      await deps.importDocument({ kind: 'nvd', text, origin: url, mode: 'poll' });
      const next = page.startIndex + page.count;
      const complete = next >= page.totalResults || page.count === 0;
      // A complete window: the next pass asks from its end (or, after the full first pass, from when
      // that pass began, so records modified while it ran are fetched again rather than missed).
      state = complete ? { modifiedSince: pass.end ?? iso(pass.startedAt) } : { ...state, pass: { ...pass, nextIndex: next } };
      await deps.store.setSourceState(stateKey(s), state);
      if (complete) {
        // A window cut at 120 days: go on with the next one now.
        if (pass.end !== undefined && Date.parse(pass.end) < pass.startedAt) state = { ...state, pass: newPass(state.modifiedSince, deps.clock.now()) };
        else return;
      }
    }
  }

  async function poll(s: VulnSourceConfig): Promise<void> {
    try {
      await (s.kind === 'nvd' ? pollNvd(s) : pollDocument(s));
    } catch (err) {
      logger.warn({ source: s.name, ...(isSakimoriError(err) ? { code: err.code } : {}), err }, 'vulnerability source poll failed; retried at the next interval');
    }
  }

  const pollOnce = (s: VulnSourceConfig): Promise<void> => {
    const current = running.get(s.name);
    if (current !== undefined) return current;
    const p = poll(s).finally(() => running.delete(s.name));
    running.set(s.name, p);
    return p;
  };

  const enabled = sources.filter((s) => s.enabled);
  return {
    name: 'vuln-poller',
    async start() {
      for (const s of enabled) {
        void pollOnce(s);
        const t = setInterval(() => void pollOnce(s), s.intervalSeconds * 1000);
        t.unref();
        timers.push(t);
      }
    },
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.all(running.values());
    },
    async pollNow(name) {
      const s = enabled.find((x) => x.name === name);
      if (s !== undefined) await pollOnce(s);
    },
  };
}

/** The next window: from `since` to at most 120 days later (or now); the first pass has no window. */
function newPass(since: string | undefined, now: number): NonNullable<NvdPollState['pass']> {
  if (since === undefined) return { nextIndex: 0, startedAt: now };
  const start = Date.parse(since);
  const end = Math.min(now, start + (NVD_MAX_RANGE_DAYS - 1) * DAY);
  return { start: iso(start), end: iso(end), nextIndex: 0, startedAt: now };
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

function apiKeyHeader(s: VulnSourceConfig): Record<string, string> {
  const key = s.apiKeyEnv === undefined ? undefined : process.env[s.apiKeyEnv];
  return key === undefined || key === '' ? {} : { apiKey: key };
}

/** The MyJVN status block of a page (undefined when the document has none or cannot be read). */
function jvnStatus(s: VulnSourceConfig, text: string): JvnStatus | undefined {
  const r = s.kind === 'jvn-vuldef' ? readJvnVuldef(text) : readJvnRss(text);
  return r.ok ? r.value.status : undefined;
}

function withParam(url: string, name: string, value: string): string {
  const u = new URL(url);
  u.searchParams.set(name, value);
  return u.toString();
}

/** The paging header of an NVD page, read before the import checks the whole page. */
function pageHeader(text: string): { startIndex: number; totalResults: number; count: number } | undefined {
  try {
    const json = JSON.parse(text) as { startIndex?: unknown; totalResults?: unknown; vulnerabilities?: unknown };
    if (typeof json.startIndex !== 'number' || typeof json.totalResults !== 'number' || !Array.isArray(json.vulnerabilities)) return undefined;
    return { startIndex: json.startIndex, totalResults: json.totalResults, count: json.vulnerabilities.length };
  } catch {
    return undefined;
  }
}
