/**
 * Full-stack harness of the browser tests and the console benchmark: the real platform built
 * in-process (`buildPlatform`, as `sakimori serve` builds it) on a temporary SQLite database with
 * every listener on a loopback port 0, the built console in `web/dist`, and Debian's chromium
 * driven through playwright-core.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildPlatform, demoOverrides, type Platform } from '../../src/cli/platform.js';
import { systemClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { createMetricsRegistry } from '../../src/core/metrics.js';
import { loadConfig } from '../../src/config/load.js';

/** Where Debian installs chromium. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless flags: no sandbox (containers), no GPU, no network chatter of its own. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Directory the tests write screenshots to. */
export const SCREENSHOTS = join(REPO, 'artifacts', 'screenshots');

/** A running platform with its console. */
export interface TestServer {
  readonly url: string;
  readonly platform: Platform;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** Builds `web/dist` when it is missing (a test run straight after `npm ci`). */
export async function ensureConsoleBuilt(): Promise<void> {
  if (existsSync(join(REPO, 'web', 'dist', 'index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: join(REPO, 'web', 'vite.config.ts'), logLevel: 'warn' });
}

/** Starts the platform on a temporary data directory; `demo` seeds organisations, accounts and the simulated attack. */
export async function startServer(options: { demo?: boolean; overrides?: Record<string, unknown> } = {}): Promise<TestServer> {
  await ensureConsoleBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'sakimori-e2e-'));
  const demo = options.demo ?? true;
  const config = loadConfig({
    env: {},
    overrides: {
      ...(demo ? demoOverrides() : {}),
      dataDir,
      log: { level: 'warn' },
      api: { listen: '127.0.0.1:0', metrics: { listen: '127.0.0.1:0' } },
      collector: { netflow: { listen: ['127.0.0.1:0'] }, sflow: { listen: ['127.0.0.1:0'] }, trafficLogSeconds: 0 },
      ...options.overrides,
    },
  });
  const logger = createLogger({ level: process.env.SAKIMORI_E2E_LOG ?? 'warn' });
  const platform = await buildPlatform(config, { clock: systemClock, logger, metrics: createMetricsRegistry() }, { demo });
  const url = platform.api.urls[0];
  if (url === undefined) throw new Error('the API did not bind');
  return {
    url,
    platform,
    dataDir,
    async stop() {
      await platform.life.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Launches headless chromium (a fresh profile per launch). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Password of a demo account. */
export const demoPassword = (username: string): string => `${username}-demo-pass`;

/** Opens a new browser context (own cookies) and signs in through the form. */
export async function signIn(browser: Browser, url: string, username: string, password = demoPassword(username)): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, baseURL: url });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('whoami').waitFor();
  return page;
}

/** Writes a full-page screenshot to `artifacts/screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  // From the top, so the sticky sidebar sits where a reader expects it.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Fetches JSON from the API with the page's session cookie (to compare what the page shows with the API). */
export async function apiJson<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(`/api/v1${path}`);
  if (!res.ok()) throw new Error(`GET ${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}
