/** Feed configurations for tests: the schema's defaults with quick timeouts and no real waits. */
import type { FeedConfig } from '../../config.js';

/** A feed of `url` named `name`, with the schema's defaults except as overridden. */
export function testFeed(name: string, url: string, overrides: Partial<FeedConfig> = {}): FeedConfig {
  return {
    name,
    url,
    token: null,
    username: null,
    password: null,
    defaultMarking: 'amber',
    intervalSeconds: 3600,
    pageLimit: 1000,
    maxPages: 1000,
    maxBytes: 1073741824,
    timeoutMs: 5000,
    retries: 5,
    backoffMs: 1000,
    maxBackoffMs: 300000,
    enabled: true,
    ...overrides,
  };
}

/** Waits recorded instead of waited, so retry tests run at once and can check the delays. */
export function recordedSleep(): { readonly waits: number[]; readonly sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}
