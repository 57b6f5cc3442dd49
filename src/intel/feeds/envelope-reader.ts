/**
 * Reads a TAXII 2.1 envelope (§3.7) received from a server: the body must be a JSON object whose
 * `objects` is a list of objects each with a string `id` and `type`, `more` a boolean and `next` a
 * string (present when `more` is true); `X-TAXII-Date-Added-Last`, when sent, a TAXII timestamp.
 * An empty answer `{}` is an empty last page. Anything else is refused with the reason, so a
 * malformed page is never half-used.
 */
import { parseTaxiiTimestamp, type TaxiiTimestamp } from '../taxii/timestamp.js';

/** A STIX object as received (at least `id` and `type`). */
export type ReceivedObject = Readonly<Record<string, unknown>> & { readonly id: string; readonly type: string };

/** One page of `GET …/objects/`. */
export interface ReceivedEnvelope {
  readonly objects: readonly ReceivedObject[];
  readonly more: boolean;
  readonly next: string | undefined;
  /** `X-TAXII-Date-Added-Last`, normalised; undefined when the server sent none. */
  readonly dateAddedLast: TaxiiTimestamp | undefined;
}

/** The envelope in `text` with its date header, or the reason it is not one. */
export function readEnvelope(text: string, dateAddedLast: string | null): ReceivedEnvelope | { readonly invalid: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    return { invalid: `not JSON (${(e as Error).message})` };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { invalid: 'the body is not a JSON object' };
  const b = body as Record<string, unknown>;
  const objects = b.objects ?? [];
  if (!Array.isArray(objects)) return { invalid: 'objects is not a list' };
  const bad = objects.findIndex((o) => typeof o !== 'object' || o === null || Array.isArray(o) || typeof o.id !== 'string' || typeof o.type !== 'string');
  if (bad >= 0) return { invalid: `objects[${bad}] is not a STIX object with an id and a type` };
  const more = b.more ?? false;
  if (typeof more !== 'boolean') return { invalid: 'more is not a boolean' };
  if (b.next !== undefined && (typeof b.next !== 'string' || b.next === '')) return { invalid: 'next is not a non-empty string' };
  const next = b.next as string | undefined;
  // Without `next` the only way on is `added_after`, which skips or repeats objects sharing a
  // date_added across the page boundary; a server that says more must say where.
  if (more && next === undefined) return { invalid: 'more is true but there is no next' };
  let last: TaxiiTimestamp | undefined;
  if (dateAddedLast !== null) {
    last = parseTaxiiTimestamp(dateAddedLast.trim());
    if (last === undefined) return { invalid: `X-TAXII-Date-Added-Last is not a timestamp: ${JSON.stringify(dateAddedLast.slice(0, 64))}` };
  }
  return { objects: objects as ReceivedObject[], more, next, dateAddedLast: last };
}
