/**
 * The HTTP server: the JSON API under `/api/v1`, Prometheus metrics, health, and (later) the web
 * console. Routes come from plugins in `routes/`, each taking its dependencies as arguments.
 */
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { BaseDeps, Component } from '../core/component.js';
import type { ApiConfig } from './config.js';
import { errorHandler } from './errors.js';
import { parseListen } from '../collector/udp-listener.js';

/** The HTTP server component. */
export interface ApiServer extends Component {
  readonly app: FastifyInstance;
  /** `http://host:port` URLs actually bound, after start. */
  readonly urls: readonly string[];
}

/** Creates the HTTP server with the given route plugins. */
export function createApiServer(config: ApiConfig, deps: BaseDeps, plugins: ReadonlyArray<FastifyPluginAsync>): ApiServer {
  // Unknown fields are refused, not silently dropped (removeAdditional: false); query strings are coerced.
  const app = Fastify({
    logger: false,
    bodyLimit: 1 << 20,
    routerOptions: { maxParamLength: 256 },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
  });
  app.setErrorHandler(errorHandler(deps.logger));
  app.get(config.metricsPath, async (_req, reply) => {
    void reply.header('content-type', deps.metrics.contentType);
    return deps.metrics.metrics();
  });
  app.get('/healthz', async () => ({ status: 'ok', time: new Date(deps.clock.now()).toISOString() }));
  for (const p of plugins) void app.register(p, { prefix: '/api/v1' });
  const urls: string[] = [];
  return {
    name: 'api',
    app,
    urls,
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
