/**
 * How tests run the real `sakimori` executable as a subprocess: the compiled `dist/` when it is
 * at least as new as every source file (`npm test` builds it first), else the TypeScript sources
 * through tsx (slower: it transpiles on the fly).
 */
import { spawnSync, type SpawnSyncOptions, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './external.js';

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

let cached: readonly string[] | undefined;

/** Node arguments that start the CLI (append the command's own arguments). */
export function cliArgs(): readonly string[] {
  if (cached === undefined) {
    const dist = join(REPO_ROOT, 'dist', 'cli', 'main.js');
    const fresh = existsSync(dist) && statSync(dist).mtimeMs >= newestSource(join(REPO_ROOT, 'src'));
    cached = fresh ? [join(REPO_ROOT, 'bin', 'sakimori.js')] : ['--import', 'tsx', join(REPO_ROOT, 'src', 'cli', 'main.ts')];
  }
  return cached;
}

/** Runs `sakimori <args>` synchronously. */
export function runCliSync(args: readonly string[], options: SpawnSyncOptions = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [...cliArgs(), ...args], { cwd: REPO_ROOT, encoding: 'utf8', ...options }) as SpawnSyncReturns<string>;
}
