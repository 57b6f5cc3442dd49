/**
 * The composition roots pass every interval and limit from the configuration: a `create…` call in
 * `cli/platform.ts` or in the API's composition (`api/platform-api.ts`) that receives a literal
 * number — `createStatsWriter(60_000, …)`, `{ intervalMs: 10_000 }` — fails here, so a new one
 * cannot slip in with a number nobody can configure.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOTS = ['src/cli/platform.ts', 'src/api/platform-api.ts'];

/** Name of a call's callee when it is `createX(…)` or `X.create(…)`/`x.createY(…)`. */
function createName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name !== undefined && /^create([A-Z]|$)/.test(name) ? name : undefined;
}

/** Every literal number an argument of a `create…` call holds, anywhere inside it, as `file:line create…(literal)`. */
function literalNumbersInCreateCalls(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const name = createName(node);
      if (name !== undefined) {
        const inArgument = (n: ts.Node): void => {
          if (ts.isNumericLiteral(n) || ts.isBigIntLiteral(n)) {
            const { line } = source.getLineAndCharacterOfPosition(n.getStart(source));
            found.push(`${fileName}:${line + 1} ${name}(… ${n.getText(source)} …)`);
          }
          ts.forEachChild(n, inArgument);
        };
        for (const arg of node.arguments) inArgument(arg);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('composition roots', () => {
  it('pass no literal number to a create… call: intervals and limits come from the configuration', () => {
    const found = ROOTS.flatMap((file) => literalNumbersInCreateCalls(file, readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')));
    expect(found).toEqual([]);
  });

  it('find literal numbers however a create… call receives them', () => {
    const text = [
      'life.add(createStatsWriter(60_000, { ...deps, store }));',
      'life.add(createNetworkSync(store, targets, { ...deps, intervalMs: 10_000 }));',
      'const m = createTrafficMeter(options.ms ?? 10_000, deps);',
      'const s = BgpSpeaker.create(config.bgp, { ...deps, holdSeconds: [90][0] });',
      'const fine = createTrafficMeter(config.collector, deps);',
      'const notACreate = setInterval(tick, 1000);',
    ].join('\n');
    expect(literalNumbersInCreateCalls('example.ts', text)).toEqual([
      'example.ts:1 createStatsWriter(… 60_000 …)',
      'example.ts:2 createNetworkSync(… 10_000 …)',
      'example.ts:3 createTrafficMeter(… 10_000 …)',
      'example.ts:4 create(… 90 …)',
      'example.ts:4 create(… 0 …)',
    ]);
  });
});
