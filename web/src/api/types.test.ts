/**
 * The console's API types (`types.ts`) against the OpenAPI document the server serves: every
 * exported type is checked, field by field, against the schema of the answer it describes. Every
 * field the server sends is in the console's type; a field the server may leave out is optional
 * there; every kind of value the server may send (string, number, boolean, null, array, object) is
 * one the console's type admits; a literal the console names is one the server may send. The
 * console may be more careful than the server — a field optional although always sent, `null`
 * admitted although never sent, a literal union narrower than the schema's — but a field added,
 * made optional or nullable on the server without the console fails here. The value lists the
 * console offers (protocol classes, evidence kinds, purposes) are the server's.
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from '../../../src/api/testing/api-fixture.js';
import { INCIDENT_CATEGORIES as SERVER_INCIDENT_CATEGORIES, INCIDENT_REGIMES as SERVER_INCIDENT_REGIMES, LINK_KINDS as SERVER_LINK_KINDS } from '../../../src/cooperation/incidents/index.js';
import { PURPOSES as SERVER_PURPOSES } from '../../../src/oversight/access/purpose.js';
import { ASSET_ROLES, ASSET_STATUSES, CLASS_NAMES, EVIDENCE_KINDS, INCIDENT_CATEGORIES, INCIDENT_REGIMES, INCIDENT_STATES, LINK_KINDS, NOTIFICATION_STATES, PURPOSES } from './types.js';

type Json = Record<string, unknown>;

/** Which answer each type of `types.ts` describes: a type expression over `T` and an operation. */
const ANSWERS: readonly { readonly type: string; readonly operation: string }[] = [
  { type: 'T.Session', operation: 'GET /api/v1/auth/session' },
  { type: 'T.Page<T.Attack>', operation: 'GET /api/v1/attacks' },
  { type: 'T.AttackDetail', operation: 'GET /api/v1/attacks/{id}' },
  { type: 'T.Page<T.Attacker>', operation: 'GET /api/v1/attacks/{id}/attackers' },
  { type: 'T.Page<T.NetworkRates>', operation: 'GET /api/v1/rates' },
  { type: 'T.NetworkRates', operation: 'GET /api/v1/rates/{networkId}' },
  { type: 'T.Page<T.Network>', operation: 'GET /api/v1/networks' },
  { type: 'T.Organization', operation: 'GET /api/v1/organizations/{id}' },
  { type: 'T.CaseDetail', operation: 'GET /api/v1/cases/{id}' },
  { type: 'T.Page<T.ScopeEntry>', operation: 'GET /api/v1/cases/{id}/scope' },
  { type: 'readonly T.CatalogueEntry[]', operation: 'GET /api/v1/catalogue' },
  { type: 'T.Page<T.RequestSummary>', operation: 'GET /api/v1/requests' },
  { type: 'T.RequestView', operation: 'GET /api/v1/requests/{id}' },
  { type: 'T.Page<T.ExecutionTarget>', operation: 'GET /api/v1/requests/{id}/targets' },
  { type: 'T.CheckpointAnswer', operation: 'GET /api/v1/audit/checkpoints/latest' },
  { type: 'T.Page<T.AuditEntryAnswer>', operation: 'GET /api/v1/audit/entries' },
  { type: 'T.Page<T.Exporter>', operation: 'GET /api/v1/exporters' },
  { type: 'T.Page<T.MonitoringFlag>', operation: 'GET /api/v1/commission/flags' },
  { type: 'T.Page<T.Inspection>', operation: 'GET /api/v1/commission/inspections' },
  { type: 'T.Page<T.Directive>', operation: 'GET /api/v1/commission/directives' },
  { type: 'T.Page<T.IntelCollection>', operation: 'GET /api/v1/intel/collections' },
  { type: 'T.Page<T.IntelObject>', operation: 'GET /api/v1/intel/collections/{id}/objects' },
  { type: 'T.IntelObjectDetail', operation: 'GET /api/v1/intel/objects/{id}' },
  { type: 'T.Page<T.IntelObject>', operation: 'GET /api/v1/intel/inbox' },
  { type: 'T.Page<T.IntelShare>', operation: 'GET /api/v1/intel/shares' },
  { type: 'T.IntelFeeds', operation: 'GET /api/v1/intel/feeds' },
  { type: 'T.Page<T.Asset>', operation: 'GET /api/v1/assets' },
  { type: 'T.Page<T.AssetNotification>', operation: 'GET /api/v1/assets/notifications' },
  { type: 'T.AssetDetail', operation: 'GET /api/v1/assets/{id}' },
  { type: 'T.Asset', operation: 'POST /api/v1/assets' },
  { type: 'T.AssetImportResult', operation: 'POST /api/v1/assets/import' },
  { type: 'T.Page<T.IncidentSummary>', operation: 'GET /api/v1/incidents' },
  { type: 'T.Page<T.IncidentSummary>', operation: 'GET /api/v1/incidents/overdue' },
  { type: 'T.Incident', operation: 'GET /api/v1/incidents/{id}' },
  { type: 'T.IncidentReports', operation: 'GET /api/v1/incidents/{id}/reports' },
  { type: 'T.IncidentTimeline', operation: 'GET /api/v1/incidents/{id}/timeline' },
];

/** Types with no schema in the document: Server-Sent Events payloads (`produces: text/event-stream`). */
const NOT_IN_DOCUMENT: Readonly<Record<string, string>> = {
  RatesTick: 'the `rates` event of GET /api/v1/rates/stream',
};

/**
 * Types inside answers the document leaves open (`Type.Unknown()` in `src/api/routes/incidents.ts`:
 * the incident service shapes them), so there is no schema to compare their fields with.
 */
const OPEN_IN_DOCUMENT: Readonly<Record<string, string>> = {
  IncidentState: 'a field of the open incident answers',
  IncidentRegime: 'a field of the open incident answers',
  IncidentCategory: 'a field of the open incident answers',
  LinkKind: 'a field of the open incident answers',
  StageState: 'a field of the open incident answers',
  DeadlineBasis: 'a field of the open incident answers',
  LocalInstant: 'inside GET /api/v1/incidents/{id}',
  NextDue: 'inside GET /api/v1/incidents',
  IncidentStage: 'inside GET /api/v1/incidents/{id}',
  IncidentRequest: 'inside GET /api/v1/incidents/{id}',
  IncidentLink: 'inside GET /api/v1/incidents/{id}',
  ReportContent: 'inside GET /api/v1/incidents/{id}/reports',
  ReportVersion: 'inside GET /api/v1/incidents/{id}/reports',
  ReportDraft: 'inside GET /api/v1/incidents/{id}/reports',
  IncidentEvent: 'inside GET /api/v1/incidents/{id}/timeline',
};

const TYPES_FILE = fileURLToPath(new URL('./types.ts', import.meta.url));
const CHECKS_FILE = fileURLToPath(new URL('./types-under-test.ts', import.meta.url));

/** The console's types as the compiler sees them, one alias per answer. */
function compileTypes(): { checker: ts.TypeChecker; answers: ts.Type[]; exported: string[] } {
  const config = ts.getParsedCommandLineOfConfigFile(
    fileURLToPath(new URL('../../tsconfig.json', import.meta.url)),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  const source = [`import type * as T from './types.js';`, ...ANSWERS.map((a, i) => `export type Answer${i} = ${a.type};`)].join('\n');
  const host = ts.createCompilerHost(config?.options ?? {});
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => (f === CHECKS_FILE ? source : readFile(f));
  host.fileExists = (f) => f === CHECKS_FILE || ts.sys.fileExists(f);
  host.getSourceFile = (f, v, onError, create) => (f === CHECKS_FILE ? ts.createSourceFile(f, source, v) : getSourceFile(f, v, onError, create));
  const program = ts.createProgram([TYPES_FILE, CHECKS_FILE], config?.options ?? {}, host);
  const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  expect(errors).toEqual([]);
  const checker = program.getTypeChecker();
  const checks = checker.getSymbolAtLocation(program.getSourceFile(CHECKS_FILE)!)!;
  const answers = ANSWERS.map((_, i) => checker.getDeclaredTypeOfSymbol(checker.getExportsOfModule(checks).find((s) => s.name === `Answer${i}`)!));
  const types = checker.getSymbolAtLocation(program.getSourceFile(TYPES_FILE)!)!;
  const exported = checker
    .getExportsOfModule(types)
    .filter((s) => (s.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) !== 0)
    .map((s) => s.name);
  return { checker, answers, exported };
}

type Kind = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';

/** Compares TypeScript types with JSON Schemas of the document and lists every difference. */
class Comparer {
  readonly problems: string[] = [];
  /** Names of `types.ts` types met on the way. */
  readonly seen = new Set<string>();
  readonly #checker: ts.TypeChecker;
  readonly #components: Record<string, Json>;

  constructor(checker: ts.TypeChecker, components: Record<string, Json>) {
    this.#checker = checker;
    this.#components = components;
  }

  compare(type: ts.Type, schema: Json, at: string): void {
    this.#note(type);
    const parts = this.#constituents(type);
    if (parts.some((t) => (t.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) !== 0)) return;
    const variants = this.#variants(schema);
    if (variants.some((v) => Object.keys(v).filter((k) => k !== 'description').length === 0)) return;
    const tsKinds = new Set(parts.map((t) => this.#kindOf(t)));
    const schemaKinds = new Set(variants.flatMap((v) => this.#kindsOf(v)));
    const unexpected = [...schemaKinds].filter((k) => !tsKinds.has(k));
    if (unexpected.length > 0) {
      this.problems.push(`${at}: the server may send ${unexpected.sort().join(' | ')}, the console admits ${[...tsKinds].sort().join(' | ')}`);
      return;
    }
    this.#literals(parts, variants, at);
    const arrays = parts.filter((t) => this.#kindOf(t) === 'array');
    const arraySchemas = variants.filter((v) => this.#kindsOf(v).includes('array'));
    for (const t of arrays) for (const s of arraySchemas) this.compare(this.#checker.getIndexTypeOfType(t, ts.IndexKind.Number)!, (s['items'] ?? {}) as Json, `${at}[]`);
    const objects = parts.filter((t) => this.#kindOf(t) === 'object');
    const objectSchemas = variants.filter((v) => this.#kindsOf(v).includes('object'));
    for (const t of objects) {
      if (objectSchemas.length !== 1) this.problems.push(`${at}: one object in the console, ${objectSchemas.length} in the server's schema`);
      else this.#object(t, objectSchemas[0]!, at);
    }
  }

  #object(type: ts.Type, schema: Json, at: string): void {
    const props = (schema['properties'] ?? {}) as Record<string, Json>;
    const required = new Set((schema['required'] ?? []) as string[]);
    const extra = schema['additionalProperties'] ?? (schema['patternProperties'] === undefined ? undefined : Object.values(schema['patternProperties'] as Json)[0]);
    const index = this.#checker.getIndexTypeOfType(type, ts.IndexKind.String);
    const mine = this.#checker.getPropertiesOfType(type);
    for (const p of mine) {
      const where = `${at}.${p.name}`;
      this.#noteWritten(p.valueDeclaration);
      const optional = (p.flags & ts.SymbolFlags.Optional) !== 0;
      const s = props[p.name] ?? (typeof extra === 'object' && extra !== null ? (extra as Json) : undefined);
      if (s === undefined) {
        // An optional field of a type several answers share (an attack in a list, in detail and in events).
        if (!optional) this.problems.push(`${where}: required in the console, not in the server's schema`);
        continue;
      }
      if (p.name in props && !optional && !required.has(p.name)) this.problems.push(`${where}: required in the console, optional on the server`);
      this.compare(this.#checker.getTypeOfSymbol(p), s, where);
    }
    const names = new Set(mine.map((p) => p.name));
    if (index === undefined) for (const name of Object.keys(props)) if (!names.has(name)) this.problems.push(`${at}.${name}: sent by the server, missing in the console`);
    if (index !== undefined && typeof extra === 'object' && extra !== null) this.compare(index, extra as Json, `${at}[key]`);
  }

  /** Literal values the console names must be values the server may send. */
  #literals(types: readonly ts.Type[], variants: readonly Json[], at: string): void {
    const allowed = variants.flatMap((v) => ('const' in v ? [v['const']] : Array.isArray(v['enum']) ? (v['enum'] as unknown[]) : []));
    const open = variants.some((v) => !('const' in v) && !Array.isArray(v['enum']) && !this.#kindsOf(v).includes('null'));
    if (open) return;
    for (const t of types) {
      if (!t.isLiteral()) continue;
      const value = typeof t.value === 'object' ? undefined : t.value;
      if (!allowed.includes(value)) this.problems.push(`${at}: ${JSON.stringify(value)} is not a value the server sends`);
    }
  }

  #note(type: ts.Type): void {
    for (const s of [type.aliasSymbol, type.getSymbol()]) {
      if (s?.declarations?.some((d) => d.getSourceFile().fileName === TYPES_FILE)) this.seen.add(s.name);
    }
    if (type.isUnion()) for (const t of type.types) this.#note(t);
    if ((type.flags & ts.TypeFlags.Object) !== 0 && ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0) {
      for (const a of this.#checker.getTypeArguments(type as ts.TypeReference)) this.#note(a);
    }
    for (const base of type.isClassOrInterface() ? (this.#checker.getBaseTypes(type) ?? []) : []) this.#note(base);
  }

  /** Types named in a field's declaration (aliases such as `ClassName` do not survive into its type). */
  #noteWritten(node: ts.Node | undefined): void {
    if (node === undefined) return;
    if (ts.isTypeReferenceNode(node)) {
      const s = this.#checker.getSymbolAtLocation(node.typeName);
      if (s?.declarations?.some((d) => d.getSourceFile().fileName === TYPES_FILE)) this.seen.add(s.name);
    }
    ts.forEachChild(node, (child) => this.#noteWritten(child));
  }

  #constituents(type: ts.Type): ts.Type[] {
    return (type.isUnion() ? type.types : [type]).filter((t) => (t.flags & ts.TypeFlags.Undefined) === 0);
  }

  #kindOf(t: ts.Type): Kind {
    if ((t.flags & ts.TypeFlags.StringLike) !== 0) return 'string';
    if ((t.flags & ts.TypeFlags.NumberLike) !== 0) return 'number';
    if ((t.flags & ts.TypeFlags.BooleanLike) !== 0) return 'boolean';
    if ((t.flags & ts.TypeFlags.Null) !== 0) return 'null';
    if (this.#checker.isArrayType(t) || this.#checker.isTupleType(t)) return 'array';
    return 'object';
  }

  /** A schema's alternatives, with references resolved and nested unions flattened. */
  #variants(schema: Json): Json[] {
    const ref = schema['$ref'];
    if (typeof ref === 'string') return this.#variants(this.#components[ref.replace('#/components/schemas/', '')] ?? {});
    const union = schema['anyOf'] ?? schema['oneOf'];
    if (Array.isArray(union)) return (union as Json[]).flatMap((s) => this.#variants(s));
    return [schema];
  }

  #kindsOf(schema: Json): Kind[] {
    const values = 'const' in schema ? [schema['const']] : Array.isArray(schema['enum']) ? (schema['enum'] as unknown[]) : undefined;
    if (values !== undefined) return [...new Set(values.map((v): Kind => (v === null ? 'null' : (typeof v as Kind))))];
    const types = Array.isArray(schema['type']) ? (schema['type'] as string[]) : [schema['type'] as string];
    return types.map((t): Kind => (t === 'integer' ? 'number' : (t as Kind)));
  }
}

describe('console API types', () => {
  let f: ApiFixture;
  let doc: {
    paths: Record<
      string,
      Record<
        string,
        { parameters?: { name: string; schema: Json }[]; requestBody?: { content: Record<string, { schema: Json }> }; responses: Record<string, { content?: Record<string, { schema: Json }> }> }
      >
    >;
    components: { schemas: Record<string, Json> };
  };
  beforeAll(async () => {
    f = await startApiFixture({ listen: false });
    const a = await f.call(undefined, 'GET', '/openapi.json');
    expect(a.status).toBe(200);
    doc = a.body as typeof doc;
  });
  afterAll(async () => {
    await f?.stop();
  });

  const answerSchema = (operation: string): Json => {
    const [method, path] = operation.split(' ') as [string, string];
    const responses = doc.paths[path]?.[method.toLowerCase()]?.responses ?? {};
    const ok = Object.entries(responses).find(([code]) => code.startsWith('2'));
    const schema = ok?.[1].content?.['application/json']?.schema;
    if (schema === undefined) throw new Error(`${operation}: no JSON answer in the OpenAPI document`);
    return schema;
  };

  const operation = (name: string) => {
    const [method, path] = name.split(' ') as [string, string];
    const op = doc.paths[path]?.[method.toLowerCase()];
    if (op === undefined) throw new Error(`${name}: not in the OpenAPI document`);
    return op;
  };
  const values = (schema: Json | undefined): unknown[] => ((schema?.['anyOf'] ?? []) as Json[]).map((v) => v['const']).sort();

  it('list the values the server accepts', () => {
    const classes = operation('GET /api/v1/rates').parameters?.find((p) => p.name === 'classes')?.schema['items'] as Json | undefined;
    expect([...CLASS_NAMES].sort()).toEqual(values(classes));
    const evidence = operation('POST /api/v1/cases/{id}/evidence').requestBody?.content['application/json']?.schema['properties'] as Record<string, Json> | undefined;
    expect([...EVIDENCE_KINDS].sort()).toEqual(values(evidence?.['kind']));
    // The purpose of a read is free text in the schema (the access guard, not validation, refuses a wrong one).
    expect(PURPOSES).toEqual(SERVER_PURPOSES);
    const assetQuery = (name: string) => operation('GET /api/v1/assets').parameters?.find((p) => p.name === name)?.schema;
    expect([...ASSET_ROLES].sort()).toEqual(values(assetQuery('role')));
    expect([...ASSET_STATUSES].sort()).toEqual(values(assetQuery('status')));
    expect([...NOTIFICATION_STATES].sort()).toEqual(values(operation('GET /api/v1/assets/notifications').parameters?.find((p) => p.name === 'state')?.schema));
    expect([...INCIDENT_STATES].sort()).toEqual(values(operation('GET /api/v1/incidents').parameters?.find((p) => p.name === 'state')?.schema));
    // Regimes, categories and link kinds are free strings in the schema (the incident service refuses a wrong one).
    expect(INCIDENT_REGIMES).toEqual(SERVER_INCIDENT_REGIMES);
    expect(INCIDENT_CATEGORIES).toEqual(SERVER_INCIDENT_CATEGORIES);
    expect(LINK_KINDS).toEqual(SERVER_LINK_KINDS);
  });

  it('match the schemas of the answers they describe, and every type is checked', () => {
    const { checker, answers, exported } = compileTypes();
    const comparer = new Comparer(checker, doc.components.schemas);
    ANSWERS.forEach((a, i) => comparer.compare(answers[i]!, answerSchema(a.operation), `${a.type} (${a.operation})`));
    expect(comparer.problems).toEqual([]);
    const unchecked = exported.filter((name) => !comparer.seen.has(name) && NOT_IN_DOCUMENT[name] === undefined && OPEN_IN_DOCUMENT[name] === undefined);
    expect(unchecked).toEqual([]);
  });
});
