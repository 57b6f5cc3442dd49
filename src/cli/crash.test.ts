/**
 * Killed in the middle of its work (kill -9, again and again, while clients open cases), the real
 * `sakimori serve` never leaves a change without its audit entry, and never loses a change it
 * acknowledged: every case in the database has exactly one `case.create` entry in the audit log
 * once the platform has started again, and every case a client was told about is there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { cliArgs, runCliSync } from '../testing/cli.js';
import { REPO_ROOT } from '../testing/external.js';

const dir = mkdtempSync(join(tmpdir(), 'sakimori-crash-'));
const configFile = join(dir, 'sakimori.json');
writeFileSync(
  configFile,
  JSON.stringify({
    dataDir: join(dir, 'data'),
    log: { level: 'warn' },
    api: { listen: '127.0.0.1:0', metrics: { enabled: false } },
    collector: { netflow: { listen: ['127.0.0.1:0'] }, sflow: { listen: ['127.0.0.1:0'] } },
  }),
);
const PASSWORD = 'crash-analyst-test-password';
/** Kills: each one a chance to land between a change and its audit entry. */
const CYCLES = 16;

/** Starts `sakimori serve` and resolves its API address once it is running. */
function serve(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...cliArgs(), '--config', configFile, 'serve', '--stats-interval-seconds', '0'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (b: Buffer) => {
      err += b.toString();
      const m = /API:\s+(http:\/\/[^\s/]+)\/api\/v1/.exec(err);
      if (m !== null) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before it ran:\n${err}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sakimori serve killed with -9 while it works', () => {
  it('keeps every change with its audit entry, and every acknowledged change', { timeout: 300_000 }, async () => {
    const add = runCliSync(['--config', configFile, 'user', 'add', 'crash-analyst', '--role', 'nco_analyst', '--password-stdin'], { input: `${PASSWORD}\n` });
    expect(add.status, add.stderr).toBe(0);
    const tok = runCliSync(['--config', configFile, 'user', 'token', 'create', 'crash-analyst', '--name', 'crash', '--password-stdin'], { input: `${PASSWORD}\n` });
    expect(tok.status, tok.stderr).toBe(0);
    const token = /skm_[0-9A-Za-z_-]+/.exec(tok.stdout)![0];
    const acknowledged = new Set<string>();
    let attempts = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const { child, url } = await serve();
      let stop = false;
      // Clients opening cases as fast as the server answers; the kill comes once they are under way.
      let first!: () => void;
      const busy = new Promise<void>((r) => (first = r));
      const clients = Array.from({ length: 16 }, async () => {
        while (!stop) {
          attempts++;
          try {
            const r = await fetch(`${url}/api/v1/cases`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ title: `case ${cycle}` }),
            });
            if (r.status === 201) {
              acknowledged.add(((await r.json()) as { case: { id: string } }).case.id);
              first();
            }
          } catch {
            return; // the server is gone
          }
        }
      });
      await busy;
      await new Promise((r) => setTimeout(r, 50 + ((cycle * 137) % 400)));
      await killed(child);
      stop = true;
      await Promise.all(clients);
    }
    // One clean start and stop: the log appends what a killed process had committed but not yet appended.
    const last = await serve();
    last.child.kill('SIGTERM');
    await new Promise((r) => last.child.once('exit', r));

    // Read the database as it is (the server's own file, read-only), not through a storage that would migrate it.
    const db = new Database(join(dir, 'data', 'sakimori.db'), { readonly: true });
    try {
      const cases = (db.prepare('select id from cases').all() as { id: string }[]).map((c) => c.id);
      const entries = (db.prepare('select data from audit_entries').all() as { data: string }[]).map((e) => JSON.parse(e.data) as { action: string; subjects: { type: string; id: string }[] });
      const created = entries.filter((e) => e.action === 'case.create').map((e) => e.subjects.find((s) => s.type === 'case')!.id);
      expect(acknowledged.size, `only ${acknowledged.size} of ${attempts} attempts were acknowledged`).toBeGreaterThan(20);
      for (const id of acknowledged) expect(cases, `acknowledged case ${id} was lost`).toContain(id);
      expect([...created].sort()).toEqual([...cases].sort());
      expect(db.prepare('select count(*) as n from audit_outbox').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
