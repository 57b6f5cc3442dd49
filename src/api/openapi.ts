/**
 * The OpenAPI 3.1 document, generated from the routes as they are registered: paths and methods,
 * path and query parameters, request bodies and responses from each route's TypeBox schemas,
 * the roles allowed (`x-sakimori-roles`) and the security schemes (session cookie with the CSRF
 * header, or a bearer API token). JSON Schema 2020-12 is OpenAPI 3.1's own dialect, so the
 * schemas are used as they are.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { VERSION } from '../core/version.js';
import type { Access } from './http/access.js';
import { CSRF_HEADER, SESSION_COOKIE } from './http/auth-hook.js';
import { ErrorBodySchema } from './http/schemas.js';

declare module 'fastify' {
  interface FastifySchema {
    /** One line for the operation. */
    summary?: string;
    description?: string;
    tags?: readonly string[];
    /** Left out of the OpenAPI document (metrics, health, console files). */
    hide?: boolean;
    /** Media type of a non-JSON success answer (`text/event-stream`, `image/svg+xml`, `text/csv`). */
    produces?: string;
  }
}

type Json = Record<string, unknown>;

interface Collected {
  readonly method: string;
  readonly url: string;
  readonly options: RouteOptions;
  readonly hidden: boolean;
}

/** Strips TypeBox's non-JSON markers by a JSON round trip. */
const plain = (schema: unknown): Json => JSON.parse(JSON.stringify(schema)) as Json;

const STATUS_TEXT: Readonly<Record<string, string>> = {
  '200': 'OK',
  '201': 'Created',
  '204': 'No content',
  '400': 'Invalid input (`SAKIMORI_ERR_API_VALIDATION` names the path)',
  '401': 'Not signed in, or the session expired',
  '403': 'The roles held do not allow it, or a CSRF check failed',
  '404': 'Not found (or outside your scope)',
  '409': 'Conflict with the current state',
  '413': 'Body too large',
  '429': 'Too many attempts',
};

function parameters(where: 'path' | 'query', schema: unknown): Json[] {
  if (schema === undefined) return [];
  const s = plain(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, p]) => ({
    name,
    in: where,
    required: where === 'path' || (s.required ?? []).includes(name),
    ...(typeof p['description'] === 'string' ? { description: p['description'] } : {}),
    schema: p,
    ...(where === 'query' && p['type'] === 'array' ? { style: 'form', explode: true } : {}),
  }));
}

/** Collects routes as Fastify registers them and renders the document. */
export class OpenApiCollector {
  readonly #routes: Collected[] = [];

  /** Listens for routes on `app`; call before registering any. */
  attach(app: FastifyInstance): void {
    app.addHook('onRoute', (r) => {
      const methods = Array.isArray(r.method) ? r.method : [r.method];
      // A protocol mounted beside the API (TAXII 2.1 at /taxii2/) is defined by its own specification, not by this document.
      const hidden = r.schema?.hide === true || !r.url.startsWith('/api/');
      for (const m of methods) if (m !== 'HEAD') this.#routes.push({ method: m.toLowerCase(), url: r.url, options: r as RouteOptions, hidden });
    });
  }

  /** Every route with its declared access (for tests). */
  routes(): { method: string; url: string; access: Access | undefined; hidden: boolean }[] {
    return this.#routes.map((r) => ({ method: r.method.toUpperCase(), url: r.url, access: r.options.config?.access, hidden: r.hidden }));
  }

  /** The OpenAPI 3.1 document. */
  document(): Json {
    const paths: Record<string, Record<string, Json>> = {};
    for (const r of this.#routes) {
      if (r.hidden) continue;
      const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      (paths[path] ??= {})[r.method] = this.#operation(r, path);
    }
    return {
      openapi: '3.1.0',
      info: {
        title: 'Sakimori HTTP API',
        version: VERSION,
        description: `Active cyber defence platform API. Sign in with POST /api/v1/auth/sign-in (session cookie \`${SESSION_COOKIE}\`; send the \`X-CSRF-Token\` header on unsafe methods) or use a bearer API token. Every list is paginated with \`limit\` and \`cursor\` and answers \`{items, next}\`.`,
      },
      jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
      servers: [{ url: '/' }],
      paths,
      components: {
        schemas: { Error: plain(ErrorBodySchema) },
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: `session cookie from sign-in; unsafe methods also need the ${CSRF_HEADER} header` },
          token: { type: 'http', scheme: 'bearer', description: 'API token `skm_…` created by an admin' },
        },
      },
    };
  }

  #operation(r: Collected, path: string): Json {
    const s = r.options.schema ?? {};
    const access = r.options.config?.access;
    const responses: Record<string, Json> = {};
    for (const [code, schema] of Object.entries((s.response ?? {}) as Record<string, unknown>)) {
      const media = Number(code) < 300 && s.produces !== undefined ? s.produces : 'application/json';
      responses[code] = code === '204' ? { description: STATUS_TEXT[code]! } : { description: STATUS_TEXT[code] ?? 'Answer', content: { [media]: { schema: plain(schema) } } };
    }
    if (Object.keys(responses).length === 0) responses['200'] = { description: 'OK', content: { [s.produces ?? 'application/json']: { schema: {} } } };
    const errors = ['400', ...(access === 'public' ? [] : ['401', '403']), ...(path.includes('{') ? ['404'] : []), ...(r.method === 'get' ? [] : ['409', '413'])];
    for (const code of errors) responses[code] ??= { description: STATUS_TEXT[code]!, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    const params = [...parameters('path', s.params), ...parameters('query', s.querystring)];
    const unsafe = r.method !== 'get';
    return {
      operationId: `${r.method}${path
        .replace(/^\/api\/v1/, '')
        .replace(/[{}]/g, '')
        .replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      ...(s.summary === undefined ? {} : { summary: s.summary }),
      ...(s.description === undefined ? {} : { description: s.description }),
      tags: s.tags ?? [path.split('/')[3] ?? 'misc'],
      ...(params.length === 0 && !unsafe
        ? {}
        : {
            parameters: [
              ...params,
              ...(unsafe && access !== 'public' ? [{ name: CSRF_HEADER, in: 'header', required: false, description: 'required with the session cookie', schema: { type: 'string' } }] : []),
            ],
          }),
      ...(s.body === undefined ? {} : { requestBody: { required: true, content: { 'application/json': { schema: plain(s.body) } } } }),
      responses,
      security: access === 'public' ? [] : [{ session: [] }, { token: [] }],
      'x-sakimori-roles': access === undefined ? [] : access,
    };
  }
}
