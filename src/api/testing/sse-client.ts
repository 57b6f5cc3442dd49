/** A Server-Sent Events client for API tests: collects the events of a stream and waits for one. */
import { expect } from 'vitest';
import type { ApiFixture, TestUser } from './api-fixture.js';

/** An open stream and the events received so far. */
export interface Sse {
  readonly events: { event: string; data: unknown }[];
  waitFor(pred: (e: { event: string; data: unknown }) => boolean, ms?: number): Promise<{ event: string; data: unknown }>;
  close(): void;
}

/** Opens `path` as `user` and collects its events. */
export async function openSse(f: ApiFixture, path: string, user: TestUser): Promise<Sse> {
  const ac = new AbortController();
  const r = await fetch(`${f.platform.api.urls[0]}${path}`, { headers: { cookie: user.cookie }, signal: ac.signal });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  const events: { event: string; data: unknown }[] = [];
  const reader = r.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) });
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    events,
    async waitFor(pred, ms = 5000) {
      const end = Date.now() + ms;
      for (;;) {
        const e = events.find(pred);
        if (e !== undefined) return e;
        if (Date.now() > end) throw new Error(`no matching event on ${path}; got ${events.map((x) => x.event).join(', ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => ac.abort(),
  };
}
