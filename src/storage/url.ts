/**
 * Parsing of the `storage.url` setting into the backend to open. Pure: paths are joined as text so
 * the result is predictable in tests; the SQLite backend resolves them against the file system.
 */
import { ERR_STORAGE_BAD_URL } from './errors.js';

/** Which database engine a {@link StorageTarget} names. */
export type StorageDialect = 'sqlite' | 'postgres';

/** What `storage.url` resolves to. */
export type StorageTarget =
  | { readonly kind: 'sqlite' /** File path, or `:memory:`. */; readonly path: string }
  | { readonly kind: 'postgres' /** Connection string as given, for the driver. */; readonly url: string };

/** File name of the embedded database when `storage.url` is empty. */
export const DEFAULT_SQLITE_FILE = 'sakimori.db';

function joinPath(dir: string, file: string): string {
  return dir.endsWith('/') ? `${dir}${file}` : `${dir}/${file}`;
}

/**
 * Resolves `storage.url` against `dataDir`:
 * - `''` or `sqlite:` → `<dataDir>/sakimori.db`
 * - `sqlite:<relative path>` → under `dataDir`; `sqlite:/abs/path.db` as written
 * - `sqlite::memory:` → an in-memory database (tests)
 * - `postgres://…` or `postgresql://…` → PostgreSQL; query parameters go to the driver, e.g.
 *   `?options=-c%20search_path%3Dsakimori` to use another schema.
 *
 * @throws {@link ERR_STORAGE_BAD_URL} for any other scheme or a malformed PostgreSQL URL.
 */
export function parseStorageUrl(url: string, dataDir: string): StorageTarget {
  const trimmed = url.trim();
  if (trimmed === '') return { kind: 'sqlite', path: joinPath(dataDir, DEFAULT_SQLITE_FILE) };
  if (trimmed.startsWith('sqlite:')) {
    const rest = trimmed.slice('sqlite:'.length);
    if (rest === '') return { kind: 'sqlite', path: joinPath(dataDir, DEFAULT_SQLITE_FILE) };
    if (rest === ':memory:') return { kind: 'sqlite', path: ':memory:' };
    if (rest.startsWith('//')) {
      throw new ERR_STORAGE_BAD_URL(JSON.stringify(url), 'write sqlite:<path> (sqlite:/abs/file.db or sqlite:relative.db), not sqlite://');
    }
    return { kind: 'sqlite', path: rest.startsWith('/') ? rest : joinPath(dataDir, rest) };
  }
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw new ERR_STORAGE_BAD_URL(redactUrl(trimmed), 'not a valid URL');
    }
    if (parsed.hostname === '' && !parsed.searchParams.has('host')) throw new ERR_STORAGE_BAD_URL(redactUrl(trimmed), 'no host');
    return { kind: 'postgres', url: trimmed };
  }
  throw new ERR_STORAGE_BAD_URL(redactUrl(trimmed), 'expected sqlite:<path>, sqlite::memory: or postgres://user@host:port/database');
}

/**
 * Returns `url` with any password replaced by `***`, safe for logs and error messages. Text that is
 * not a URL is returned with everything between `://` and `@` masked, in case it holds credentials.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    for (const key of ['password', 'sslpassword']) if (u.searchParams.has(key)) u.searchParams.set(key, '***');
    return u.toString();
  } catch {
    return url.replace(/:\/\/[^@/]*@/, '://***@');
  }
}
