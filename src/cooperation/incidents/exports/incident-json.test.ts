import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INCIDENT_CATEGORIES, INCIDENT_REGIMES, INCIDENT_STATES, LINK_KINDS, REQUEST_KINDS } from '../incident.js';
import { INCIDENT_REPORT_SCHEMA_ID, INCIDENT_REPORT_SCHEMA_VERSION, incidentJson } from './incident-json.js';
import { jpActCase, nis2Case, WRITTEN_ITEMS } from './testing/export-fixtures.js';

type Schema = { readonly [keyword: string]: unknown };

const SCHEMA = JSON.parse(readFileSync(new URL('./incident-report.schema.json', import.meta.url), 'utf8')) as Schema;

/**
 * A validator for the subset of JSON Schema 2020-12 the schema uses. A keyword it does not know
 * fails validation, so the schema cannot say more than this test checks.
 */
const KNOWN = new Set(['$schema', '$id', '$defs', 'title', 'description', 'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', '$ref', 'format', 'minimum']);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function resolve(ref: string): Schema {
  const m = /^#\/\$defs\/([A-Za-z]+)$/.exec(ref);
  const def = m === null ? undefined : (SCHEMA.$defs as Record<string, Schema>)[m[1] ?? ''];
  if (def === undefined) throw new Error(`unresolved $ref ${ref}`);
  return def;
}

function validate(value: unknown, schema: Schema, path = ''): string[] {
  const errors: string[] = [];
  for (const k of Object.keys(schema)) if (!KNOWN.has(k)) errors.push(`${path}: schema keyword ${k} unknown to the test's validator`);
  if (typeof schema.$ref === 'string') errors.push(...validate(value, resolve(schema.$ref), path));
  if ('const' in schema && value !== schema.const) errors.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value as never)) errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    const t = typeOf(value);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) return [...errors, `${path}: expected ${types.join('|')}, got ${t}`];
  }
  if (schema.format === 'date-time' && typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) errors.push(`${path}: not a date-time`);
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum) errors.push(`${path}: below ${schema.minimum}`);
  if (typeOf(value) === 'object') {
    const o = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const r of (schema.required ?? []) as string[]) if (!(r in o)) errors.push(`${path}/${r}: required`);
    for (const [k, v] of Object.entries(o)) {
      const sub = props[k];
      if (sub !== undefined) errors.push(...validate(v, sub, `${path}/${k}`));
      else if (schema.additionalProperties === false) errors.push(`${path}/${k}: not in the schema`);
      else if (typeof schema.additionalProperties === 'object') errors.push(...validate(v, schema.additionalProperties as Schema, `${path}/${k}`));
    }
  }
  if (Array.isArray(value) && schema.items !== undefined) value.forEach((v, i) => errors.push(...validate(v, schema.items as Schema, `${path}/${i}`)));
  return errors;
}

/** The value at `path` in the schema (undefined when a step is missing). */
function at(...path: string[]): unknown {
  return path.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined), SCHEMA);
}

/** Every object schema in the schema, with its path. */
function objectSchemas(s: Schema, path = '#'): [string, Schema][] {
  const out: [string, Schema][] = s.properties === undefined ? [] : [[path, s]];
  for (const [k, v] of Object.entries(s)) if (typeof v === 'object' && v !== null && !Array.isArray(v)) out.push(...objectSchemas(v as Schema, `${path}/${k}`));
  return out;
}

describe('incidentJson', () => {
  it('produces documents the schema accepts, for the ACD Act and for NIS2', () => {
    for (const c of [jpActCase({ summary: 'summary' }), nis2Case()]) {
      const doc = JSON.parse(JSON.stringify(incidentJson(c.view, c.versions, { exportedAt: c.now, organizationName: 'Kaminari Power' })));
      expect(validate(doc, SCHEMA)).toEqual([]);
    }
  });

  it('fails validation when the document and the schema drift apart', () => {
    const c = jpActCase();
    const doc = JSON.parse(JSON.stringify(incidentJson(c.view, c.versions, { exportedAt: c.now, organizationName: null })));
    doc.stages[1].extra = 1;
    delete doc.incident.revision;
    doc.stages[1].versions[0].submittedAt = 1_793_894_400_000;
    expect(validate(doc, SCHEMA)).toEqual(['/incident/revision: required', '/stages/1/versions/0/submittedAt: expected string, got integer', '/stages/1/extra: not in the schema']);
  });

  it('requires every property it lists, except the optional parts of a report (summary, items)', () => {
    const optional = objectSchemas(SCHEMA).filter(([, s]) => Object.keys(s.properties as object).some((k) => !(s.required as string[]).includes(k)));
    expect(optional.map(([p]) => p)).toEqual(['#/$defs/version/properties/content']);
  });

  it('lists the same closed sets as the code', () => {
    expect(SCHEMA.$id).toBe(INCIDENT_REPORT_SCHEMA_ID);
    expect(at('properties', 'schemaVersion', 'const')).toBe(INCIDENT_REPORT_SCHEMA_VERSION);
    expect(at('$defs', 'incident', 'properties', 'category', 'enum')).toEqual([...INCIDENT_CATEGORIES]);
    expect(at('$defs', 'incident', 'properties', 'state', 'enum')).toEqual([...INCIDENT_STATES]);
    expect(at('$defs', 'incident', 'properties', 'regime', 'properties', 'id', 'enum')).toEqual([...INCIDENT_REGIMES]);
    expect(at('$defs', 'link', 'properties', 'kind', 'enum')).toEqual([...LINK_KINDS]);
    expect(at('$defs', 'request', 'properties', 'kind', 'enum')).toEqual([...REQUEST_KINDS]);
  });

  it('carries the written report with its 7 items, deadline, lateness and legal basis', () => {
    const c = jpActCase();
    const doc = incidentJson(c.view, c.versions, { exportedAt: c.now, organizationName: 'Kaminari Power' });
    expect(doc.schema).toBe(INCIDENT_REPORT_SCHEMA_ID);
    expect(doc.exportedAt).toBe(new Date(c.now).toISOString());
    expect(doc.incident.organization).toEqual({ id: 'org-kaminari', name: 'Kaminari Power' });
    expect(doc.incident.regime.id).toBe('jp-act');
    expect(doc.incident.anchors.awareness).toEqual({ utc: '2026-10-05T01:00:00.000Z', local: '2026-10-05T10:00:00+09:00' });
    const written = doc.stages.find((s) => s.stage === 'written-report');
    expect(written).toMatchObject({
      state: 'submitted-late',
      basis: 'statutory',
      dueAt: '2026-11-04T15:00:00.000Z',
      dueLocal: '2026-11-04T24:00:00+09:00',
      lateBySeconds: 90_000,
      lateness: '1 d 1 h 0 min 0 s late (90000 s)',
    });
    expect(written?.legalRef).toContain('4条3項1号〜7号');
    expect(doc.incident.regime.legalRefs).toContain(written?.legalRef);
    expect(written?.items.map((i) => i.key)).toEqual(Object.keys(WRITTEN_ITEMS));
    expect(written?.versions).toEqual([
      { version: 1, submittedAt: '2026-11-05T16:00:00.000Z', dueAt: '2026-11-04T15:00:00.000Z', lateBySeconds: 90_000, content: { items: WRITTEN_ITEMS }, answers: [], acknowledgedAt: null },
    ]);
    expect(doc.links).toEqual([{ kind: 'attack', ref: 'atk-1' }]);
  });

  it('leaves out user ids and other incidents’ versions', () => {
    const c = jpActCase();
    const stray = { ...c.versions[1]!, incidentId: 'inc-other' as (typeof c.versions)[number]['incidentId'], version: 2 };
    const text = JSON.stringify(incidentJson(c.view, [...c.versions, stray], { exportedAt: c.now, organizationName: null }));
    expect(text).not.toContain('u-reporter');
    expect(JSON.parse(text).stages[1].versions).toHaveLength(1);
  });
});
