/**
 * A tiny cache of serialized answers for live data that only changes once a second (the rate
 * history ticks once a second; detection updates each attack once a second). Two hundred consoles
 * polling the same board within one second then cost one query and one serialization, not two
 * hundred. Keys must include everything the answer depends on — the caller's scope above all.
 */
import type { FastifyReply } from 'fastify';

const MAX_ENTRIES = 1000;

/** Serialized answers valid until their `until` time (ms) or version changes. */
export class AnswerCache {
  readonly #entries = new Map<string, { text: string; until: number; version: number }>();

  /**
   * Sends the cached answer for `key`, or computes it, serializes it with the route's response
   * schema (so nothing outside the schema is ever cached or sent) and caches it.
   */
  async send(reply: FastifyReply, key: string, now: number, ttlMs: number, version: number, compute: () => Promise<unknown>): Promise<FastifyReply> {
    const cached = this.#entries.get(key);
    if (cached !== undefined && cached.until > now && cached.version === version) return reply.type('application/json; charset=utf-8').send(cached.text);
    // The route's response serializer (fast-json-stringify) yields a string.
    const text = reply.serialize(await compute()) as string;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(key, { text, until: now + ttlMs, version });
    return reply.type('application/json; charset=utf-8').send(text);
  }
}
