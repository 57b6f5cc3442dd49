/**
 * The demo's accounts, one or more per role, so a newcomer running `npm start` can sign in as
 * each kind of user. Every password is `<username>-demo-pass`: these accounts exist only with
 * `serve --demo` and must never be created on a real installation.
 */
import type { Role } from '../core/roles.js';
import type { Sector } from '../core/sectors.js';
import type { OrganizationStore } from '../registry/organization-store.js';
import type { AccountService } from './account-service.js';

/** One demo account. */
export interface DemoAccount {
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  /** Name of the demo organisation an operator reporter belongs to. */
  readonly organization?: string;
  readonly sector?: Sector;
}

/** The demo accounts. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'admin', displayName: 'Demo administrator', roles: ['admin'] },
  { username: 'analyst', displayName: 'NCO analyst (demo)', roles: ['nco_analyst'] },
  { username: 'officer', displayName: 'Designated police officer (demo)', roles: ['designated_officer'] },
  { username: 'defence', displayName: 'Defence cyber operator (demo)', roles: ['defence_operator'] },
  { username: 'commission1', displayName: 'Commission member 1 (demo)', roles: ['commission_member'] },
  { username: 'commission2', displayName: 'Commission member 2 (demo)', roles: ['commission_member'] },
  { username: 'commission3', displayName: 'Commission member 3 (demo)', roles: ['commission_member'] },
  { username: 'airline', displayName: 'Aozora Airlines reporter (demo)', roles: ['operator_reporter'], organization: 'Aozora Airlines' },
  { username: 'bank', displayName: 'Minato Bank reporter (demo)', roles: ['operator_reporter'], organization: 'Minato Bank' },
  { username: 'regulator', displayName: 'Aviation regulator (demo)', roles: ['sector_regulator'], sector: 'aviation' },
  { username: 'auditor', displayName: 'Auditor (demo)', roles: ['auditor'] },
];

/** The password of a demo account. */
export function demoPassword(username: string): string {
  return `${username}-demo-pass`;
}

/**
 * Creates the demo accounts that do not exist yet (each creation is audited); returns the names
 * created. Operator reporters of an organisation that is not registered are skipped.
 */
export async function seedDemoAccounts(accounts: AccountService, orgs: OrganizationStore): Promise<string[]> {
  const created: string[] = [];
  for (const a of DEMO_ACCOUNTS) {
    if ((await accounts.userByName(a.username)) !== undefined) continue;
    const org = a.organization === undefined ? undefined : await orgs.findByName(a.organization);
    if (a.organization !== undefined && org === undefined) continue;
    await accounts.createUser('demo', {
      username: a.username,
      password: demoPassword(a.username),
      roles: a.roles,
      displayName: a.displayName,
      organizationId: org?.id ?? null,
      sector: a.sector ?? null,
    });
    created.push(a.username);
  }
  return created;
}

/** The credentials block `serve --demo` prints. */
export function formatDemoAccounts(): string {
  const rows = DEMO_ACCOUNTS.map(
    (a) =>
      `    ${a.username.padEnd(12)} ${demoPassword(a.username).padEnd(22)} ${a.roles.join(', ')}${a.organization !== undefined ? ` (${a.organization})` : a.sector !== undefined ? ` (${a.sector})` : ''}`,
  );
  return ['  demo accounts (user / password / role):', ...rows].join('\n');
}
