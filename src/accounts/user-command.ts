/**
 * `sakimori user …`: local accounts from the server's own command line — the way the first admin
 * is created. `user add <name> --role r [--role r2] [--org <name|id>] [--sector s]` asks for the
 * password on the terminal (not echoed) or reads it from standard input with `--password-stdin`;
 * `user list`, `user roles`, `user disable`/`enable`, `user token create`/`revoke`. Every change is
 * recorded in the audit log (actor: the `cli` service).
 *
 * The server's operator bootstraps commission members here without a member's confirmation
 * (the audit entry says so); through the API an admin's grant waits for one. A token is created
 * only by its own user: `user token create <name>` asks for that user's password (or reads it
 * with `--password-stdin`) and acts as them.
 */
import type { Command } from 'commander';
import type { Clock } from '../core/clock.js';
import type { CommandKit } from '../core/part.js';
import { OrganizationStore } from '../registry/organization-store.js';
import type { Storage } from '../storage/storage.js';
import { AccountService, type AccountDeps } from './account-service.js';
import { ERR_ACCOUNT_INVALID, ERR_ACCOUNT_NOT_FOUND } from './errors.js';

/** What the user commands need of the CLI's audit runtime: storage, the clock and the audit log. */
interface UserCommandRuntime {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly log: AccountDeps['audit'];
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** Reads a password: all of standard input with `fromStdin`, else from the terminal without echo (twice when `confirm`). */
async function readPassword(fromStdin: boolean, confirm = true): Promise<string> {
  if (fromStdin) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  if (!process.stdin.isTTY) throw new ERR_ACCOUNT_INVALID('password', 'no terminal to ask on: pass --password-stdin and pipe it in');
  const first = await promptHidden('Password: ');
  if (!confirm) return first;
  const again = await promptHidden('Password (again): ');
  if (first !== again) throw new ERR_ACCOUNT_INVALID('password', 'the two entries differ');
  return first;
}

function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    let text = '';
    const done = (err?: Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err === undefined) resolve(text);
      else reject(err);
    };
    const onData = (buf: Buffer): void => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new ERR_ACCOUNT_INVALID('password', 'interrupted'));
        if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1);
        else text += ch;
      }
    };
    stdin.on('data', onData);
  });
}

function service(rt: UserCommandRuntime): AccountService {
  return new AccountService(rt.storage.db, { clock: rt.clock, audit: rt.log });
}

async function requireUser(accounts: AccountService, name: string) {
  const u = await accounts.userByName(name);
  if (u === undefined) throw new ERR_ACCOUNT_NOT_FOUND('user', JSON.stringify(name));
  return u;
}

/** Registers `sakimori user`. */
export function registerUser(program: Command, kit: CommandKit<{ readonly storage: unknown; readonly audit: UserCommandRuntime }>): void {
  const user = program.command('user').description('local accounts and API tokens (the first admin is made here)');
  user
    .command('add <username>')
    .description('create a user; asks for the password (12+ characters) unless --password-stdin')
    .requiredOption(
      '--role <role>',
      'a role (repeat for several): nco_analyst, operator_reporter, sector_regulator, designated_officer, defence_operator, commission_member, auditor, partner, admin',
      collect,
    )
    .option('--org <name|id>', 'organisation of an operator_reporter')
    .option('--sector <sector>', 'sector of a sector_regulator')
    .option('--display-name <text>', 'name shown in the console')
    .option('--password-stdin', 'read the password from standard input')
    .option('--json', 'machine-readable output')
    .action(async (username: string, flags: { role: string[]; org?: string; sector?: string; displayName?: string; passwordStdin?: boolean; json?: boolean }) => {
      await kit.withAudit(program, async (rt) => {
        const org = flags.org === undefined ? undefined : await new OrganizationStore(rt.storage.db, rt.clock).resolve(flags.org);
        const password = await readPassword(flags.passwordStdin === true);
        const u = await service(rt).createUser('cli', { username, password, roles: flags.role, displayName: flags.displayName ?? null, organizationId: org?.id ?? null, sector: flags.sector ?? null });
        if (flags.json === true) return kit.printJson(u);
        process.stdout.write(`added user ${u.username} (${u.roles.join(', ')}) id ${u.id}\n`);
      });
    });
  user
    .command('list')
    .description('list users')
    .option('--json', 'machine-readable output')
    .action(async (flags: { json?: boolean }) => {
      await kit.withAudit(program, async (rt) => {
        const accounts = service(rt);
        const all = [];
        let before: string | undefined;
        do {
          const page = await accounts.listUsers({ limit: 1000, before });
          all.push(...page.items);
          before = page.next ?? undefined;
        } while (before !== undefined);
        if (flags.json === true) return kit.printJson(all);
        process.stdout.write(
          kit.formatTable(
            ['USERNAME', 'ROLES', 'ORGANIZATION', 'SECTOR', 'DISABLED', 'ID'],
            all.map((u) => [u.username, u.roles.join(','), u.organizationId, u.sector, u.disabled ? 'yes' : 'no', u.id]),
          ),
        );
      });
    });
  user
    .command('roles <username>')
    .description("replace a user's roles (and scope)")
    .requiredOption('--role <role>', 'a role (repeat for several)', collect)
    .option('--org <name|id>', 'organisation of an operator_reporter')
    .option('--sector <sector>', 'sector of a sector_regulator')
    .action(async (username: string, flags: { role: string[]; org?: string; sector?: string }) => {
      await kit.withAudit(program, async (rt) => {
        const accounts = service(rt);
        const org = flags.org === undefined ? undefined : await new OrganizationStore(rt.storage.db, rt.clock).resolve(flags.org);
        const u = await accounts.updateUser('cli', (await requireUser(accounts, username)).id, { roles: flags.role, organizationId: org?.id ?? null, sector: flags.sector ?? null });
        process.stdout.write(`user ${u.username} now holds ${u.roles.join(', ')}\n`);
      });
    });
  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(`${name} <username>`)
      .description(disabled ? 'disable a user: sessions end and tokens stop working' : 'enable a disabled user')
      .action(async (username: string) => {
        await kit.withAudit(program, async (rt) => {
          const accounts = service(rt);
          const u = await accounts.updateUser('cli', (await requireUser(accounts, username)).id, { disabled });
          process.stdout.write(`user ${u.username} ${u.disabled ? 'disabled' : 'enabled'}\n`);
        });
      });
  }
  const token = user.command('token').description('API tokens for machines (bearer, hashed at rest)');
  token
    .command('create <username>')
    .description("create an API token as the user (asks for the user's password: a token belongs to the user who creates it); prints it once")
    .requiredOption('--name <name>', 'what the token is for')
    .option('--role <role>', 'restrict the token to a role the user holds (repeat for several)', collect)
    .option('--expires-days <n>', 'days until it expires')
    .option('--password-stdin', "read the user's password from standard input")
    .action(async (username: string, flags: { name: string; role?: string[]; expiresDays?: string; passwordStdin?: boolean }) => {
      await kit.withAudit(program, async (rt) => {
        const accounts = service(rt);
        const days = flags.expiresDays === undefined ? undefined : Number(flags.expiresDays);
        const password = await readPassword(flags.passwordStdin === true, false);
        const t = await accounts.createToken(await accounts.signInLocal(username, password), { name: flags.name, roles: flags.role, expiresInDays: days });
        process.stderr.write(`token ${t.record.id} for ${username} (${t.record.roles.join(', ')}); it is shown only now:\n`);
        process.stdout.write(`${t.token}\n`);
      });
    });
  token
    .command('revoke <id>')
    .description('revoke an API token')
    .action(async (id: string) => {
      await kit.withAudit(program, async (rt) => {
        await service(rt).revokeToken('cli', id);
        process.stdout.write(`token ${id} revoked\n`);
      });
    });
}
