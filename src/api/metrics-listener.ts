/**
 * The Prometheus metrics listener: `GET <path>` answers the registry's text exposition on an
 * address of its own, apart from the API and the console.
 *
 * Security invariant: metrics need no sign-in and carry exporter addresses, peer names and load,
 * so they are never served on the API listener (which may face users); this listener binds
 * loopback unless configured otherwise (`api.metrics.listen`), and answers nothing but its path.
 *
 * @example
 * ```ts
 * const metrics = life.add(createMetricsListener(config.api.metrics, deps));
 * await life.start(); // metrics.urls → ['http://127.0.0.1:9464/metrics']
 * ```
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { BaseDeps, Component } from '../core/component.js';
import { defineError } from '../core/errors.js';
import { parseListen } from '../core/listen.js';
import type { MetricsListenerConfig } from './config.js';

/** The metrics listener could not bind its address (in use, not local, not allowed). */
export const ERR_API_METRICS_LISTEN = defineError<[string, string]>('SAKIMORI_ERR_API_METRICS_LISTEN', 'cannot listen for metrics on %s: %s', 500);

/** The metrics listener component. */
export interface MetricsListener extends Component {
  /** URL of the exposition once started (`http://127.0.0.1:9464/metrics`); empty when disabled. */
  readonly urls: readonly string[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Creates the metrics listener over `deps.metrics`. */
export function createMetricsListener(config: MetricsListenerConfig, deps: BaseDeps): MetricsListener {
  const urls: string[] = [];
  const server = createServer((req, res) => void answer(req, res));
  // A scrape is one short request; connections idle longer than this are closed.
  server.keepAliveTimeout = 5_000;

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (path !== config.path) return plain(res, 404, 'not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return plain(res, 405, 'method not allowed\n');
    }
    try {
      const text = await deps.metrics.metrics();
      res.writeHead(200, { 'content-type': deps.metrics.contentType, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : text);
    } catch (err) {
      // Telemetry never takes its host down: a collector that fails is logged and answered 500.
      deps.logger.warn({ err }, 'metrics collection failed');
      plain(res, 500, 'metrics collection failed\n');
    }
  }

  return {
    name: 'metrics-listener',
    urls,
    async start() {
      if (!config.enabled) return;
      const l = parseListen(config.listen);
      await new Promise<void>((resolve, reject) => {
        const failed = (err: Error): void => reject(new ERR_API_METRICS_LISTEN(config.listen, err.message, { cause: err }));
        server.once('error', failed);
        server.listen({ host: l.host, port: l.port }, () => {
          server.off('error', failed);
          resolve();
        });
      });
      const a = server.address();
      if (a !== null && typeof a === 'object') urls.push(`http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}${config.path}`);
      deps.logger.info({ urls }, 'metrics listening');
    },
    async stop() {
      if (!server.listening) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      urls.length = 0;
    },
  };
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
