/**
 * Loading scenario files: YAML text → schema check (TypeBox) → checks and defaults
 * (`scenario-resolve.ts`) → a frozen {@link Scenario}. Every problem is reported with the file,
 * the line and the field, e.g. `scenarios/x.yaml:12: attacks[1].rate: must be a positive number`.
 *
 * Pure: takes text; reading files is `scenario-file.ts`.
 *
 * @example
 * ```ts
 * const scenario = parseScenario(text, 'scenarios/syn-flood-2x.yaml');
 * const sim = createSimulation(scenario);
 * ```
 */
import Value from 'typebox/value';
import { LineCounter, parseDocument } from 'yaml';
import { ERR_SCENARIO_INVALID, ScenarioIssue, lineOf, scenarioError, type DocPath } from './scenario-errors.js';
import { resolveScenario, type ResolveOptions } from './scenario-resolve.js';
import { ScenarioSchema, type ScenarioFile } from './scenario-schema.js';
import type { Scenario } from './scenario-types.js';

/** Options for {@link parseScenario}. */
export type ParseScenarioOptions = ResolveOptions;

/** Parses and validates scenario YAML; `source` names the file in error messages. */
export function parseScenario(text: string, source = '<inline>', options: ParseScenarioOptions = {}): Scenario {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = lc.linePos(e.pos[0]).line;
    throw new ERR_SCENARIO_INVALID(`${source}:${line}: ${e.message.split('\n')[0]}`);
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ERR_SCENARIO_INVALID(`${source}:1: (root): the file must hold a mapping of scenario fields`);
  }
  if (!Value.Check(ScenarioSchema, raw)) {
    const { path, message } = firstSchemaProblem(raw, (p) => lineOf(doc, lc, p));
    throw scenarioError(source, doc, lc, path, message);
  }
  try {
    return deepFreeze(resolveScenario(raw as ScenarioFile, source, options));
  } catch (e) {
    if (e instanceof ScenarioIssue) throw scenarioError(source, doc, lc, e.path, e.message);
    throw e;
  }
}

interface SchemaError {
  readonly keyword: string;
  readonly schemaPath: string;
  readonly instancePath: string;
  readonly params: Record<string, unknown>;
  readonly message: string;
}

function toPath(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Picks the problem to report: the earliest in the file, the most specific at that place. */
function firstSchemaProblem(raw: unknown, lineOfPath: (p: DocPath) => number): { path: DocPath; message: string } {
  const errors = [...Value.Errors(ScenarioSchema, raw)] as unknown as SchemaError[];
  const candidates: { path: DocPath; message: string; line: number; depth: number }[] = [];
  for (const e of errors) {
    if (e.keyword === 'boolean' || e.keyword === 'anyOf') continue;
    let path: DocPath = toPath(e.instancePath);
    let message = describe(e);
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params.additionalProperties as string[] | undefined)?.[0] ?? '?';
      path = [...path, extra];
      message = 'unknown field';
    } else if (e.keyword === 'required') {
      const missing = (e.params.requiredProperties as string[] | undefined)?.[0] ?? '?';
      path = [...path, missing];
      message = 'is required';
    }
    candidates.push({ path, message, line: lineOfPath(path), depth: path.length });
  }
  candidates.sort((a, b) => a.line - b.line || b.depth - a.depth);
  return candidates[0] ?? { path: [], message: 'is not a valid scenario' };
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  integer: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
};

/** The sub-schema of {@link ScenarioSchema} at a JSON pointer such as `#/properties/attacks/items`. */
function schemaAt(pointer: string): unknown {
  let node: unknown = ScenarioSchema;
  for (const seg of pointer
    .replace(/^#\/?/, '')
    .split('/')
    .filter((x) => x.length > 0)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function describe(e: SchemaError): string {
  const p = e.params;
  switch (e.keyword) {
    case 'type':
      return `must be ${TYPE_NAMES[String(p.type)] ?? String(p.type)}`;
    case 'exclusiveMinimum':
      return p.limit === 0 ? 'must be a positive number' : `must be greater than ${String(p.limit)}`;
    case 'minimum':
      return `must be at least ${String(p.limit)}`;
    case 'maximum':
      return `must be at most ${String(p.limit)}`;
    case 'minItems':
      return p.limit === 1 ? 'must not be empty' : `must have at least ${String(p.limit)} items`;
    case 'maxItems':
      return `must have at most ${String(p.limit)} items`;
    case 'minLength':
      return 'must not be empty';
    case 'const': {
      // A union of literals: list every allowed value from the schema itself.
      const union = schemaAt(e.schemaPath.replace(/\/anyOf\/\d+$/, '')) as { anyOf?: { const?: unknown }[] } | undefined;
      const allowed = union?.anyOf?.map((x) => x.const).filter((x) => x !== undefined) ?? [e.params.allowedValue];
      return `must be one of: ${allowed.map(String).join(', ')}`;
    }
    default:
      return e.message;
  }
}

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null && !Object.isFrozen(o) && !ArrayBuffer.isView(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
