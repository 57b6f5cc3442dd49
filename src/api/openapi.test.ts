/**
 * The OpenAPI 3.1 document at /openapi.json: every route is in it with its parameters, body and
 * answers; the structure is OpenAPI 3.1 (required members, parameter locations, templated path
 * parameters declared, unique operation ids, resolvable references, known security schemes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './testing/api-fixture.js';

type Json = Record<string, unknown>;

function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => refs(x, out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) k === '$ref' && typeof x === 'string' ? out.push(x) : refs(x, out);
  return out;
}

describe('OpenAPI document', () => {
  let f: ApiFixture;
  let doc: Json;
  beforeAll(async () => {
    f = await startApiFixture({ listen: false });
    const a = await f.call(undefined, 'GET', '/openapi.json');
    expect(a.status).toBe(200);
    doc = a.body as Json;
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('documents every API route, and nothing else', () => {
    const paths = doc['paths'] as Record<string, Record<string, Json>>;
    const documented = Object.entries(paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    const routes = f.platform.api
      .routes()
      .filter((r) => !r.hidden)
      .map((r) => `${r.method} ${r.url.replace(/:([A-Za-z]+)/g, '{$1}')}`)
      .sort();
    expect(documented).toEqual(routes);
    expect(routes.every((r) => r.split(' ')[1]!.startsWith('/api/v1/'))).toBe(true);
    expect(routes.length).toBeGreaterThan(70);
  });

  it('has the structure of OpenAPI 3.1', () => {
    expect(doc).toMatchObject({ openapi: '3.1.0', info: { title: expect.any(String), version: expect.any(String) }, jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema' });
    const components = doc['components'] as { securitySchemes: Record<string, Json>; schemas: Record<string, Json> };
    const ids = new Set<string>();
    for (const [path, ops] of Object.entries(doc['paths'] as Record<string, Record<string, Json>>)) {
      expect(path).toMatch(/^\//);
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(ops)) {
        expect(['get', 'put', 'post', 'delete', 'patch']).toContain(method);
        const id = op['operationId'] as string;
        expect(id).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
        expect(ids.has(id), `duplicate operationId ${id}`).toBe(false);
        ids.add(id);
        const params = (op['parameters'] ?? []) as Json[];
        for (const p of params) {
          expect(['query', 'header', 'path', 'cookie']).toContain(p['in']);
          expect(typeof p['name']).toBe('string');
          expect(p['schema']).toBeTypeOf('object');
          if (p['in'] === 'path') expect(p['required']).toBe(true);
        }
        expect(
          params
            .filter((p) => p['in'] === 'path')
            .map((p) => p['name'])
            .sort(),
        ).toEqual([...templated].sort());
        const responses = op['responses'] as Record<string, Json>;
        expect(
          Object.keys(responses).some((c) => /^2\d\d$/.test(c)),
          `${method} ${path} has no success answer`,
        ).toBe(true);
        for (const [code, r] of Object.entries(responses)) {
          expect(code).toMatch(/^[1-5]\d\d$/);
          expect(typeof r['description']).toBe('string');
        }
        for (const s of (op['security'] ?? []) as Json[]) for (const name of Object.keys(s)) expect(components.securitySchemes).toHaveProperty(name);
        expect(Array.isArray(op['x-sakimori-roles']) || typeof op['x-sakimori-roles'] === 'string').toBe(true);
      }
    }
    for (const r of refs(doc)) {
      expect(r).toMatch(/^#\/components\/schemas\//);
      expect(components.schemas).toHaveProperty(r.split('/').at(-1)!);
    }
  });

  it('carries the request and answer schemas a client needs', () => {
    const paths = doc['paths'] as Record<string, Record<string, Json>>;
    const vote = paths['/api/v1/requests/{id}/votes']!['post']!;
    expect(vote['requestBody']).toMatchObject({ content: { 'application/json': { schema: { required: ['decision', 'digest'], additionalProperties: false } } } });
    expect(vote['x-sakimori-roles']).toEqual(['commission_member']);
    const attacks = paths['/api/v1/attacks']!['get']!;
    expect((attacks['parameters'] as Json[]).map((p) => p['name'])).toEqual(['state', 'organizationId', 'networkId', 'from', 'to', 'limit', 'cursor']);
    expect(attacks['responses']).toMatchObject({ '200': { content: { 'application/json': { schema: { properties: { items: { type: 'array' }, next: {} } } } } }, '401': {}, '403': {} });
    expect(paths['/api/v1/events']!['get']!['responses']).toMatchObject({ '200': { content: { 'text/event-stream': {} } } });
    expect(paths['/api/v1/auth/sign-in']!['post']!['security']).toEqual([]);
  });
});
