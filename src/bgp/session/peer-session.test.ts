/**
 * The session against misbehaving peers: plain TCP servers on loopback (port 0) that send garbage,
 * NOTIFICATIONs, malformed UPDATEs or nothing at all. None of it may take the process down.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { Registry } from 'prom-client';
import Value from 'typebox/value';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { BgpConfigSchema, type BgpConfig } from '../config.js';
import { fromHex } from '../message/byte-writer.js';
import { MessageFramer, encodeKeepalive, frameMessage, type RawMessage } from '../message/header.js';
import { decodeNotification, encodeNotification } from '../message/notification.js';
import { encodeOpen } from '../message/open.js';
import { rtbhRoute } from '../route.js';
import { createBgpSpeaker, type BgpSpeaker } from '../speaker.js';
import { waitFor } from '../testing/gobgpd.js';

/** A scripted peer: records what it receives on each connection and lets the test answer. */
class FakePeer {
  readonly connections: { socket: Socket; messages: RawMessage[]; closed: boolean }[] = [];
  onConnect: (socket: Socket) => void = () => undefined;
  onMessage: (socket: Socket, m: RawMessage) => void = () => undefined;
  readonly #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<FakePeer> {
    const server = createServer();
    const peer = new FakePeer(server);
    server.on('connection', (socket) => {
      const conn = { socket, messages: [] as RawMessage[], closed: false };
      peer.connections.push(conn);
      const framer = new MessageFramer();
      socket.on('error', () => undefined);
      socket.on('close', () => (conn.closed = true));
      socket.on('data', (chunk) => {
        for (const m of framer.push(chunk).messages) {
          conn.messages.push(m);
          peer.onMessage(socket, m);
        }
      });
      peer.onConnect(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return peer;
  }

  get port(): number {
    const a = this.#server.address();
    return typeof a === 'object' && a !== null ? a.port : 0;
  }

  /** Answers our OPEN like a well-behaved peer (AS 65001), optionally with a hold time. */
  behaveUntilEstablished(holdTimeSeconds = 90): void {
    this.onMessage = (socket, m) => {
      if (m.type === 1) {
        socket.write(encodeOpen({ localAs: 65001, holdTimeSeconds, bgpId: 0x0a0000fe, families: [{ afi: 1, safi: 1 }], routeRefresh: false }));
        socket.write(encodeKeepalive());
      }
    };
  }

  notificationsReceived(): { code: number; subcode: number }[] {
    return this.connections
      .flatMap((c) => c.messages.filter((m) => m.type === 3).map((m) => decodeNotification(m.body)))
      .flatMap((d) => (d.ok ? [{ code: d.value.code, subcode: d.value.subcode }] : []));
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function setup(over: Partial<BgpConfig> = {}): Promise<{ peer: FakePeer; speaker: BgpSpeaker; metrics: Registry }> {
  const peer = await FakePeer.start();
  cleanups.push(() => peer.close());
  const config = Value.Default(BgpConfigSchema, {
    localAs: 65000,
    routerId: '10.0.0.1',
    reconnect: { minMs: 50, maxMs: 400 },
    stopTimeoutMs: 500,
    peers: [{ name: 'fake', address: '127.0.0.1', port: peer.port, peerAs: 65001, families: ['ipv4-unicast'] }],
    ...over,
  }) as BgpConfig;
  const metrics = new Registry();
  const speaker = createBgpSpeaker(config, { clock: systemClock, logger: silentLogger(), metrics });
  cleanups.push(() => speaker.stop());
  return { peer, speaker, metrics };
}

describe('PeerSession against misbehaving peers', () => {
  it('answers garbage with Connection Not Synchronized and keeps reconnecting', async () => {
    const { peer, speaker } = await setup();
    peer.onConnect = (s) => s.write(fromHex('00112233445566778899aabbccddeeff0013040102'));
    await speaker.start();
    await waitFor('three connections', () => (peer.connections.length >= 3 ? true : undefined));
    expect(peer.notificationsReceived()[0]).toEqual({ code: 1, subcode: 1 });
    expect(speaker.peer('fake').lastError).toMatchObject({ message: 'marker is not all ones', notification: { direction: 'sent', code: 1, subcode: 1 } });
  });

  it('records a NOTIFICATION from the peer and tries again', async () => {
    const { peer, speaker } = await setup();
    peer.onMessage = (s, m) => {
      if (m.type === 1) s.write(encodeNotification({ code: 6, subcode: 2, data: fromHex('0b6d61696e74656e616e6365') }));
    };
    await speaker.start();
    await waitFor('a second connection', () => (peer.connections.length >= 2 ? true : undefined));
    expect(speaker.peer('fake').lastError).toMatchObject({
      message: 'peer sent NOTIFICATION: cease / administrative shutdown: maintenance',
      notification: { direction: 'received', code: 6, subcode: 2 },
    });
  });

  it('treats a malformed UPDATE as withdraw and resets the session on a broken one', async () => {
    const { peer, speaker } = await setup();
    peer.behaveUntilEstablished();
    await speaker.start();
    await waitFor('established', () => (speaker.peer('fake').state === 'established' ? true : undefined));
    const socket = peer.connections[0]!.socket;
    // ORIGIN 7 is invalid: treat-as-withdraw, the session stays.
    socket.write(frameMessage(2, fromHex('0000001f4001010740020602010000fde9400304c0000201c00808ffff029affffff0120c0000205')));
    await waitFor('malformed counted', () => (speaker.peer('fake').received.malformedUpdates === 1 ? true : undefined));
    expect(speaker.peer('fake').state).toBe('established');
    // Attribute length beyond the message: session reset with UPDATE Message Error.
    socket.write(frameMessage(2, fromHex('0000ffff40010100')));
    await waitFor('notification', () => (peer.notificationsReceived().length > 0 ? true : undefined));
    expect(peer.notificationsReceived()).toEqual([{ code: 3, subcode: 1 }]);
    await waitFor('re-established', () => (speaker.peer('fake').establishments === 2 ? true : undefined));
  });

  it('announces over the session and restores the routes after the peer drops the connection', async () => {
    const { peer, speaker, metrics } = await setup();
    peer.behaveUntilEstablished();
    const { key } = speaker.announce(rtbhRoute('192.0.2.33'));
    await speaker.start();
    expect(await speaker.waitForRoute(key, 'active', { timeoutMs: 5000 })).toBe(true);
    const updates = (i: number): number => peer.connections[i]!.messages.filter((m) => m.type === 2 && m.body.length > 4).length;
    await waitFor('the UPDATE at the peer', () => (updates(0) === 1 ? true : undefined));
    peer.connections[0]!.socket.destroy();
    await waitFor('route re-sent on a new session', () => (peer.connections.length >= 2 && updates(1) === 1 ? true : undefined));
    expect(await speaker.waitForRoute(key, 'active', { timeoutMs: 5000 })).toBe(true);
    const text = await metrics.metrics();
    expect(text).toContain('sakimori_bgp_session_state{peer="fake"} 5');
    expect(text).toContain('sakimori_bgp_session_establishments_total{peer="fake"} 2');
    expect(text).toContain('sakimori_bgp_routes{peer="fake",state="active"} 1');
  });

  it('sends Hold Timer Expired when an established peer falls silent', async () => {
    const { peer, speaker } = await setup();
    peer.behaveUntilEstablished(3);
    await speaker.start();
    await waitFor('hold timer expiry', () => (peer.notificationsReceived().some((n) => n.code === 4) ? true : undefined), 8000);
    expect(speaker.peer('fake').lastError?.message).toBe('hold timer expired');
  });

  it('withdraws everything and says goodbye with Cease / Administrative Shutdown on stop', async () => {
    const { peer, speaker } = await setup();
    peer.behaveUntilEstablished();
    await speaker.start();
    const { key } = speaker.announce(rtbhRoute('192.0.2.34'));
    expect(await speaker.waitForRoute(key, 'active', { timeoutMs: 5000 })).toBe(true);
    await speaker.stop();
    const msgs = peer.connections[0]!.messages;
    const last = msgs[msgs.length - 1]!;
    const withdrawal = msgs[msgs.length - 2]!;
    expect(last.type).toBe(3);
    expect(peer.notificationsReceived()).toEqual([{ code: 6, subcode: 2 }]);
    expect(Buffer.from(withdrawal.body).toString('hex')).toBe('000520c00002220000'); // withdrawn 192.0.2.34/32
    expect(speaker.routeStatus(key)[0]?.status.state).toBe('withdrawn');
    expect(() => speaker.announce(rtbhRoute('192.0.2.35'))).toThrow('the BGP speaker is not running');
  });
});
