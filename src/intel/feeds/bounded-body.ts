/**
 * Reads an HTTP answer's body up to a byte bound, enforced while the stream is read: past the
 * bound the stream is cancelled (the connection closes), so a server cannot make the client buffer
 * more than it allows, whatever `Content-Length` says or omits.
 */

/** The body was longer than the bound; nothing of it is returned. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`body longer than ${limit} bytes`);
  }
}

/** The body's bytes, at most `maxBytes` of them; throws {@link BodyTooLarge} beyond. */
export async function readBoundedBody(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = response.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLarge(maxBytes);
  }
  const body = response.body;
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
