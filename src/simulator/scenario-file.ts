/**
 * Reading scenario files from disk, including the built-in ones in the repository's `scenarios/`
 * folder, which can be named without path or extension (`sakimori simulate demo`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScenario, type ParseScenarioOptions } from './scenario.js';
import { ERR_SCENARIO_UNREADABLE } from './scenario-errors.js';
import type { Scenario } from './scenario-types.js';

/** The built-in scenarios folder (`<repo>/scenarios`, from both `src/` and `dist/`). */
export const BUILTIN_SCENARIOS = resolve(fileURLToPath(new URL('../../scenarios', import.meta.url)));

/** Resolves a path or built-in name (`demo`, `demo.yaml`) to a file path. */
export function resolveScenarioPath(nameOrPath: string): string {
  if (existsSync(nameOrPath)) return nameOrPath;
  for (const candidate of [nameOrPath, `${nameOrPath}.yaml`]) {
    const p = join(BUILTIN_SCENARIOS, candidate);
    if (!candidate.includes('/') && existsSync(p)) return p;
  }
  return nameOrPath;
}

/** Reads and validates a scenario file; errors name the file (relative to the working directory), line and field. */
export function loadScenarioFile(nameOrPath: string, options: ParseScenarioOptions = {}): Scenario {
  const path = resolveScenarioPath(nameOrPath);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ERR_SCENARIO_UNREADABLE(nameOrPath, (e as Error).message, { cause: e });
  }
  const shown = relative(process.cwd(), resolve(path));
  return parseScenario(text, shown.startsWith('..') ? path : shown, options);
}
