/**
 * The Adj-RIB-Out of one peer (RFC 4271 §3.2): what we want the peer to hold, and how far each
 * route has got. Routes are keyed by their stable key; a newer announce of the same key replaces
 * the older one. Pure bookkeeping: the session decides when to send.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { RouteFamily } from '../message/constants.js';
import type { BgpRoute, PreparedRoute } from '../route.js';

/**
 * Where a route stands with this peer: `pending` (not yet sent on the current session),
 * `active` (written to an Established session), `withdrawn` (withdraw written, or the session
 * that carried it is gone), `failed` (cannot be sent to this peer; see `error`).
 */
export type RouteState = 'pending' | 'active' | 'withdrawn' | 'failed';

/** What the caller last asked for. */
export type RouteIntent = 'announce' | 'withdraw';

/** The visible status of one route with one peer. */
export interface RouteStatus {
  readonly key: string;
  readonly family: RouteFamily;
  readonly route: BgpRoute;
  readonly intent: RouteIntent;
  readonly state: RouteState;
  /** Why the route failed, when it did. */
  readonly error: string | undefined;
  /** When the state last changed (ms since epoch). */
  readonly changedAtMs: number;
}

/** Route counts by state. */
export interface RouteCounts {
  pending: number;
  active: number;
  withdrawn: number;
  failed: number;
}

/** One route in the table (mutable inside this module only). */
export interface RibEntry {
  prepared: PreparedRoute;
  intent: RouteIntent;
  state: RouteState;
  error: string | undefined;
  changedAtMs: number;
  /** Bumped on every change, so a late write completion cannot overwrite a newer intent. */
  generation: number;
  /** True when the route is, or may be, held by the peer on the current session. */
  sent: boolean;
}

/** Listener for state changes. */
export type RouteListener = (status: RouteStatus) => void;

/** The Adj-RIB-Out of one peer. */
export class AdjRibOut {
  readonly #entries = new Map<string, RibEntry>();
  readonly #dirty = new Set<string>();
  /** Keys of withdrawn entries in the order they were withdrawn, to bound what is remembered. */
  readonly #withdrawnOrder = new Set<string>();
  readonly #counts: RouteCounts = { pending: 0, active: 0, withdrawn: 0, failed: 0 };
  readonly #listeners = new Set<RouteListener>();
  readonly #maxWithdrawnKept: number;

  constructor(options: { maxWithdrawnKept?: number } = {}) {
    this.#maxWithdrawnKept = options.maxWithdrawnKept ?? 10_000;
  }

  /** Counts by state (a live object; do not mutate). */
  get counts(): Readonly<RouteCounts> {
    return this.#counts;
  }

  /** Routes waiting to be sent. */
  get dirtySize(): number {
    return this.#dirty.size;
  }

  /** Number of routes whose intent is announce (what the peer should hold). */
  announcedCount(): number {
    let n = 0;
    for (const e of this.#entries.values()) if (e.intent === 'announce') n++;
    return n;
  }

  /** Subscribes to state changes; returns the unsubscribe function. */
  onChange(listener: RouteListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Status of a route by key. */
  get(key: string): RouteStatus | undefined {
    const e = this.#entries.get(key);
    return e === undefined ? undefined : statusOf(e);
  }

  /** Every route's status. */
  list(): RouteStatus[] {
    return [...this.#entries.values()].map(statusOf);
  }

  #setState(e: RibEntry, state: RouteState, now: number, error?: string): void {
    if (e.state === state && e.error === error) return;
    this.#counts[e.state]--;
    this.#counts[state]++;
    e.state = state;
    e.error = error;
    e.changedAtMs = now;
    const key = e.prepared.key;
    if (state === 'withdrawn') this.#rememberWithdrawn(key);
    else this.#withdrawnOrder.delete(key);
    this.#emit(e);
  }

  #emit(e: RibEntry): void {
    if (this.#listeners.size === 0) return;
    const s = statusOf(e);
    for (const l of this.#listeners) l(s);
  }

  #rememberWithdrawn(key: string): void {
    this.#withdrawnOrder.delete(key);
    this.#withdrawnOrder.add(key);
    while (this.#withdrawnOrder.size > this.#maxWithdrawnKept) {
      const oldest = this.#withdrawnOrder.values().next().value as string;
      this.#withdrawnOrder.delete(oldest);
      const e = this.#entries.get(oldest);
      if (e !== undefined && e.state === 'withdrawn') {
        this.#entries.delete(oldest);
        this.#counts.withdrawn--;
      }
    }
  }

  /** Records that the peer should hold `p`; it becomes pending until the session sends it. */
  announce(p: PreparedRoute, now: number): void {
    let e = this.#entries.get(p.key);
    if (e === undefined) {
      e = { prepared: p, intent: 'announce', state: 'pending', error: undefined, changedAtMs: now, generation: 0, sent: false };
      this.#entries.set(p.key, e);
      this.#counts.pending++;
      this.#dirty.add(p.key);
      this.#emit(e);
      return;
    } else {
      // Re-asserting a route the peer already holds, unchanged, sends nothing.
      const same = e.intent === 'announce' && e.state === 'active' && e.prepared.attributeSignature === p.attributeSignature;
      if (same && !this.#dirty.has(p.key)) return;
      e.prepared = p;
      e.intent = 'announce';
      e.generation++;
    }
    this.#dirty.add(p.key);
    this.#setState(e, 'pending', now);
  }

  /**
   * Records that the peer should no longer hold the route with `key`. A route the peer never
   * received is withdrawn at once; otherwise the withdraw is pending until sent.
   */
  withdraw(key: string, now: number): boolean {
    const e = this.#entries.get(key);
    if (e === undefined || e.intent === 'withdraw') return e !== undefined;
    e.intent = 'withdraw';
    e.generation++;
    if (e.sent) {
      this.#dirty.add(key);
      this.#setState(e, 'pending', now);
    } else {
      this.#dirty.delete(key);
      this.#setState(e, 'withdrawn', now);
    }
    return true;
  }

  /** Withdraws every route (used on graceful stop). */
  withdrawAll(now: number): void {
    for (const key of [...this.#entries.keys()]) this.withdraw(key, now);
  }

  /** Takes the routes waiting to be sent, with their generation at this moment. */
  takeDirty(): { entry: RibEntry; generation: number }[] {
    const out: { entry: RibEntry; generation: number }[] = [];
    for (const k of this.#dirty) {
      const e = this.#entries.get(k);
      if (e !== undefined) out.push({ entry: e, generation: e.generation });
    }
    this.#dirty.clear();
    return out;
  }

  /** Marks a batch as written to the session, unless the route changed since it was taken. */
  markWritten(batch: readonly { entry: RibEntry; generation: number }[], now: number): void {
    for (const { entry, generation } of batch) {
      if (entry.generation !== generation || this.#entries.get(entry.prepared.key) !== entry) continue;
      if (entry.intent === 'announce') {
        entry.sent = true;
        this.#setState(entry, 'active', now);
      } else {
        entry.sent = false;
        this.#setState(entry, 'withdrawn', now);
      }
    }
  }

  /** Marks one route as unsendable to this peer (until the next session re-evaluates it). */
  markFailed(entry: RibEntry, generation: number, error: string, now: number): void {
    if (entry.generation !== generation) return;
    this.#setState(entry, 'failed', now, error);
  }

  /**
   * The session is gone: the peer dropped everything we sent (RFC 4271 §8.2.2). Pending withdraws
   * are therefore complete, and announced routes wait for the next session.
   */
  sessionDown(now: number): void {
    this.#dirty.clear();
    for (const e of this.#entries.values()) {
      e.sent = false;
      if (e.intent === 'withdraw') this.#setState(e, 'withdrawn', now);
      else this.#setState(e, 'pending', now);
    }
  }

  /**
   * A session is Established: every announced route of a negotiated family is queued for sending
   * (the whole Adj-RIB-Out is re-sent); routes of other families fail with a reason.
   */
  sessionUp(families: ReadonlySet<RouteFamily>, now: number): void {
    for (const e of this.#entries.values()) {
      if (e.intent !== 'announce') continue;
      e.generation++;
      if (families.has(e.prepared.family)) {
        this.#dirty.add(e.prepared.key);
        this.#setState(e, 'pending', now);
      } else {
        this.#setState(e, 'failed', now, `family ${e.prepared.family} not negotiated with the peer`);
      }
    }
  }

  /** Queues every announced route of one family again (for a ROUTE-REFRESH, RFC 2918 §4). */
  requeueFamily(family: RouteFamily): void {
    for (const e of this.#entries.values()) {
      if (e.intent === 'announce' && e.prepared.family === family && e.state === 'active') {
        e.generation++;
        this.#dirty.add(e.prepared.key);
      }
    }
  }
}

function statusOf(e: RibEntry): RouteStatus {
  return { key: e.prepared.key, family: e.prepared.family, route: e.prepared.route, intent: e.intent, state: e.state, error: e.error, changedAtMs: e.changedAtMs };
}
