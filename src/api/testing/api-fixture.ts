/**
 * The full platform for API tests: `buildPlatform` (as `sakimori serve` builds it) on a temporary
 * SQLite database — or the PostgreSQL of `TEST_PG_URL` in a fresh schema — with every listener on
 * a loopback port 0, the demo organisations registered, and one account per role signed in.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildPlatform, type Platform } from '../../cli/platform.js';
import { ManualClock, systemClock, type Clock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { createMetricsRegistry } from '../../core/metrics.js';
import type { Role } from '../../core/roles.js';
import { loadConfig } from '../../config/load.js';
import { seedDemo } from '../../registry/seed.js';
import { TEST_PG_URL } from '../../testing/external.js';

/** An HTTP answer from `inject`. */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
  readonly headers: Record<string, unknown>;
}

/** A signed-in test user. */
export interface TestUser {
  readonly id: string;
  readonly username: string;
  readonly password: string;
  readonly roles: readonly Role[];
  cookie: string;
  csrf: string;
}

/** The running platform and helpers. */
export interface ApiFixture {
  readonly platform: Platform;
  readonly clock: Clock;
  readonly orgs: { readonly airline: string; readonly bank: string };
  readonly users: Record<string, TestUser>;
  /** Sends a request as `user` (cookie + CSRF header) or anonymously. */
  call(user: Pick<TestUser, 'cookie' | 'csrf'> | undefined, method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
  /** Signs in and returns the session cookie and CSRF token. */
  signIn(username: string, password: string): Promise<{ cookie: string; csrf: string; answer: Answer }>;
  /** Stops the platform and builds it again over the same database and data directory, as a process restart would. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** One account per role, plus an operator of another organisation and a second and third commission member. */
export const FIXTURE_ACCOUNTS: readonly { username: string; roles: Role[]; org?: 'airline' | 'bank'; sector?: string }[] = [
  { username: 'analyst', roles: ['nco_analyst'] },
  { username: 'officer', roles: ['designated_officer'] },
  { username: 'defence', roles: ['defence_operator'] },
  { username: 'commission1', roles: ['commission_member'] },
  { username: 'commission2', roles: ['commission_member'] },
  { username: 'commission3', roles: ['commission_member'] },
  { username: 'airline', roles: ['operator_reporter'], org: 'airline' },
  { username: 'bank', roles: ['operator_reporter'], org: 'bank' },
  { username: 'regulator', roles: ['sector_regulator'], sector: 'aviation' },
  { username: 'auditor', roles: ['auditor'] },
  { username: 'partner', roles: ['partner'] },
  { username: 'admin', roles: ['admin'] },
];

async function pgSchemaUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `sakimori_api_${randomBytes(6).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: TEST_PG_URL });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(`create schema ${schema}`);
  const u = new URL(TEST_PG_URL);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return { url: u.toString(), drop: () => admin(`drop schema ${schema} cascade`) };
}

/** Builds and starts the platform, registers the demo organisations and signs every fixture account in. */
export async function startApiFixture(options: { dialect?: 'sqlite' | 'postgres'; manualClock?: boolean; overrides?: Record<string, unknown>; listen?: boolean } = {}): Promise<ApiFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sakimori-api-'));
  const pgTarget = options.dialect === 'postgres' ? await pgSchemaUrl() : undefined;
  const clock: Clock = options.manualClock === true ? new ManualClock(Date.UTC(2026, 4, 1, 9)) : systemClock;
  const { api: apiOverrides, ...otherOverrides } = (options.overrides ?? {}) as { api?: Record<string, unknown> };
  const config = loadConfig({
    env: {},
    overrides: {
      dataDir,
      log: { level: 'silent' },
      // Listeners on loopback port 0 whatever the test overrides: tests run in parallel.
      api: { ...apiOverrides, listen: '127.0.0.1:0', metrics: { listen: '127.0.0.1:0' }, enabled: options.listen !== false, webRoot: join(dataDir, 'no-console') },
      collector: { netflow: { listen: ['127.0.0.1:0'] }, sflow: { listen: ['127.0.0.1:0'] }, trafficLogSeconds: 0 },
      ...(pgTarget === undefined ? {} : { storage: { url: pgTarget.url } }),
      ...otherOverrides,
    },
  });
  // Built exactly as `serve` builds it; the fixture only adds what it seeds.
  const build = (): Promise<Platform> => buildPlatform(config, { clock, logger: silentLogger(), metrics: createMetricsRegistry() });
  // Detection learns the networks now rather than at the next periodic sync.
  const learnNetworks = async (p: Platform): Promise<void> => p.detector.setNetworks(await p.registry.networks.listForDetection());
  let platform = await build();
  await seedDemo(platform.registry);
  await learnNetworks(platform);
  const airline = (await platform.registry.organizations.findByName('Aozora Airlines'))!.id;
  const bank = (await platform.registry.organizations.findByName('Minato Bank'))!.id;
  const call: ApiFixture['call'] = async (user, method, url, body, headers = {}) => {
    const r = await platform.api.app.inject({
      method: method as 'GET',
      url,
      headers: { ...(user === undefined ? {} : { cookie: user.cookie, 'x-csrf-token': user.csrf }), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    let parsed: unknown = undefined;
    try {
      parsed = r.body === '' ? undefined : JSON.parse(r.body);
    } catch {
      parsed = undefined;
    }
    return { status: r.statusCode, body: parsed, text: r.body, headers: r.headers as Record<string, unknown> };
  };
  const signIn: ApiFixture['signIn'] = async (username, password) => {
    const answer = await call(undefined, 'POST', '/api/v1/auth/sign-in', { username, password });
    const set = String(answer.headers['set-cookie'] ?? '');
    const cookie = set.split(';')[0] ?? '';
    return { cookie, csrf: (answer.body as { csrfToken?: string } | undefined)?.csrfToken ?? '', answer };
  };
  const users: Record<string, TestUser> = {};
  for (const a of FIXTURE_ACCOUNTS) {
    const password = `${a.username}-test-password`;
    const u = await platform.api.accounts.createUser('cli', {
      username: a.username,
      password,
      roles: a.roles,
      organizationId: a.org === 'airline' ? airline : a.org === 'bank' ? bank : null,
      sector: a.sector ?? null,
    });
    const s = await signIn(a.username, password);
    if (s.answer.status !== 200) throw new Error(`sign-in of ${a.username} failed: ${s.answer.text}`);
    users[a.username] = { id: u.id, username: a.username, password, roles: a.roles, cookie: s.cookie, csrf: s.csrf };
  }
  return {
    get platform() {
      return platform;
    },
    clock,
    orgs: { airline, bank },
    users,
    call,
    signIn,
    async restart() {
      await platform.life.stop();
      platform = await build();
      await learnNetworks(platform);
    },
    async stop() {
      await platform.life.stop();
      await pgTarget?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
