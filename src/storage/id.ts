/**
 * Sortable random identifiers for rows: 26 characters of Crockford base32 holding a 48-bit
 * millisecond timestamp followed by 80 random bits, the layout of ULID. Ids created later sort
 * after ids created earlier, as text, in both SQLite and PostgreSQL, so "newest first" needs no
 * separate column and index pages fill in order.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_CHARS = 16; // 80 bits
const MAX_TIME = 2 ** 48 - 1;

let lastTime = -1;
const lastRandom = new Uint8Array(RANDOM_CHARS); // one base32 digit (0..31) per element

function encodeTime(ms: number): string {
  let out = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32]! + out;
    t = Math.floor(t / 32);
  }
  return out;
}

/** Adds one to the random part; false when it overflowed (80 bits in the same millisecond). */
function increment(digits: Uint8Array): boolean {
  for (let i = digits.length - 1; i >= 0; i--) {
    if (digits[i]! < 31) {
      digits[i]!++;
      return true;
    }
    digits[i] = 0;
  }
  return false;
}

/**
 * Returns a new id for `nowMs` (pass the component's clock). Within one process ids are strictly
 * increasing even when several are created in the same millisecond or the clock steps back: the
 * random part of the previous id is incremented instead of drawn afresh (ULID "monotonic" mode).
 *
 * @example
 * ```ts
 * const id = asId<OrganizationId>(newId(clock.now())); // '01JH2Z3K4M5N6P7Q8R9STVWXYZ'
 * ```
 */
export function newId(nowMs: number): string {
  const time = Math.min(MAX_TIME, Math.max(0, Math.floor(nowMs)));
  if (time > lastTime || !increment(lastRandom)) {
    crypto.getRandomValues(lastRandom);
    for (let i = 0; i < RANDOM_CHARS; i++) lastRandom[i]! &= 31;
    // Keep the top bit clear so thousands of increments in one millisecond cannot overflow.
    lastRandom[0]! &= 15;
    if (time > lastTime) lastTime = time;
  }
  let out = encodeTime(lastTime);
  for (let i = 0; i < RANDOM_CHARS; i++) out += ALPHABET[lastRandom[i]!];
  return out;
}

/** True when `s` has the shape of an id made by {@link newId}. */
export function isId(s: string): boolean {
  return /^[0-9A-HJKMNP-TV-Z]{26}$/.test(s);
}
