/**
 * `npm run typecheck` checks every TypeScript file of the repository: each one belongs to one of
 * the projects the script names (the server with its tests, testing/, bench/, scripts/ and the tool
 * configs; the console; the browser tests and the console's unit tests). A file no project includes
 * would never be type-checked, and nothing else would say so.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('..', import.meta.url));

/** What `.gitignore` keeps out of the repository, plus hidden folders (`.git`, Stryker sandboxes). */
const IGNORED_DIRS = new Set(['node_modules', 'dist', 'data', 'artifacts', 'coverage']);
const ignoredDir = (name: string): boolean => IGNORED_DIRS.has(name) || name.startsWith('.') || name.startsWith('tmp-');
const TYPESCRIPT = /\.(?:ts|tsx|mts|cts)$/;

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!ignoredDir(entry.name)) found.push(...sourceFiles(path));
    } else if (TYPESCRIPT.test(entry.name) && !entry.name.endsWith('.tmp.ts')) {
      found.push(path);
    }
  }
  return found;
}

/** The `-p <tsconfig>` projects of the `typecheck` script, in order. */
function typecheckProjects(): string[] {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const script = pkg.scripts.typecheck ?? '';
  return [...script.matchAll(/tsc -p (\S+)/g)].map((m) => m[1] ?? '');
}

function projectFiles(project: string): string[] {
  const diagnostics: ts.Diagnostic[] = [];
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => diagnostics.push(d),
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(resolve(repo, project), {}, host);
  expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  return parsed?.fileNames.map((f) => resolve(f)) ?? [];
}

describe('typecheck', () => {
  it('runs the server, console and browser-test projects', () => {
    expect(typecheckProjects()).toEqual(['tsconfig.json', 'web/tsconfig.json', 'web/e2e/tsconfig.json']);
  });

  it('includes every TypeScript file of the repository in one of its projects', () => {
    const covered = new Set(typecheckProjects().flatMap(projectFiles));
    const missed = sourceFiles(repo)
      .filter((f) => !covered.has(f))
      .map((f) => relative(repo, f));
    expect(missed).toEqual([]);
  });

  it('checks the JavaScript tool configs and the launcher too', () => {
    const covered = new Set(projectFiles('tsconfig.json').map((f) => relative(repo, f)));
    const tools = ['stryker.config.mjs', 'stryker.mutate.config.mjs', 'bin/sakimori.js'];
    expect(tools.filter((f) => !covered.has(f))).toEqual([]);
  });
});
