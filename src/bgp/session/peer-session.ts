/**
 * One BGP session over TCP (RFC 4271 §8): Connect → OpenSent → OpenConfirm → Established, hold
 * and keepalive timers, capability negotiation, NOTIFICATION on every error, reconnect with
 * exponential backoff and jitter, and the peer's Adj-RIB-Out re-sent on each establishment.
 *
 * Whatever the peer sends — NOTIFICATIONs, garbage, a dropped connection — ends at most this
 * session: every socket event handler is guarded, and decoders return errors instead of throwing.
 */
import { connect, type Socket } from 'node:net';
import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.js';
import { ErrorCode, FAMILY_AFI_SAFI, FsmSubcode, MESSAGE_TYPE_NAMES, MessageType, familyOf, type RouteFamily } from '../message/constants.js';
import { MessageFramer, encodeKeepalive, type RawMessage } from '../message/header.js';
import { decodeNotification, decodeRouteRefresh, describeNotification, encodeNotification, shutdownCommunication, type NotificationMessage } from '../message/notification.js';
import { decodeOpen, encodeOpen } from '../message/open.js';
import { encodeEndOfRib } from '../message/update.js';
import { SESSION_STATE_VALUES, type BgpMetrics } from '../metrics.js';
import type { PreparedRoute } from '../route.js';
import { AdjRibOut } from './adj-rib-out.js';
import { Backoff } from './backoff.js';
import { negotiate, type NegotiatedSession } from './negotiate.js';
import type { PeerError, PeerStatus, SessionState } from './peer-status.js';
import { InboundUpdates } from './inbound-updates.js';
import { sendPendingRoutes } from './route-sender.js';
import { SessionTimers } from './timers.js';

/** Hold time while waiting for the peer's OPEN (RFC 4271 §8.2.2 suggests 4 minutes). */
const OPEN_HOLD_MS = 240_000;

/** Everything a session needs to know about its peer and about us. */
export interface PeerSessionOptions {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly localAddress?: string | undefined;
  readonly peerAs: number;
  readonly localAs: number;
  /** Our BGP identifier as an unsigned 32-bit number. */
  readonly routerId: number;
  readonly holdTimeSeconds: number;
  readonly families: readonly RouteFamily[];
  readonly passive: boolean;
  readonly nextHopV4: Uint8Array;
  readonly nextHopV6: Uint8Array;
  readonly connectTimeoutMs: number;
  readonly reconnect: { readonly minMs: number; readonly maxMs: number };
  readonly gracefulRestartSeconds?: number | undefined;
}

/** Dependencies of a session. */
export interface PeerSessionDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: BgpMetrics;
  readonly random?: () => number;
}

/** One peer: its session and its Adj-RIB-Out. */
export class PeerSession {
  readonly rib = new AdjRibOut();
  readonly #o: PeerSessionOptions;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #m: BgpMetrics;
  readonly #backoff: Backoff;
  #state: SessionState = 'idle';
  #socket: Socket | undefined;
  #framer = new MessageFramer();
  #session: NegotiatedSession | undefined;
  #sessionId = 0;
  #stopping = false;
  #flushScheduled = false;
  #eorPending = false;
  readonly #timers = new SessionTimers();
  #nextAttemptAtMs: number | undefined;
  #establishedAtMs: number | undefined;
  #lastError: PeerError | undefined;
  #establishments = 0;
  #connectAttempts = 0;
  readonly #inbound: InboundUpdates;

  constructor(options: PeerSessionOptions, deps: PeerSessionDeps) {
    this.#o = options;
    this.#clock = deps.clock;
    this.#log = deps.logger.child({ peer: options.name });
    this.#m = deps.metrics;
    this.#backoff = new Backoff(options.reconnect, deps.random);
    this.#inbound = new InboundUpdates(options.name, deps.metrics, this.#log);
    this.#m.sessionState.set({ peer: options.name }, 0);
  }

  /** The peer's name. */
  get name(): string {
    return this.#o.name;
  }

  /** The peer's configured address and whether it connects to us. */
  get address(): string {
    return this.#o.address;
  }

  get passive(): boolean {
    return this.#o.passive;
  }

  /** Families configured for this peer. */
  get families(): readonly RouteFamily[] {
    return this.#o.families;
  }

  /** Current FSM state. */
  get state(): SessionState {
    return this.#state;
  }

  /** Starts connecting (active peers) or waiting for the peer to connect (passive peers). */
  start(): void {
    this.#stopping = false;
    if (this.#o.passive) this.#setState('active');
    else this.#connect();
  }

  /** Queues a route for the peer. */
  announce(p: PreparedRoute): void {
    this.rib.announce(p, this.#clock.now());
    this.#scheduleFlush();
  }

  /** Queues the withdrawal of a route; false when the peer never had it. */
  withdraw(key: string): boolean {
    const known = this.rib.withdraw(key, this.#clock.now());
    this.#scheduleFlush();
    return known;
  }

  /** A snapshot of the peer's state. */
  status(): PeerStatus {
    const s = this.#session;
    return {
      name: this.#o.name,
      address: this.#o.address,
      port: this.#o.port,
      peerAs: this.#o.peerAs,
      passive: this.#o.passive,
      state: this.#state,
      establishedAtMs: this.#state === 'established' ? this.#establishedAtMs : undefined,
      lastError: this.#lastError,
      configuredFamilies: this.#o.families,
      negotiatedFamilies: s === undefined ? [] : [...s.families],
      peerRouterId: s?.peerRouterId,
      holdTimeSeconds: s?.holdTimeSeconds,
      establishments: this.#establishments,
      connectAttempts: this.#connectAttempts,
      nextAttemptAtMs: this.#timers.armed('reconnect') ? this.#nextAttemptAtMs : undefined,
      routes: { ...this.rib.counts, announced: this.rib.announcedCount() },
      received: { updates: this.#inbound.updates, prefixes: this.#inbound.prefixes, malformedUpdates: this.#inbound.malformedUpdates },
    };
  }

  /**
   * Stops the session: withdraws every route, waits until the withdrawals are written, then
   * sends Cease / Administrative Shutdown (RFC 4486, with an RFC 9003 message) and closes.
   */
  async stop(timeoutMs: number): Promise<void> {
    this.#stopping = true;
    this.#timers.clear('reconnect');
    const socket = this.#socket;
    if (this.#state === 'established' && socket !== undefined) {
      this.rib.withdrawAll(this.#clock.now());
      this.#flush();
      const bye: NotificationMessage = { code: ErrorCode.Cease, subcode: 2, data: shutdownCommunication('Sakimori BGP speaker stopping') };
      this.#recordNotification('sent', bye, 'administrative shutdown');
      await this.#endGracefully(socket, encodeNotification(bye), timeoutMs);
    } else if (socket !== undefined) {
      socket.destroy();
    }
    this.#teardown(socket, undefined);
    this.rib.withdrawAll(this.#clock.now());
    this.#setState('idle');
  }

  /** Takes over an incoming connection for a passive peer; refuses it when a session exists. */
  accept(socket: Socket): void {
    if (this.#stopping || this.#state !== 'active' || this.#socket !== undefined) {
      this.#log.warn({ remote: socket.remoteAddress }, 'refusing a second connection from the peer');
      socket.on('error', () => undefined);
      socket.end(encodeNotification({ code: ErrorCode.Cease, subcode: 5, data: new Uint8Array(0) }));
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    this.#attach(socket);
    this.#sendOpen();
  }

  // --- connection --------------------------------------------------------------------------

  #connect(): void {
    this.#timers.clear('reconnect');
    if (this.#stopping) return;
    this.#connectAttempts++;
    this.#m.connectAttempts.inc({ peer: this.#o.name });
    this.#setState('connect');
    const socket = connect({ host: this.#o.address, port: this.#o.port, ...(this.#o.localAddress === undefined ? {} : { localAddress: this.#o.localAddress }) });
    this.#attach(socket);
    this.#timers.timeout('connect', this.#o.connectTimeoutMs, () => this.#teardown(socket, 'connection attempt timed out'));
    socket.once('connect', () => {
      this.#timers.clear('connect');
      if (socket === this.#socket) this.#guard(() => this.#sendOpen());
    });
  }

  #attach(socket: Socket): void {
    this.#socket = socket;
    this.#framer = new MessageFramer();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      if (socket === this.#socket) this.#guard(() => this.#onData(chunk));
    });
    socket.on('error', (err) => this.#teardown(socket, `socket error: ${err.message}`));
    socket.on('close', () => this.#teardown(socket, 'connection closed by the peer'));
  }

  /** Runs a handler; an unexpected exception ends the session, never the process. */
  #guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.#log.error({ err }, 'internal error in the BGP session; closing it');
      this.#fail({ code: ErrorCode.Cease, subcode: 0, data: new Uint8Array(0) }, `internal error: ${(err as Error).message}`);
    }
  }

  #sendOpen(): void {
    const families = this.#o.families.map((f) => FAMILY_AFI_SAFI[f]);
    const open = encodeOpen({
      localAs: this.#o.localAs,
      holdTimeSeconds: this.#o.holdTimeSeconds,
      bgpId: this.#o.routerId,
      families,
      routeRefresh: true,
      gracefulRestartSeconds: this.#o.gracefulRestartSeconds,
    });
    this.#write(open, MessageType.Open);
    this.#setState('open-sent');
    this.#armHold(OPEN_HOLD_MS);
  }

  #write(bytes: Uint8Array, type: number, done?: (err?: Error | null) => void): void {
    const socket = this.#socket;
    if (socket === undefined || socket.destroyed) return;
    this.#m.messagesSent.inc({ peer: this.#o.name, type: MESSAGE_TYPE_NAMES[type] ?? String(type) });
    socket.write(bytes, done);
  }

  // --- receiving ---------------------------------------------------------------------------

  #onData(chunk: Buffer): void {
    const { messages, error } = this.#framer.push(chunk);
    for (const m of messages) {
      if (this.#socket === undefined) return; // an earlier message ended the session
      this.#m.messagesReceived.inc({ peer: this.#o.name, type: MESSAGE_TYPE_NAMES[m.type] ?? String(m.type) });
      this.#onMessage(m);
    }
    if (error !== undefined && this.#socket !== undefined) this.#fail({ code: error.code, subcode: error.subcode, data: error.data }, error.reason);
  }

  #onMessage(m: RawMessage): void {
    if (m.type === MessageType.Notification) return this.#onNotification(m.body);
    // RFC 4271 §8.2.2: every KEEPALIVE or UPDATE restarts the negotiated hold timer.
    if (this.#session !== undefined && (this.#state === 'open-confirm' || this.#state === 'established')) this.#armHold(this.#session.holdTimeSeconds * 1000);
    switch (m.type) {
      case MessageType.Open:
        return this.#state === 'open-sent' ? this.#onOpen(m.body) : this.#fsmError('OPEN');
      case MessageType.Keepalive:
        if (this.#state === 'open-confirm') return this.#onEstablished();
        return this.#state === 'established' ? undefined : this.#fsmError('KEEPALIVE');
      case MessageType.Update:
        return this.#state === 'established' ? this.#onUpdate(m.body) : this.#fsmError('UPDATE');
      case MessageType.RouteRefresh:
        return this.#state === 'established' ? this.#onRouteRefresh(m.body) : this.#fsmError('ROUTE-REFRESH');
    }
  }

  #fsmError(what: string): void {
    // RFC 6608 §3: the subcode names the state in which the unexpected message arrived.
    const subcode = this.#state === 'open-sent' ? FsmSubcode.OpenSent : this.#state === 'open-confirm' ? FsmSubcode.OpenConfirm : FsmSubcode.Established;
    this.#fail({ code: ErrorCode.FiniteStateMachine, subcode, data: new Uint8Array(0) }, `unexpected ${what} in state ${this.#state}`);
  }

  #onOpen(body: Uint8Array): void {
    const d = decodeOpen(body);
    if (!d.ok) return this.#fail(d.error, `bad OPEN: ${d.error.reason}`);
    const n = negotiate(d.value, { localAs: this.#o.localAs, routerId: this.#o.routerId, peerAs: this.#o.peerAs, holdTimeSeconds: this.#o.holdTimeSeconds, families: this.#o.families });
    if (!n.ok) return this.#fail(n.notification, n.reason);
    this.#session = n.session;
    if (n.session.missingFamilies.length > 0) this.#log.warn({ missing: n.session.missingFamilies }, 'peer does not support some configured families; their routes will fail');
    this.#write(encodeKeepalive(), MessageType.Keepalive);
    this.#setState('open-confirm');
    this.#armHold(n.session.holdTimeSeconds * 1000);
  }

  #onEstablished(): void {
    const s = this.#session!;
    this.#sessionId++;
    this.#establishments++;
    this.#establishedAtMs = this.#clock.now();
    this.#m.establishments.inc({ peer: this.#o.name });
    this.#backoff.reset();
    this.#setState('established');
    this.#log.info({ families: [...s.families], holdTime: s.holdTimeSeconds, peerRouterId: s.peerRouterId }, 'BGP session established');
    if (s.keepaliveMs > 0) this.#timers.interval('keepalive', s.keepaliveMs, () => this.#write(encodeKeepalive(), MessageType.Keepalive));
    this.rib.sessionUp(s.families, this.#clock.now());
    this.#eorPending = true;
    this.#flush();
  }

  #onUpdate(body: Uint8Array): void {
    const error = this.#inbound.take(body, this.#session!.fourOctetAs);
    if (error !== undefined) this.#fail(error, `bad UPDATE: ${error.reason}`);
  }

  #onRouteRefresh(body: Uint8Array): void {
    const d = decodeRouteRefresh(body);
    if (!d.ok) return this.#fail(d.error, d.error.reason);
    const family = familyOf(d.value.afi, d.value.safi);
    if (family === undefined || !this.#session!.families.has(family)) return;
    this.rib.requeueFamily(family);
    this.#scheduleFlush();
  }

  #onNotification(body: Uint8Array): void {
    const d = decodeNotification(body);
    const n = d.ok ? d.value : { code: 0, subcode: 0, data: new Uint8Array(0) };
    const text = describeNotification(n);
    this.#recordNotification('received', n, `peer sent NOTIFICATION: ${text}`);
    this.#log.warn({ code: n.code, subcode: n.subcode }, `peer sent NOTIFICATION: ${text}`);
    const socket = this.#socket;
    socket?.destroy();
    this.#teardown(socket, undefined);
  }

  // --- sending routes ----------------------------------------------------------------------

  #scheduleFlush(): void {
    if (this.#flushScheduled || this.#state !== 'established') return;
    this.#flushScheduled = true;
    // Everything announced in the same tick shares UPDATEs.
    setImmediate(() => {
      this.#flushScheduled = false;
      this.#guard(() => this.#flush());
    });
  }

  #flush(): void {
    const s = this.#session;
    if (this.#state !== 'established' || s === undefined) return;
    const id = this.#sessionId;
    const encoding = { localAs: this.#o.localAs, ibgp: s.ibgp, fourOctetAs: s.fourOctetAs, nextHopV4: this.#o.nextHopV4, nextHopV6: this.#o.nextHopV6 };
    sendPendingRoutes(
      this.rib,
      s,
      encoding,
      () => this.#clock.now(),
      (bytes, written) => this.#write(bytes, MessageType.Update, (err) => written(err == null)),
      () => id === this.#sessionId && this.#state === 'established',
    );
    if (this.#eorPending) {
      // End-of-RIB after the initial dump (RFC 4724 §2), so a restarting peer knows we are done.
      this.#eorPending = false;
      for (const f of s.families) this.#write(encodeEndOfRib(f), MessageType.Update);
    }
  }

  // --- errors, teardown, timers ------------------------------------------------------------

  #recordNotification(direction: 'sent' | 'received', n: NotificationMessage, message: string): void {
    const labels = { peer: this.#o.name, code: String(n.code), subcode: String(n.subcode) };
    if (direction === 'sent') this.#m.notificationsSent.inc(labels);
    else this.#m.notificationsReceived.inc(labels);
    this.#lastError = { atMs: this.#clock.now(), message, notification: { direction, code: n.code, subcode: n.subcode } };
  }

  /** Sends a NOTIFICATION and closes the session. */
  #fail(n: NotificationMessage, reason: string): void {
    const socket = this.#socket;
    this.#recordNotification('sent', n, reason);
    this.#log.warn({ code: n.code, subcode: n.subcode }, `closing session: ${reason}`);
    if (socket !== undefined && !socket.destroyed) {
      this.#m.messagesSent.inc({ peer: this.#o.name, type: 'notification' });
      socket.end(encodeNotification(n));
      setTimeout(() => socket.destroy(), 1000).unref();
    }
    this.#teardown(socket, undefined);
  }

  #endGracefully(socket: Socket, last: Uint8Array, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        socket.destroy();
        resolve();
      }, timeoutMs);
      socket.once('close', () => {
        clearTimeout(t);
        resolve();
      });
      this.#m.messagesSent.inc({ peer: this.#o.name, type: 'notification' });
      socket.end(last);
    });
  }

  /** Ends the current session once, whatever ended it; schedules the next attempt. */
  #teardown(socket: Socket | undefined, reason: string | undefined): void {
    if (socket === undefined || socket !== this.#socket) return;
    this.#socket = undefined;
    if (!socket.destroyed && reason !== undefined) socket.destroy();
    const wasEstablished = this.#state === 'established';
    this.#timers.clearAll(['reconnect']);
    if (reason !== undefined && !this.#stopping) {
      this.#lastError = { atMs: this.#clock.now(), message: reason };
      // One line per outage at info; the retries that follow (GoBGP refuses for ~30 s) at debug.
      const level = wasEstablished || this.#backoff.attempts === 0 ? 'info' : 'debug';
      this.#log[level]({ reason, attempt: this.#backoff.attempts + 1 }, wasEstablished ? 'BGP session lost' : 'BGP connection failed');
    }
    this.#sessionId++;
    this.rib.sessionDown(this.#clock.now());
    if (this.#stopping) return;
    if (this.#o.passive) {
      this.#setState('active');
      return;
    }
    this.#setState('idle');
    const delay = this.#backoff.next();
    this.#nextAttemptAtMs = this.#clock.now() + delay;
    this.#timers.timeout('reconnect', delay, () => this.#guard(() => this.#connect()));
  }

  #armHold(ms: number): void {
    if (ms <= 0) this.#timers.clear('hold');
    else this.#timers.timeout('hold', ms, () => this.#guard(() => this.#fail({ code: ErrorCode.HoldTimerExpired, subcode: 0, data: new Uint8Array(0) }, 'hold timer expired')));
  }

  #setState(state: SessionState): void {
    this.#state = state;
    this.#m.sessionState.set({ peer: this.#o.name }, SESSION_STATE_VALUES[state]);
  }
}
