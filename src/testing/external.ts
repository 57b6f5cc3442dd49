/**
 * Test helpers for tests that need something outside the repository: a Debian tool (tshark,
 * pmacctd, gobgpd…), the shared fixtures in `../shared/fixtures`, or a service (PostgreSQL, NATS).
 *
 * On a user's machine such a test is skipped with a clear message when the dependency is absent.
 * With `SAKIMORI_REQUIRE_EXTERNAL=1` (set by `.ci/run`) a missing dependency fails the test instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

/** True when CI demands that every external dependency is present. */
export const REQUIRE_EXTERNAL = process.env.SAKIMORI_REQUIRE_EXTERNAL === '1';

/** Repository root. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * The shared fixtures folder, beside the repository; `SKM_SHARED_FIXTURES` names it for a copy of the
 * repository that runs elsewhere (mutation testing). Not `SAKIMORI_*`: those are configuration keys.
 */
export const SHARED_FIXTURES = process.env.SKM_SHARED_FIXTURES ?? resolve(REPO_ROOT, '..', 'shared', 'fixtures');

const toolCache = new Map<string, boolean>();

/** True when `command` is on PATH (or is an existing absolute path). */
export function hasTool(command: string): boolean {
  let v = toolCache.get(command);
  if (v === undefined) {
    v = command.startsWith('/') ? existsSync(command) : spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
    toolCache.set(command, v);
  }
  return v;
}

/** True when the shared fixtures folder exists. */
export function hasSharedFixtures(): boolean {
  return existsSync(SHARED_FIXTURES);
}

/** Resolves a path inside the shared fixtures folder. */
export function sharedFixture(...parts: string[]): string {
  return resolve(SHARED_FIXTURES, ...parts);
}

/** Resolves whether a TCP service answers on host:port within `timeoutMs`. */
export function tcpAvailable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((done) => {
    const s = connect({ host, port });
    const t = setTimeout(() => {
      s.destroy();
      done(false);
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(t);
      s.destroy();
      done(true);
    });
    s.once('error', () => {
      clearTimeout(t);
      done(false);
    });
  });
}

/** PostgreSQL URL for tests (`SAKIMORI_TEST_PG_URL`, default the local `test` database). */
export const TEST_PG_URL = process.env.SAKIMORI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** NATS URL for tests. */
export const TEST_NATS_URL = process.env.SAKIMORI_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/**
 * `describe` that runs only when every named dependency is available. `missing` lists what is
 * absent (empty when all present). When something is missing: skipped with a message, or — under
 * `SAKIMORI_REQUIRE_EXTERNAL=1` — a failing test that names what is missing.
 */
export function describeExternal(name: string, missing: readonly string[], fn: () => void): void {
  if (missing.length === 0) {
    describe(name, fn);
    return;
  }
  const why = `needs ${missing.join(', ')}`;
  if (REQUIRE_EXTERNAL) {
    describe(name, () => {
      it(`has its external dependencies (${why})`, () => {
        throw new Error(`${name}: ${why}, and SAKIMORI_REQUIRE_EXTERNAL=1 forbids skipping`);
      });
    });
    return;
  }
  process.stderr.write(`[skip] ${name}: ${why}\n`);
  describe.skip(`${name} (skipped: ${why})`, fn);
}

/** Names of the tools in `tools` that are not installed. */
export function missingTools(...tools: string[]): string[] {
  return tools.filter((t) => !hasTool(t));
}

/** `['../shared/fixtures']` when the shared fixtures are absent, else `[]`. */
export function missingFixtures(): string[] {
  return hasSharedFixtures() ? [] : ['../shared/fixtures'];
}
