/**
 * What every bus does with a message it receives, whatever carried it: check it against its
 * subject's schema, keep the ones it refuses or gives up on as dead letters, and count.
 */
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Validator } from 'typebox/compile';
import type { BusHeaders, BusStats, Catalogue, DeadLetter, DeadLetterReason } from './bus.js';

/** Checks, dead letters and counters of one bus. */
export class Receipt {
  readonly stats: BusStats = { published: 0, duplicates: 0, invalid: 0, delivered: 0, dropped: 0, handlerErrors: 0, redelivered: 0, deadLettered: 0 };
  readonly #checks = new Map<string, Validator<{}, TSchema>>();
  readonly #dead: DeadLetter[] = [];
  readonly #limit: number;
  readonly #now: () => number;

  constructor(catalogue: Catalogue, deadLetterLimit: number, now: () => number) {
    for (const [subject, spec] of Object.entries(catalogue)) this.#checks.set(subject, Compile(spec.schema));
    this.#limit = deadLetterLimit;
    this.#now = now;
  }

  /**
   * Checks a received payload; on failure dead-letters it and returns false. The payload is never
   * trusted: it may come from another machine.
   */
  accept(subject: string, data: unknown, headers: BusHeaders | null): boolean {
    const check = this.#checks.get(subject);
    if (check === undefined) {
      this.#refuse('unknown-subject', subject, data, headers, 'subject not in the catalogue');
      return false;
    }
    if (check.Check(data)) return true;
    const detail = [...check.Errors(data)]
      .slice(0, 3)
      .map((e) => `${e.instancePath || '/'} ${e.message}`)
      .join('; ');
    this.#refuse('invalid', subject, data, headers, detail);
    return false;
  }

  /** Dead-letters a message a consumer gave up on. */
  giveUp(subject: string, data: unknown, headers: BusHeaders, consumer: string, err: unknown): void {
    this.deadLetter({ reason: 'max-deliveries', subject, data, headers, detail: err instanceof Error ? err.message : String(err), consumer, time: this.#now() });
  }

  /** Keeps a dead letter (the oldest is forgotten past the limit). */
  deadLetter(letter: DeadLetter): void {
    this.stats.deadLettered++;
    this.#dead.push(letter);
    if (this.#dead.length > this.#limit) this.#dead.shift();
  }

  deadLetters(): readonly DeadLetter[] {
    return [...this.#dead];
  }

  #refuse(reason: DeadLetterReason, subject: string, data: unknown, headers: BusHeaders | null, detail: string): void {
    this.stats.invalid++;
    this.deadLetter({ reason, subject, data, headers, detail, time: this.#now() });
  }
}

/** Remembers message ids for a window, to drop a second publish of the same id. */
export class DuplicateWindow {
  readonly #seen = new Map<string, number>();
  readonly #windowMs: number;

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
  }

  /** True when `id` was seen within the window; otherwise remembers it. */
  seen(id: string, now: number): boolean {
    // Ids are inserted in time order, so expired ones are at the front.
    for (const [k, t] of this.#seen) {
      if (t > now - this.#windowMs) break;
      this.#seen.delete(k);
    }
    if (this.#seen.has(id)) return true;
    this.#seen.set(id, now);
    return false;
  }
}
