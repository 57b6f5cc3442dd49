/**
 * Password hashing with scrypt (RFC 7914) from `node:crypto`: a random 16-byte salt per password,
 * N = 2^15, r = 8, p = 1 by default (OWASP's 2023 minimum for scrypt is N = 2^17 with r = 8 at p = 1
 * *or* an equivalent memory/time trade; 2^15 × 8 × 128 B = 32 MiB per hash keeps a sign-in near
 * 50–100 ms on two cores while costing an attacker 32 MiB per guess).
 *
 * The stored form carries its own parameters, `$scrypt$ln=15,r=8,p=1$<salt b64>$<hash b64>`
 * (PHC string format), so parameters can be raised later without invalidating existing hashes
 * ({@link needsRehash}). Comparison is constant-time (`timingSafeEqual`).
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ERR_ACCOUNT_INVALID } from './errors.js';
import { MIN_PASSWORD_SCORE, passwordStrength } from './password-strength.js';

/** scrypt cost: log2(N), block size r, parallelism p. */
export interface ScryptCost {
  readonly ln: number;
  readonly r: number;
  readonly p: number;
}

/** The default cost for new hashes. */
export const DEFAULT_SCRYPT_COST: ScryptCost = Object.freeze({ ln: 15, r: 8, p: 1 });

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;
/** Shortest and longest password accepted when setting one. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function scrypt(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.ln;
  // Node refuses work above `maxmem` (32 MiB by default); 128·N·r is what scrypt needs, plus slack.
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 128 * N * cost.r * 2 };
  return new Promise((resolve, reject) => scryptCb(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err === null ? resolve(key) : reject(err))));
}

/**
 * Checks the password policy: 12–256 characters, no control characters, and a zxcvbn score of at
 * least {@link MIN_PASSWORD_SCORE} with the user's own names counted as guessable (so
 * `password1234`, `123456789012` and `alice-alice-alice` are refused). Throws {@link ERR_ACCOUNT_INVALID}.
 */
export function checkPasswordPolicy(password: string, context: readonly string[] = []): void {
  const n = [...password].length;
  if (n < PASSWORD_MIN) throw new ERR_ACCOUNT_INVALID('password', `at least ${PASSWORD_MIN} characters`);
  if (n > PASSWORD_MAX) throw new ERR_ACCOUNT_INVALID('password', `at most ${PASSWORD_MAX} characters`);
  if (CONTROL.test(password)) throw new ERR_ACCOUNT_INVALID('password', 'no control characters');
  const { score, warning } = passwordStrength(password, context);
  if (score < MIN_PASSWORD_SCORE) throw new ERR_ACCOUNT_INVALID('password', `too easy to guess${warning === null ? '' : ` (${warning.replace(/\.$/, '')})`}: use a longer phrase of uncommon words`);
}

/** Hashes a password with a fresh salt. */
export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await scrypt(password, salt, cost);
  return `$scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

function parse(stored: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | undefined {
  const m = FORMAT.exec(stored);
  if (m === null) return undefined;
  const cost = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  // Bounds keep a tampered row from turning a sign-in into a memory bomb.
  if (cost.ln < 10 || cost.ln > 20 || cost.r < 1 || cost.r > 32 || cost.p < 1 || cost.p > 16) return undefined;
  return { cost, salt: Buffer.from(m[4]!, 'base64'), key: Buffer.from(m[5]!, 'base64') };
}

/** A hash of a random password, verified against when the user does not exist so timing does not tell. */
let dummy: Promise<string> | undefined;

/**
 * True when `password` matches `stored`. With `stored` undefined (unknown user) a dummy hash is
 * checked anyway and false returned, so an unknown name costs the same time as a wrong password.
 */
export async function verifyPassword(password: string, stored: string | undefined, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<boolean> {
  dummy ??= hashPassword(randomBytes(24).toString('base64'), cost);
  const parsed = parse(stored ?? (await dummy));
  if (parsed === undefined) return false;
  const key = await scrypt(password, parsed.salt, parsed.cost);
  return stored !== undefined && key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** True when `stored` was made with a lower cost than `cost` (re-hash at the next sign-in). */
export function needsRehash(stored: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): boolean {
  const p = parse(stored);
  return p === undefined || p.cost.ln < cost.ln || p.cost.r < cost.r || p.cost.p < cost.p;
}
