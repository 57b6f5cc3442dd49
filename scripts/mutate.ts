/**
 * Mutation testing of the rule modules and the flow decoders (StrykerJS with the vitest runner), each module against the
 * tests of its part: `npm run mutate [-- --only <substring>]`. Prints, per module, the mutation
 * score over every mutant and over the mutants that do more than change an error message (a mutant
 * inside the arguments of `new ERR_…(…)` or `new Error(…)` only changes text a person reads, not
 * what the rule decides), lists the surviving non-message mutants, and exits non-zero when a module
 * kills fewer than 90 % of them. `--rescore` scores the reports of the last run again without
 * running StrykerJS (each module's report is kept as artifacts/mutation/<module>.json).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import ts from 'typescript';

/** The rule modules and the tests of their parts. */
/**
 * `ignoreStatic`: leave out mutants of code run when the module is imported (a table built at load).
 * Such a mutant makes the import throw, every test file importing the module then fails to load,
 * and the vitest runner reports the mutant as survived although every one of those files failed.
 */
const MODULES: readonly { readonly file: string; readonly tests: readonly string[]; readonly ignoreStatic?: boolean }[] = [
  { file: 'src/operations/policy/request-policy.ts', tests: ['src/operations/**/*.test.ts'] },
  { file: 'src/operations/policy/derive-targets.ts', tests: ['src/operations/**/*.test.ts'] },
  { file: 'src/operations/requests/guards.ts', tests: ['src/operations/**/*.test.ts'] },
  { file: 'src/operations/catalogue/special-purpose.ts', tests: ['src/operations/**/*.test.ts'], ignoreStatic: true },
  { file: 'src/operations/requests/approval.ts', tests: ['src/operations/**/*.test.ts'] },
  { file: 'src/oversight/access/access-guard.ts', tests: ['src/oversight/access/**/*.test.ts', 'src/oversight/oversight.test.ts'] },
  { file: 'src/oversight/access/scope.ts', tests: ['src/oversight/access/**/*.test.ts', 'src/oversight/oversight.test.ts'] },
  { file: 'src/oversight/audit/merkle/verify.ts', tests: ['src/oversight/audit/**/*.test.ts'] },
  { file: 'src/oversight/audit/merkle/subtree-verify.ts', tests: ['src/oversight/audit/**/*.test.ts'] },
  { file: 'src/oversight/audit/merkle/verdict.ts', tests: ['src/oversight/audit/**/*.test.ts'] },
  { file: 'src/oversight/audit/export/checkpoint-check.ts', tests: ['src/oversight/audit/**/*.test.ts', 'src/cli/commands/audit.test.ts'] },
  { file: 'src/oversight/audit/export/verify-checkpoints.ts', tests: ['src/oversight/audit/**/*.test.ts', 'src/cli/commands/audit.test.ts'] },
  { file: 'src/oversight/audit/export/verify-export.ts', tests: ['src/oversight/audit/**/*.test.ts', 'src/cli/commands/audit.test.ts'] },
  // The flow decoders: what reaches detection is only as right as what they accept and refuse.
  { file: 'src/flow/netflow-v9/netflow-v9-decoder.ts', tests: ['src/flow/**/*.test.ts'] },
  { file: 'src/flow/ipfix/ipfix-decoder.ts', tests: ['src/flow/**/*.test.ts'] },
  { file: 'src/flow/sflow/sflow-decoder.ts', tests: ['src/flow/**/*.test.ts'] },
];

const REPORT = 'artifacts/mutation/mutation.json';
const TARGET = 0.9;

interface Mutant {
  readonly id: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly location: { readonly start: { readonly line: number; readonly column: number }; readonly end: { readonly line: number; readonly column: number } };
}

/**
 * Character ranges of message text: the arguments of error constructions (`new ERR_X(…)`,
 * `new Error(…)`, minus an options object with `details`), and the arguments a call passes to a
 * parameter of a function of the same file that uses it only inside such arguments (a `what` or
 * `why` handed on to the error it may throw).
 */
function messageRanges(source: string): [number, number][] {
  const sf = ts.createSourceFile('m.ts', source, ts.ScriptTarget.Latest, true);
  const out: [number, number][] = [];
  const errorArgs = (n: ts.Node): void => {
    if (ts.isNewExpression(n) && /^(ERR_[A-Z0-9_]+|Error|RangeError|TypeError)$/.test(n.expression.getText(sf)) && n.arguments !== undefined) {
      for (const a of n.arguments) {
        // An options object with `details` carries data an API answer shows: not message text.
        if (ts.isObjectLiteralExpression(a) && a.properties.some((p) => p.name?.getText(sf) === 'details')) continue;
        out.push([a.getStart(sf), a.getEnd()]);
      }
    }
    ts.forEachChild(n, errorArgs);
  };
  errorArgs(sf);
  const inMessage = (n: ts.Node): boolean => out.some(([s, e]) => n.getStart(sf) >= s && n.getEnd() <= e);
  // Parameters used only in messages, by function name and position.
  const messageParams = new Map<string, Set<number>>();
  const functions = (n: ts.Node): void => {
    if (ts.isFunctionDeclaration(n) && n.name !== undefined && n.body !== undefined) {
      n.parameters.forEach((p, i) => {
        const name = p.name.getText(sf);
        const uses: ts.Node[] = [];
        const find = (x: ts.Node): void => {
          if (ts.isIdentifier(x) && x.text === name && x !== p.name) uses.push(x);
          ts.forEachChild(x, find);
        };
        find(n.body!);
        if (uses.length > 0 && uses.every(inMessage)) {
          const set = messageParams.get(n.name!.text) ?? new Set<number>();
          set.add(i);
          messageParams.set(n.name!.text, set);
        }
      });
    }
    ts.forEachChild(n, functions);
  };
  functions(sf);
  const calls = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) {
      const params = messageParams.get(n.expression.text);
      if (params !== undefined) n.arguments.forEach((a, i) => params.has(i) && out.push([a.getStart(sf), a.getEnd()]));
    }
    ts.forEachChild(n, calls);
  };
  calls(sf);
  return out;
}

function offsetOf(source: string, line: number, column: number): number {
  let off = 0;
  for (let l = 1; l < line; l++) off = source.indexOf('\n', off) + 1;
  return off + column - 1;
}

const { values } = parseArgs({ options: { only: { type: 'string' }, rescore: { type: 'boolean', default: false } } });
const chosen = MODULES.filter((m) => values.only === undefined || m.file.includes(values.only));
const rows: string[] = [];
const survivors: string[] = [];
let failed = false;
for (const m of chosen) {
  const kept = `artifacts/mutation/${m.file.replace(/[/.]/g, '_')}.json`;
  if (!values.rescore) {
    process.stdout.write(`\n== ${m.file}\n`);
    const run = spawnSync('npx', ['stryker', 'run', 'stryker.mutate.config.mjs', '--mutate', m.file, ...(m.ignoreStatic === true ? ['--ignoreStatic'] : [])], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, SAKIMORI_MUTATE_TESTS: m.tests.join(',') },
    });
    if (run.status !== 0) {
      failed = true;
      rows.push(`| ${m.file} | stryker failed (exit ${run.status}) | | | |`);
      continue;
    }
    copyFileSync(REPORT, kept);
  } else if (!existsSync(kept)) {
    rows.push(`| ${m.file} | no report kept | | | |`);
    continue;
  }
  const report = JSON.parse(readFileSync(kept, 'utf8')) as { files: Record<string, { source: string; mutants: Mutant[] }> };
  const entry = Object.entries(report.files).find(([f]) => f.endsWith(m.file))?.[1];
  if (entry === undefined) throw new Error(`no report for ${m.file}`);
  const ranges = messageRanges(entry.source);
  const isMessage = (x: Mutant): boolean => {
    const a = offsetOf(entry.source, x.location.start.line, x.location.start.column);
    const b = offsetOf(entry.source, x.location.end.line, x.location.end.column);
    return ranges.some(([s, e]) => a >= s && b <= e);
  };
  const counted = (xs: Mutant[]) => xs.filter((x) => x.status !== 'CompileError' && x.status !== 'RuntimeError' && x.status !== 'Ignored');
  const all = counted(entry.mutants);
  const logic = all.filter((x) => !isMessage(x));
  const killed = (xs: Mutant[]) => xs.filter((x) => x.status === 'Killed' || x.status === 'Timeout').length;
  const score = (xs: Mutant[]) => (xs.length === 0 ? 1 : killed(xs) / xs.length);
  const ok = score(logic) >= TARGET;
  failed ||= !ok;
  rows.push(`| ${m.file} | ${all.length} | ${(score(all) * 100).toFixed(1)} % | ${logic.length} | ${(score(logic) * 100).toFixed(1)} % ${ok ? '' : '(below 90 %)'} |`);
  for (const x of logic.filter((y) => y.status === 'Survived' || y.status === 'NoCoverage')) {
    survivors.push(`${m.file}:${x.location.start.line}:${x.location.start.column} ${x.status} ${x.mutatorName} → ${JSON.stringify(x.replacement ?? '')}`);
  }
}
process.stdout.write(`\n| module | mutants | score | non-message mutants | non-message score |\n|---|---|---|---|---|\n${rows.join('\n')}\n`);
if (survivors.length > 0) process.stdout.write(`\nSurviving non-message mutants:\n${survivors.map((s) => `  ${s}`).join('\n')}\n`);
process.exitCode = failed ? 1 : 0;
