/**
 * `sakimori org add|list` and `sakimori network add|list`: the operator registry from the command
 * line. Human-readable tables by default, `--json` for scripts.
 */
import type { Command } from 'commander';
import type { Sector, DesignationStatus } from '../core/sectors.js';
import { OperatorRegistry } from './registry.js';
import { validateSector, validateStatus } from './validation.js';
import type { CommandKit } from '../core/part.js';
import type { Storage } from '../storage/storage.js';

interface OrgAddFlags {
  readonly name: string;
  readonly sector: string;
  readonly status?: string;
  readonly contactName?: string;
  readonly contactEmail?: string;
  readonly contactPhone?: string;
  readonly json?: boolean;
}

/** Registers `sakimori org add` and `sakimori org list`. */
export function registerOrg(program: Command, kit: CommandKit<{ readonly storage: Storage; readonly audit: unknown }>): void {
  const org = program.command('org').description('designated organisations in the operator registry');
  org
    .command('add')
    .description('register an organisation')
    .requiredOption('--name <name>', 'unique name')
    .requiredOption('--sector <sector>', 'one of the 15 designated sectors (electricity, finance, telecommunications, …)')
    .option('--status <status>', 'designated, candidate, revoked or not-designated', 'designated')
    .option('--contact-name <name>', 'security contact')
    .option('--contact-email <email>', 'security contact e-mail')
    .option('--contact-phone <phone>', 'security contact phone')
    .option('--json', 'machine-readable output')
    .action(async (flags: OrgAddFlags) => {
      await kit.withStorage(program, {}, async (storage, clock) => {
        const registry = new OperatorRegistry(storage.db, clock);
        const o = await registry.organizations.create(flags);
        if (flags.json === true) return kit.printJson(o);
        process.stdout.write(`added organization ${o.name} (${o.sector}, ${o.status}) id ${o.id}\n`);
      });
    });
  org
    .command('list')
    .description('list organisations with their number of protected networks')
    .option('--sector <sector>', 'only this sector')
    .option('--status <status>', 'only this designation status')
    .option('--json', 'machine-readable output')
    .action(async (flags: { sector?: string; status?: string; json?: boolean }) => {
      const filter: { sector?: Sector; status?: DesignationStatus } = {};
      if (flags.sector !== undefined) filter.sector = validateSector(flags.sector);
      if (flags.status !== undefined) filter.status = validateStatus(flags.status);
      await kit.withStorage(program, {}, async (storage, clock) => {
        const registry = new OperatorRegistry(storage.db, clock);
        const orgs = await registry.organizations.list(filter);
        const counts = new Map<string, number>();
        for (const n of await registry.networks.list()) counts.set(n.organizationId, (counts.get(n.organizationId) ?? 0) + 1);
        if (flags.json === true) return kit.printJson(orgs.map((o) => ({ ...o, networks: counts.get(o.id) ?? 0 })));
        process.stdout.write(
          kit.formatTable(
            ['NAME', 'SECTOR', 'STATUS', 'NETWORKS', 'CONTACT', 'ID'],
            orgs.map((o) => [o.name, o.sector, o.status, counts.get(o.id) ?? 0, o.contactEmail ?? o.contactName, o.id]),
          ),
        );
      });
    });
}

interface NetworkAddFlags {
  readonly org: string;
  readonly prefix: string;
  readonly thresholds?: string;
  readonly name?: string;
  readonly description?: string;
  readonly json?: boolean;
}

/** Registers `sakimori network add` and `sakimori network list`. */
export function registerNetwork(program: Command, kit: CommandKit<{ readonly storage: Storage; readonly audit: unknown }>): void {
  const network = program.command('network').description('protected networks of registered organisations');
  network
    .command('add')
    .description('register a protected network (prefixes of different organisations may not overlap)')
    .requiredOption('--org <name|id>', 'owning organisation')
    .requiredOption('--prefix <prefix>', 'network prefix with no host bits set, e.g. 192.0.2.0/24 or 2001:db8::/32')
    .option('--thresholds <json>', 'per-class detection thresholds, e.g. \'{"udp":{"pps":50000},"total":{"bps":2000000000}}\'')
    .option('--name <name>', 'short label')
    .option('--description <text>', 'free text')
    .option('--json', 'machine-readable output')
    .action(async (flags: NetworkAddFlags) => {
      await kit.withStorage(program, {}, async (storage, clock) => {
        const registry = new OperatorRegistry(storage.db, clock);
        const [owner, n] = await registry.transaction(async (r) => {
          const o = await r.organizations.resolve(flags.org);
          return [o, await r.networks.add({ organizationId: o.id, prefix: flags.prefix, thresholds: flags.thresholds, name: flags.name, description: flags.description })] as const;
        });
        if (flags.json === true) return kit.printJson(n);
        process.stdout.write(`added network ${n.prefix} for ${owner.name} id ${n.id}\n`);
      });
    });
  network
    .command('list')
    .description('list protected networks in address order')
    .option('--org <name|id>', 'only this organisation')
    .option('--json', 'machine-readable output')
    .action(async (flags: { org?: string; json?: boolean }) => {
      await kit.withStorage(program, {}, async (storage, clock) => {
        const registry = new OperatorRegistry(storage.db, clock);
        const owner = flags.org === undefined ? undefined : await registry.organizations.resolve(flags.org);
        const nets = await registry.networks.list(owner === undefined ? {} : { organizationId: owner.id });
        if (flags.json === true) return kit.printJson(nets);
        const names = new Map((await registry.organizations.list()).map((o) => [o.id as string, o.name]));
        process.stdout.write(
          kit.formatTable(
            ['PREFIX', 'ORGANIZATION', 'NAME', 'THRESHOLDS', 'ID'],
            nets.map((n) => [n.prefix, names.get(n.organizationId), n.name, n.thresholds === null ? null : JSON.stringify(n.thresholds), n.id]),
          ),
        );
      });
    });
}
