/**
 * Accepts BGP connections for passive peers: one TCP server per listen address, each incoming
 * connection handed to the passive peer with the same address, anything else closed at once.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { parseListen } from '../../core/listen.js';
import type { PeerSession } from './peer-session.js';

/** Strips the IPv4-mapped prefix Node reports on dual-stack sockets. */
function plainAddress(a: string | undefined): string {
  if (a === undefined) return '';
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

/** The listening side of the speaker. */
export class BgpListener {
  readonly #servers: Server[] = [];
  readonly #peers: readonly PeerSession[];
  readonly #log: Logger;

  constructor(peers: readonly PeerSession[], logger: Logger) {
    this.#peers = peers.filter((p) => p.passive);
    this.#log = logger;
  }

  /** Addresses actually bound (useful with port 0). */
  addresses(): { host: string; port: number }[] {
    return this.#servers.map((s) => {
      const a = s.address();
      return typeof a === 'object' && a !== null ? { host: a.address, port: a.port } : { host: '', port: 0 };
    });
  }

  /** Binds every listen address; rejects if one cannot be bound (after closing the others). */
  async listen(addresses: readonly string[]): Promise<void> {
    try {
      for (const text of addresses) {
        const { host, port } = parseListen(text);
        const server = createServer((socket) => this.#onConnection(socket));
        server.on('error', (err) => this.#log.error({ err, listen: text }, 'BGP listener error'));
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ host, port }, () => {
            server.off('error', reject);
            resolve();
          });
        });
        this.#servers.push(server);
      }
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  #onConnection(socket: Socket): void {
    socket.on('error', () => undefined); // errors before a peer takes over must not escape
    const remote = plainAddress(socket.remoteAddress);
    const peer = this.#peers.find((p) => p.address === remote);
    if (peer === undefined) {
      this.#log.warn({ remote }, 'connection from an unconfigured address; closing it');
      socket.destroy();
      return;
    }
    peer.accept(socket);
  }

  /** Stops accepting connections. */
  async close(): Promise<void> {
    await Promise.all(this.#servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    this.#servers.length = 0;
  }
}
