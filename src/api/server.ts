/**
 * The HTTP server: the JSON API under `/api/v1`, its OpenAPI 3.1 document at `/openapi.json`,
 * health, and the web console (`web/dist`, with an SPA fallback) at `/`. Prometheus metrics are
 * not here: they need no sign-in, so they have a listener of their own (`metrics-listener.ts`).
 * Routes come from plugins in `routes/`, each taking its dependencies as arguments; every route
 * declares who may call it (`config.access`, enforced by `http/auth-hook.ts`).
 */
import { existsSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { AccountService } from '../accounts/account-service.js';
import type { BaseDeps, Component } from '../core/component.js';
import { parseListen } from '../core/listen.js';
import type { ApiConfig } from './config.js';
import { ERR_API_NOT_FOUND, errorHandler } from './errors.js';
import type { Access } from './http/access.js';
import { installAuth } from './http/auth-hook.js';
import { validatorCompiler } from './http/validator.js';
import { OpenApiCollector } from './openapi.js';

/** The HTTP server component. */
export interface ApiServer extends Component {
  readonly app: FastifyInstance;
  /** `http://host:port` URLs actually bound, after start. */
  readonly urls: readonly string[];
  /** The OpenAPI document of every registered route (after `app.ready()`). */
  openapi(): Record<string, unknown>;
  /** Every route registered (documented or not) with its declared access, for tests. */
  routes(): { method: string; url: string; access: Access | undefined; hidden: boolean }[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Dependencies of the server. */
export interface ApiServerDeps extends BaseDeps {
  readonly accounts: AccountService;
}

/** The console's build directory: `api.webRoot`, or `web/dist` of this installation. */
export function webRootOf(config: ApiConfig): string {
  return config.webRoot !== '' ? resolve(config.webRoot) : fileURLToPath(new URL('../../web/dist', import.meta.url));
}

/** A route plugin mounted under a prefix of its own instead of `/api/v1` (the TAXII server under `/taxii2`). */
export interface MountedPlugin {
  readonly plugin: FastifyPluginAsync;
  readonly prefix: string;
}

/** Creates the HTTP server with the given route plugins (mounted under `/api/v1` unless they name their own prefix). */
export function createApiServer(config: ApiConfig, deps: ApiServerDeps, plugins: ReadonlyArray<FastifyPluginAsync | MountedPlugin>): ApiServer {
  // Unknown fields are refused, not dropped; query strings are converted, bodies never (http/validator.ts).
  const app = Fastify({
    logger: false,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // Event streams never go idle: stopping the server must end them, not wait for them.
    forceCloseConnections: true,
    routerOptions: { maxParamLength: 256 },
  });
  app.setValidatorCompiler(validatorCompiler);
  // The API speaks JSON only: any other body type is refused with 415 before a handler runs.
  app.removeContentTypeParser('text/plain');
  const openapi = new OpenApiCollector();
  openapi.attach(app);
  app.setErrorHandler(errorHandler(deps.logger));
  void app.register(fastifyCookie);
  installAuth(app, deps.accounts);
  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok', time: new Date(deps.clock.now()).toISOString() }));
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => openapi.document());
  for (const p of plugins) void (typeof p === 'function' ? app.register(p, { prefix: '/api/v1' }) : app.register(p.plugin, { prefix: p.prefix }));
  serveConsole(app, webRootOf(config));
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({ code: ERR_API_NOT_FOUND.code, message: `no route ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}` });
  });
  const urls: string[] = [];
  return {
    name: 'api',
    app,
    urls,
    openapi: () => openapi.document(),
    routes: () => openapi.routes(),
    async start() {
      if (!config.enabled) return;
      const l = parseListen(config.listen);
      await app.listen({ host: l.host, port: l.port });
      const a = app.server.address();
      if (a !== null && typeof a === 'object') urls.push(`http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`);
      deps.logger.info({ urls }, 'http api listening');
    },
    async stop() {
      await app.close();
    },
  };
}

/**
 * Serves the built console from `root` when it exists: files as they are, any other non-API GET
 * as `index.html` (the console routes in the browser). Paths are resolved inside `root` only.
 */
function serveConsole(app: FastifyInstance, root: string): void {
  if (!existsSync(resolve(root, 'index.html'))) return;
  void app.register(fastifyStatic, { root, serve: false });
  app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    let path: string;
    try {
      path = decodeURIComponent(req.url.split('?')[0]!);
    } catch {
      throw new ERR_API_NOT_FOUND('(malformed path)');
    }
    if (path.startsWith('/api/')) throw new ERR_API_NOT_FOUND(`GET ${path.slice(0, 200)}`);
    const file = resolve(root, `.${path}`);
    const inside = file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
    if (inside && file !== root && existsSync(file) && statSync(file).isFile()) {
      // Hashed assets never change; index.html must always be fetched afresh.
      return reply.header('cache-control', path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache').sendFile(file.slice(root.length + 1), { cacheControl: false });
    }
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html', { cacheControl: false });
  });
}
