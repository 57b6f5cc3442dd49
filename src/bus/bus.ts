/**
 * The event bus between parts of the platform (detection → operations → oversight, and in
 * production collectors at many sites → detector shards). One interface, one folder per
 * implementation: `memory/` (in-process, the embedded default) and `nats/` (NATS JetStream).
 * `contract.ts` is the suite every implementation passes.
 *
 * Subjects come from a typed {@link Catalogue} (the platform's is `subjects.ts`): each subject has
 * a TypeBox schema, publish and subscribe are typed by subject, and every message is checked
 * against its schema on receipt — a message from another machine is untrusted input, so a bad one
 * is counted and dead-lettered, never handed to a handler. Subscriptions may use `*` for one token
 * and `>` for the rest, as NATS does.
 */
import type { Static, TSchema } from 'typebox';

/** One subject of a catalogue: the schema its payloads must satisfy. */
export interface SubjectSpec<S extends TSchema = TSchema> {
  readonly schema: S;
  /** What the event means, for the docs and the dead-letter log. */
  readonly description: string;
}

/** Subjects by name. Names are dot-separated tokens without wildcards (`attack.started`). */
export type Catalogue = { readonly [subject: string]: SubjectSpec };

/** The payload type of `S`, derived from its schema. */
export type Payload<C extends Catalogue, S extends keyof C> = Static<C[S]['schema']>;

/** Traffic Light Protocol 2.0 markings: who the receiver may share a message with. */
export type Marking = 'TLP:CLEAR' | 'TLP:GREEN' | 'TLP:AMBER' | 'TLP:AMBER+STRICT' | 'TLP:RED';

/** The markings, least restrictive first. */
export const MARKINGS: readonly Marking[] = ['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED'];

/** Headers every message carries. */
export interface BusHeaders {
  /** Message id: a second publish of the same id within the bus's duplicate window is dropped. */
  readonly id: string;
  readonly marking: Marking;
  /** The site that published the message. */
  readonly origin: string;
}

/** A message as delivered to a handler. */
export interface BusMessage<S extends string = string, T = unknown> {
  readonly subject: S;
  readonly data: T;
  /** Publish time, ms since epoch (publisher's bus clock). */
  readonly time: number;
  readonly headers: BusHeaders;
  /** Position in the bus's stream, from 1; replay can start from it. */
  readonly sequence: number;
  /** 1 on the first delivery, more on redeliveries after a failed handler. */
  readonly deliveries: number;
}

/**
 * Handles one message. Resolving acknowledges it; throwing (or rejecting) is counted and, for a
 * durable or queue consumer, a negative acknowledgement: the message is delivered again, up to the
 * consumer's `maxDeliveries`, then dead-lettered. Exceptions never reach the publisher.
 */
export type BusHandler<M extends BusMessage = BusMessage> = (message: M) => void | Promise<void>;

/** Where a new consumer starts reading the stream. */
export type StartPosition = { readonly kind: 'new' } | { readonly kind: 'all' } | { readonly kind: 'sequence'; readonly sequence: number } | { readonly kind: 'time'; readonly time: number };

/** How a subscription consumes. */
export interface SubscribeOptions {
  /**
   * A named durable consumer: its position and unacknowledged messages outlive the subscription
   * (and, on JetStream, the process), so a subscriber that comes back resumes where it stopped.
   * Durable consumers apply back-pressure instead of dropping.
   */
  readonly durable?: string;
  /** A queue group: subscriptions with the same name compete, each message goes to one of them. */
  readonly queue?: string;
  /** Where a new consumer starts; `new` by default. Ignored when a durable consumer exists. */
  readonly start?: StartPosition;
  /** Messages waiting for this subscription at most; beyond it, an ephemeral one drops (counted). */
  readonly maxDepth?: number;
  /** Deliveries of one message to a durable or queue consumer before it is dead-lettered. */
  readonly maxDeliveries?: number;
}

/** Options of one publish. */
export interface PublishOptions {
  /** Message id for de-duplication; a random one when absent. */
  readonly id?: string;
  /** The bus's default marking when absent. */
  readonly marking?: Marking;
}

/** A live subscription. */
export interface Subscription {
  /** Stops delivery to this subscription; a durable consumer keeps its position. */
  unsubscribe(): void;
}

/** Why a message was dead-lettered. */
export type DeadLetterReason = 'invalid' | 'unknown-subject' | 'max-deliveries';

/** A message the bus refused or gave up on, kept for inspection. */
export interface DeadLetter {
  readonly reason: DeadLetterReason;
  readonly subject: string;
  /** The payload as received (not trusted). */
  readonly data: unknown;
  readonly headers: BusHeaders | null;
  /** Schema errors, or the last handler error. */
  readonly detail: string;
  /** The consumer that gave up on it, for `max-deliveries`. */
  readonly consumer?: string;
  readonly time: number;
}

/** Counters every bus keeps (also exported as `sakimori_bus_*` metrics). */
export interface BusStats {
  published: number;
  /** Publishes dropped because their id was seen within the duplicate window. */
  duplicates: number;
  /** Messages that failed their schema (or had no subject in the catalogue). */
  invalid: number;
  delivered: number;
  /** Messages an ephemeral subscription dropped because its queue was full. */
  dropped: number;
  handlerErrors: number;
  redelivered: number;
  deadLettered: number;
}

/** Subjects of `C` that pattern `P` matches; every subject when `P` is not a literal. */
export type SubjectsMatching<C extends Catalogue, P extends string> = string extends P
  ? keyof C & string
  : { [S in keyof C & string]: MatchTokens<Tokens<P>, Tokens<S>> extends true ? S : never }[keyof C & string];

/** What a handler of pattern `P` receives: a union discriminated by subject. */
export type Delivered<C extends Catalogue, P extends string> = { [S in SubjectsMatching<C, P>]: BusMessage<S, Payload<C, S>> }[SubjectsMatching<C, P>];

type Tokens<S extends string> = S extends `${infer H}.${infer R}` ? [H, ...Tokens<R>] : [S];
type MatchTokens<P extends readonly string[], S extends readonly string[]> = P extends ['>', ...string[]]
  ? S extends [string, ...string[]]
    ? true
    : false
  : P extends [infer PH extends string, ...infer PR extends string[]]
    ? S extends [infer SH extends string, ...infer SR extends string[]]
      ? PH extends '*' | SH
        ? MatchTokens<PR, SR>
        : false
      : false
    : S extends []
      ? true
      : false;

/** Publish/subscribe event bus over catalogue `C`. */
export interface Bus<C extends Catalogue> {
  readonly name: string;
  /** The subjects this bus carries. */
  readonly catalogue: C;
  /** Publishes a message; resolves once the bus has accepted it (for durable buses: stored). */
  publish<S extends keyof C & string>(subject: S, data: Payload<C, S>, options?: PublishOptions): Promise<void>;
  /** Subscribes to a subject or pattern; the handler receives only messages that passed their schema. */
  subscribe<P extends string>(pattern: P, handler: BusHandler<Delivered<C, P>>, options?: SubscribeOptions): Subscription;
  /** Waits until every message published so far (and what handlers published meanwhile) was handled locally. */
  flush(): Promise<void>;
  /** Counters since the bus was created. */
  stats(): Readonly<BusStats>;
  /** The most recent dead letters, oldest first. */
  deadLetters(): readonly DeadLetter[];
  /** Connects (JetStream) — nothing to do in memory. */
  start(): Promise<void>;
  /** Stops every subscription after their current handler; publishing afterwards is refused. */
  stop(): Promise<void>;
}

/**
 * A bus of any catalogue as seen by a subscriber that forwards every message unread (the event
 * outputs): it needs no payload type.
 */
export interface EverySubject {
  subscribe(pattern: '>', handler: BusHandler): Subscription;
}

/** True when `subject` matches `pattern` (`*` one token, `>` one or more trailing tokens). */
export function subjectMatches(pattern: string, subject: string): boolean {
  if (pattern === subject || pattern === '>') return true;
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    const t = p[i]!;
    if (t === '>') return s.length > i;
    if (i >= s.length) return false;
    if (t !== '*' && t !== s[i]) return false;
  }
  return p.length === s.length;
}
