/**
 * Rule files that consumers (BIND, Unbound, nft) read at any moment: each regeneration is written
 * to a temporary file in the same directory, flushed to disk and renamed over the old one, so a
 * reader sees either the old file or the new one, never half of one (rename(2) is atomic within
 * a file system). Regenerations requested in the same tick are coalesced into one write.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Writes `content` to `path` atomically (temp file, fsync, rename). */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'w', 0o644);
  try {
    await fh.writeFile(content, 'utf8');
    await fh.sync();
  } catch (e) {
    await fh.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Runs a regeneration function at most once per tick for any number of requests, and never two
 * at a time: every `request()` resolves after a regeneration that started after it was made.
 */
export class CoalescedWriter {
  readonly #write: () => Promise<void>;
  #running: Promise<void> = Promise.resolve();
  #next: Promise<void> | undefined;

  constructor(write: () => Promise<void>) {
    this.#write = write;
  }

  /** Asks for a regeneration; resolves once one that includes the caller's changes is on disk. */
  request(): Promise<void> {
    if (this.#next !== undefined) return this.#next;
    const next = this.#running
      .catch(() => undefined)
      .then(() => new Promise<void>((r) => setImmediate(r)))
      .then(() => {
        // From here on, new requests need a later write: this one may already have read the state.
        this.#next = undefined;
        return this.#write();
      });
    this.#next = next;
    this.#running = next;
    return next;
  }
}
