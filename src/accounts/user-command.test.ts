import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { beforeEach, expect, it, vi } from 'vitest';
import { AccountService, AUTH_CACHE_MS } from './account-service.js';
import { isSakimoriError } from '../core/errors.js';
import { MemoryAuditSink } from '../operations/testing/memory-audit.js';
import { OperatorRegistry } from '../registry/registry.js';
import { describeStorage } from '../storage/testing/storage-suite.js';
import { registerUser } from './user-command.js';
import { COMMAND_KIT } from '../cli/command-kit.js';

/** Runs `sakimori <args>` in process with `stdin` as standard input; returns stdout. */
async function sakimori(configFile: string, stdin: string, ...args: string[]): Promise<string> {
  const program = new Command('sakimori').option('-c, --config <file>').exitOverride();
  registerUser(program, COMMAND_KIT);
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const original = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(stdin)]), configurable: true });
  try {
    await program.parseAsync(['-c', configFile, ...args], { from: 'user' });
  } finally {
    Object.defineProperty(process, 'stdin', original);
    write.mockRestore();
    err.mockRestore();
  }
  return out;
}

describeStorage('sakimori user', (ctx) => {
  let config: string;
  beforeEach(async () => {
    await ctx.reset();
    config = join(ctx.options.dataDir, `cli-${ctx.dialect}.json`);
    writeFileSync(config, JSON.stringify({ dataDir: ctx.options.dataDir, log: { level: 'silent' }, storage: { url: ctx.options.url } }));
  });

  it('creates the first admin and an operator reporter, lists them, grants a token and disables an account', async () => {
    await new OperatorRegistry(ctx.db, ctx.clock).organizations.create({ name: 'Aozora Airlines', sector: 'aviation' });
    expect(await sakimori(config, 'first admin passphrase\n', 'user', 'add', 'root', '--role', 'admin', '--password-stdin')).toMatch(/^added user root \(admin\) id [0-9A-Z]{26}\n$/);
    await sakimori(config, 'airline passphrase 1\n', 'user', 'add', 'airline', '--role', 'operator_reporter', '--org', 'Aozora Airlines', '--password-stdin');
    const list = (await sakimori(config, '', 'user', 'list')).split('\n');
    expect(list[0]).toMatch(/^USERNAME +ROLES +ORGANIZATION +SECTOR +DISABLED +ID$/);
    expect(list.slice(1, 3).map((l) => l.split(/ +/).slice(0, 2).join(' '))).toEqual(['airline operator_reporter', 'root admin']);

    // A token is created only as its own user: the CLI asks for that user's password.
    const refused = await sakimori(config, 'not their password\n', 'user', 'token', 'create', 'airline', '--name', 'soc feed', '--password-stdin').then(
      () => 'created',
      (e: unknown) => (isSakimoriError(e) ? e.code : String(e)),
    );
    expect(refused).toBe('SAKIMORI_ERR_AUTH_INVALID_CREDENTIALS');
    const token = (await sakimori(config, 'airline passphrase 1\n', 'user', 'token', 'create', 'airline', '--name', 'soc feed', '--expires-days', '30', '--password-stdin')).trim();
    expect(token).toMatch(/^skm_[0-9A-Z]{26}_[A-Za-z0-9_-]{43}$/);
    const accounts = new AccountService(ctx.db, { clock: ctx.clock, audit: new MemoryAuditSink(ctx.db) });
    expect((await accounts.authenticateToken(token))?.user.username).toBe('airline');
    expect((await accounts.signIn('root', 'first admin passphrase', '127.0.0.1')).principal.actor.roles).toEqual(['admin']);

    expect(await sakimori(config, '', 'user', 'disable', 'airline')).toBe('user airline disabled\n');
    // A server process trusts what it authenticated for a few seconds, then asks the database again.
    ctx.clock.advance(AUTH_CACHE_MS);
    expect(await accounts.authenticateToken(token)).toBeUndefined();
    const weak = await sakimori(config, 'password1234\n', 'user', 'add', 'bob', '--role', 'auditor', '--password-stdin').then(
      () => 'accepted',
      (e: unknown) => (isSakimoriError(e) ? e.code : String(e)),
    );
    expect(weak).toBe('SAKIMORI_ERR_ACCOUNT_INVALID');
  });

  it('bootstraps a commission member without confirmation, and the audit entry says so', async () => {
    const audit = new MemoryAuditSink(ctx.db);
    const accounts = new AccountService(ctx.db, { clock: ctx.clock, audit });
    await sakimori(config, 'first member passphrase\n', 'user', 'add', 'member', '--role', 'commission_member', '--password-stdin');
    expect((await accounts.userByName('member'))?.roles).toEqual(['commission_member']);
    const created = (await ctx.db
      .selectFrom('audit_entries' as never)
      .selectAll()
      .execute()) as unknown[];
    expect(JSON.stringify(created)).toMatch(/commissionBootstrap/);
  });
});
