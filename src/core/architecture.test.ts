/**
 * The import rule: every import of every `.ts` file under `src/` is checked against the table in
 * docs/architecture.md ("Import rule"), which this test reads, so the documented layering and the
 * code cannot drift apart. A part is the first folder under `src/`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../testing/external.js';

const SRC = join(REPO_ROOT, 'src');

/**
 * Imports the table does not allow yet, each removed by a point of issue 11. The list can only
 * shrink: an entry that no longer occurs fails the test until it is deleted here.
 */
const KNOWN_EXCEPTIONS: readonly { readonly from: string; readonly to: string; readonly removedBy: string }[] = [];

/** One row of the table: what a part's code may import, and what its tests may import as well. */
interface Rule {
  readonly mayImport: ReadonlySet<string> | 'every part';
  readonly testsMayImport: ReadonlySet<string>;
}

/** Parts named in a cell (`flow/`, `core/`…); `every part` allows all. */
function partsIn(cell: string): ReadonlySet<string> | 'every part' {
  if (/every part/.test(cell)) return 'every part';
  return new Set([...cell.matchAll(/`([a-z][a-z0-9-]*)\/`/g)].map((m) => m[1]!));
}

/** Reads the "Import rule" table of docs/architecture.md. */
function readRule(): Map<string, Rule> {
  const doc = readFileSync(join(REPO_ROOT, 'docs/architecture.md'), 'utf8');
  const section = /^## Import rule$([\s\S]*?)(?=^## )/m.exec(doc)?.[1];
  if (section === undefined) throw new Error('docs/architecture.md has no "## Import rule" section');
  const rules = new Map<string, Rule>();
  for (const line of section.split('\n')) {
    const cells = /^\|\s*`([a-z][a-z0-9-]*)\/`\s*\|(.*)\|(.*)\|\s*$/.exec(line);
    if (cells === null) continue;
    const tests = partsIn(cells[3]!);
    rules.set(cells[1]!, { mayImport: partsIn(cells[2]!), testsMayImport: tests === 'every part' ? new Set() : tests });
  }
  return rules;
}

/** Every `.ts` file under `src/`, relative to `src/`. */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') ? [relative(SRC, path)] : [];
  });
}

/** Files under `src/` that `file` imports: `import`, `import type`, `export … from`, `import()`. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(SRC, file), 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => relative(SRC, resolve(dirname(join(SRC, file)), spec)).replace(/\.js$/, '.ts'))
    .filter((target) => !target.startsWith('..'));
}

const partOf = (file: string): string => file.split('/')[0]!;
const isTest = (file: string): boolean => file.endsWith('.test.ts') || file.split('/').includes('testing');

/** Imports from one part into another that the table does not allow, as `file → imported file`. */
function forbiddenImports(rules: ReadonlyMap<string, Rule>): string[] {
  const out: string[] = [];
  for (const file of sourceFiles()) {
    const from = partOf(file);
    const rule = rules.get(from);
    for (const target of importsOf(file)) {
      const to = partOf(target);
      if (to === from || rule === undefined) continue;
      if (rule.mayImport === 'every part' || rule.mayImport.has(to)) continue;
      // Tests of every part may use the shared test support (external peers, the repository root).
      if (isTest(file) && (to === 'testing' || rule.testsMayImport.has(to))) continue;
      out.push(`${file} → ${target}`);
    }
  }
  return out.sort();
}

describe('import rule (docs/architecture.md, "Import rule")', () => {
  const rules = readRule();

  it('has one row for every part under src/, and none for a part that does not exist', () => {
    const parts = readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect([...rules.keys()].sort()).toEqual(parts);
  });

  it('names only existing parts in the table', () => {
    for (const [part, rule] of rules) {
      const named = [...(rule.mayImport === 'every part' ? [] : rule.mayImport), ...rule.testsMayImport];
      for (const p of named) expect(rules.has(p), `${part}/ names ${p}/, which has no row`).toBe(true);
    }
  });

  it('is kept by every import, apart from the known exceptions', () => {
    const known = new Set(KNOWN_EXCEPTIONS.map((e) => `${e.from} → ${e.to}`));
    const found = forbiddenImports(rules);
    expect(
      found.filter((f) => !known.has(f)),
      'imports the table forbids (see docs/architecture.md, "Import rule")',
    ).toEqual([]);
    expect(
      [...known].filter((k) => !found.includes(k)),
      'known exceptions that no longer occur: delete them from KNOWN_EXCEPTIONS',
    ).toEqual([]);
  });

  it('sees every kind of import', () => {
    const written = [
      "import { a } from '../flow/a.js';",
      "import type { B } from '../bus/b.js';",
      "export { c } from '../storage/c.js';",
      "export * from '../registry/d.js';",
      "const e = await import('../intel/e.js');",
      "import '../events/f.js';",
      "import {\n  g,\n  type H,\n} from '../api/g.js';",
    ].join('\n');
    const seen = ts.preProcessFile(written, true, true).importedFiles.map((f) => f.fileName);
    expect(seen).toEqual(['../flow/a.js', '../bus/b.js', '../storage/c.js', '../registry/d.js', '../intel/e.js', '../events/f.js', '../api/g.js']);
  });
});
