/**
 * Paging of every list of the API. Each list is filled with more rows than the largest page and
 * walked at 1000 (the largest page), 999 and 50 from start to end, and at 1 for its first pages:
 * every list hands out a cursor while rows remain, and returns every row exactly once, in the same
 * order at every page size. A list route added without a row in {@link LISTS} fails the coverage
 * test, as the role matrix does for roles.
 *
 * Rows go straight into the tables — a template row copied under fresh ids, or typed rows — since
 * creating a thousand objects per list through the API would take minutes.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssetStore } from '../cooperation/assets/asset-store.js';
import { asId, type OrganizationId } from '../core/ids.js';
import { StixStore } from '../intel/stix/stix-store.js';
import { TaxiiGrantStore } from '../intel/taxii/sql/index.js';
import type { Database } from '../storage/database.js';
import { newId } from '../storage/id.js';
import { validatePrefix } from '../registry/validation.js';
import { describeExternal, tcpAvailable, TEST_PG_URL } from '../testing/external.js';
import { startApiFixture, type ApiFixture, type TestUser } from './testing/api-fixture.js';
import { buildWorld, type World } from './testing/world.js';

const MAX = 1000;
/** More rows than the largest page (and than 999 + 1). */
const MANY = MAX + 1;
/** More than the 10 000 rows the sightings list once loaded at most. */
const SIGHTINGS = 10_001;

type Row = Record<string, unknown>;
type Item = Record<string, unknown>;
interface Page {
  readonly items: Item[];
  readonly next: string | null;
}

/** What the fill step made, for the walks. */
interface Filled {
  readonly activeRequest: string;
  readonly manySourcesAttack: string;
  readonly scopeCase: string;
}

interface Ctx {
  readonly f: ApiFixture;
  readonly w: World;
  readonly db: Kysely<Database>;
  readonly filled: Filled;
}

/** One way of walking a list: who, which URL, and which rows it must return. */
interface Walk {
  readonly who: string;
  url(c: Ctx): string;
  /** The item's identity. */
  key(item: Item): string;
  /** Identities of every row the walk must return, read from the database (or the collector). */
  expected(c: Ctx): Promise<string[]>;
}

interface ListRoute {
  readonly walks: readonly Walk[];
  /** A list without paging parameters: every row in one answer, `next` null. */
  readonly unpaged?: boolean;
}

const id = (item: Item): string => String(item['id']);
const ids = async (q: Promise<{ id: string }[]>): Promise<string[]> => (await q).map((r) => r.id);
const walkOf = (who: string, url: (c: Ctx) => string, expected: (c: Ctx) => Promise<string[]>, key: (item: Item) => string = id): Walk => ({ who, url, expected, key });
/** The `id` column of a query's rows. */
const column = async (c: Ctx, query: string): Promise<string[]> => (await sql<{ id: string }>`${sql.raw(query)}`.execute(c.db)).rows.map((r) => String(r.id));

/** The collection of STIX objects the intel lists walk: a quarter TLP:RED, the rest TLP:GREEN. */
const PAGING_COLLECTION = 'paging-intel';
const TLP_RED = 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1';
const TLP_GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';
/** Objects of the paging collection (without the TLP:RED ones, which an organisation never receives). */
const intelIds = (c: Ctx, withoutRed: boolean): Promise<string[]> =>
  column(
    c,
    `select m.object_id as id from stix_collection_objects m join stix_objects o on o.id = m.object_id and o.version = m.version${withoutRed ? ` where o.marking_refs not like '%${TLP_RED}%'` : ''}`,
  );

/** Every list route of the API with the walks that prove its paging. */
const LISTS: Record<string, ListRoute> = {
  'GET /api/v1/users': {
    walks: [
      walkOf(
        'admin',
        () => '/api/v1/users',
        (c) => column(c, 'select id from users'),
      ),
    ],
  },
  'GET /api/v1/tokens': {
    walks: [
      walkOf(
        'admin',
        () => '/api/v1/tokens',
        (c) => column(c, 'select id from api_tokens'),
      ),
    ],
  },
  'GET /api/v1/organizations': {
    walks: [
      walkOf(
        'admin',
        () => '/api/v1/organizations',
        (c) => ids(c.db.selectFrom('organizations').select('id').execute()),
      ),
      // A sector regulator sees its sector's organisations only (filtered in memory).
      walkOf(
        'regulator',
        () => '/api/v1/organizations',
        (c) => ids(c.db.selectFrom('organizations').select('id').where('sector', '=', 'aviation').execute()),
      ),
    ],
  },
  'GET /api/v1/networks': {
    walks: [
      walkOf(
        'admin',
        () => '/api/v1/networks',
        (c) => ids(c.db.selectFrom('protected_networks').select('id').execute()),
      ),
      walkOf(
        'airline',
        () => '/api/v1/networks',
        (c) => ids(c.db.selectFrom('protected_networks').select('id').where('organization_id', '=', c.f.orgs.airline).execute()),
      ),
    ],
  },
  'GET /api/v1/assets': {
    walks: [
      walkOf(
        'airline',
        () => '/api/v1/assets',
        (c) => ids(c.db.selectFrom('operator_assets').select('id').where('organization_id', '=', c.f.orgs.airline).execute()),
      ),
      walkOf(
        'analyst',
        () => '/api/v1/assets',
        (c) => ids(c.db.selectFrom('operator_assets').select('id').execute()),
      ),
      walkOf(
        'regulator',
        () => '/api/v1/assets',
        (c) => ids(c.db.selectFrom('operator_assets as a').innerJoin('organizations as o', 'o.id', 'a.organization_id').select('a.id').where('o.sector', '=', 'aviation').execute()),
      ),
    ],
  },
  'GET /api/v1/advisories': {
    walks: [
      walkOf(
        'analyst',
        () => '/api/v1/advisories',
        (c) => ids(c.db.selectFrom('advisories').select('id').execute()),
      ),
      walkOf(
        'airline',
        () => '/api/v1/advisories',
        (c) => ids(c.db.selectFrom('advisory_recipients').select('advisory_id as id').where('organization_id', '=', c.f.orgs.airline).execute()),
      ),
    ],
  },
  'GET /api/v1/exposure/findings': {
    walks: [
      walkOf(
        'airline',
        () => '/api/v1/exposure/findings',
        (c) =>
          c.db
            .selectFrom('exposure_findings')
            .select(['asset_id', 'cve_id'])
            .where('organization_id', '=', c.f.orgs.airline)
            .execute()
            .then((rows) => rows.map((r) => `${r.asset_id} ${r.cve_id}`)),
        (item) => `${String(item['assetId'])} ${String(item['cve'])}`,
      ),
    ],
  },
  'GET /api/v1/assets/notifications': {
    walks: [
      walkOf(
        'regulator',
        () => '/api/v1/assets/notifications',
        (c) =>
          ids(
            c.db
              .selectFrom('operator_assets as a')
              .innerJoin('organizations as o', 'o.id', 'a.organization_id')
              .select('a.id')
              .where('o.sector', '=', 'aviation')
              .where('a.status', '!=', 'planned')
              .execute(),
          ),
        (item) => String(item['assetId']),
      ),
    ],
  },
  'GET /api/v1/incidents': {
    walks: [
      walkOf(
        'airline',
        () => '/api/v1/incidents',
        (c) => ids(c.db.selectFrom('incidents').select('id').where('organization_id', '=', c.f.orgs.airline).execute()),
      ),
      walkOf(
        'analyst',
        () => '/api/v1/incidents',
        (c) => ids(c.db.selectFrom('incidents').select('id').execute()),
      ),
    ],
  },
  'GET /api/v1/incidents/overdue': {
    walks: [
      walkOf(
        'regulator',
        () => '/api/v1/incidents/overdue',
        (c) => ids(c.db.selectFrom('incidents').select('id').where('sector', '=', 'aviation').where('next_due_at', '<', Date.now()).execute()),
      ),
    ],
  },
  'GET /api/v1/exporters': {
    walks: [
      walkOf(
        'analyst',
        () => '/api/v1/exporters',
        async (c) => c.f.platform.collector.exporters.all().map((e) => e.address),
        (e) => String(e['address']),
      ),
    ],
  },
  'GET /api/v1/rates': {
    walks: [
      walkOf(
        'analyst',
        () => '/api/v1/rates?seconds=2',
        (c) => ids(c.db.selectFrom('protected_networks').select('id').execute()),
        (n) => String(n['networkId']),
      ),
    ],
  },
  'GET /api/v1/attacks': {
    walks: [
      walkOf(
        'analyst',
        () => '/api/v1/attacks',
        (c) => ids(c.db.selectFrom('attacks').select('id').execute()),
      ),
      walkOf(
        'airline',
        () => '/api/v1/attacks',
        (c) => ids(c.db.selectFrom('attacks').select('id').where('organization_id', '=', c.f.orgs.airline).execute()),
      ),
    ],
  },
  'GET /api/v1/attacks/{id}/attackers': {
    walks: [
      walkOf(
        'analyst',
        (c) => `/api/v1/attacks/${c.filled.manySourcesAttack}/attackers?caseId=${c.w.caseId}&purpose=incident_response&prefix=100.64.0.0/16`,
        async (c) => (await c.db.selectFrom('attack_sources').select('address').where('attack_id', '=', c.filled.manySourcesAttack).execute()).map((r) => r.address),
        (a) => String(a['address']),
      ),
    ],
  },
  'GET /api/v1/sightings': {
    walks: [
      walkOf(
        'analyst',
        () => '/api/v1/sightings',
        (c) => ids(c.db.selectFrom('sightings').select('id').execute()),
      ),
      walkOf(
        'airline',
        () => '/api/v1/sightings',
        (c) => ids(c.db.selectFrom('sightings').select('id').where('organization_id', '=', c.f.orgs.airline).execute()),
      ),
    ],
  },
  'GET /api/v1/sightings/hosts': {
    walks: [
      walkOf(
        'analyst',
        (c) => `/api/v1/sightings/hosts?caseId=${c.w.caseId}&purpose=incident_response&prefix=100.64.0.0/16&from=${c.w.startedAt}&to=${c.w.startedAt + 60_000}`,
        (c) => ids(c.db.selectFrom('sightings').select('id').where('host', 'like', '100.64.%').where('last_seen', '>=', c.w.startedAt).execute()),
      ),
    ],
  },
  'GET /api/v1/cases': {
    walks: [
      walkOf(
        'analyst',
        () => '/api/v1/cases',
        (c) => ids(c.db.selectFrom('cases').select('id').execute()),
      ),
    ],
  },
  'GET /api/v1/cases/{id}/scope': {
    unpaged: true,
    walks: [
      walkOf(
        'analyst',
        (c) => `/api/v1/cases/${c.filled.scopeCase}/scope`,
        (c) => ids(c.db.selectFrom('case_access_scopes').select('id').where('case_id', '=', c.filled.scopeCase).execute()),
      ),
    ],
  },
  'GET /api/v1/requests': {
    walks: [
      walkOf(
        'analyst',
        () => '/api/v1/requests',
        (c) => ids(c.db.selectFrom('countermeasure_requests').select('id').execute()),
      ),
      walkOf(
        'analyst',
        () => '/api/v1/requests?path=emergency',
        (c) => ids(c.db.selectFrom('countermeasure_requests').select('id').where('path', '=', 'emergency').execute()),
      ),
    ],
  },
  'GET /api/v1/requests/{id}/targets': {
    walks: [
      walkOf(
        'analyst',
        (c) => `/api/v1/requests/${c.filled.activeRequest}/targets`,
        async (c) =>
          (
            await c.db
              .selectFrom('execution_targets as t')
              .innerJoin('executions as e', 'e.id', 't.execution_id')
              .select(['t.rule_key', 't.peer'])
              .where('e.request_id', '=', c.filled.activeRequest)
              .execute()
          ).map((t) => `${t.rule_key} ${t.peer}`),
        (t) => `${String(t['ruleKey'])} ${String(t['peer'])}`,
      ),
    ],
  },
  'GET /api/v1/emergency': {
    walks: [
      walkOf(
        'analyst',
        () => '/api/v1/emergency',
        (c) => ids(c.db.selectFrom('countermeasure_requests').select('id').where('path', '=', 'emergency').execute()),
      ),
      // The review filter leaves out one row in two: pages must still fill and hand out cursors.
      walkOf(
        'analyst',
        () => '/api/v1/emergency?review=upheld',
        (c) => ids(c.db.selectFrom('countermeasure_requests').select('id').where('path', '=', 'emergency').where('review_state', '=', 'upheld').execute()),
      ),
    ],
  },
  'GET /api/v1/executions': {
    walks: [
      walkOf(
        'analyst',
        () => '/api/v1/executions',
        (c) => ids(c.db.selectFrom('executions').select('id').execute()),
      ),
    ],
  },
  'GET /api/v1/audit/checkpoints': {
    walks: [
      walkOf(
        'auditor',
        () => '/api/v1/audit/checkpoints',
        async (c) => (await c.db.selectFrom('audit_checkpoints').select('size').execute()).map((r) => String(r.size)),
        (cp) => String(cp['size']),
      ),
    ],
  },
  'GET /api/v1/audit/entries': {
    walks: [
      walkOf(
        'auditor',
        () => '/api/v1/audit/entries',
        async (c) => Array.from({ length: c.f.platform.audit.size }, (_, i) => String(i)),
        (e) => String(e['seq']),
      ),
    ],
  },
  'GET /api/v1/commission/role-grants': {
    walks: [
      walkOf(
        'commission1',
        () => '/api/v1/commission/role-grants',
        (c) => column(c, "select id from role_grants where state = 'pending'"),
      ),
      walkOf(
        'admin',
        () => '/api/v1/commission/role-grants?state=declined',
        (c) => column(c, "select id from role_grants where state = 'declined'"),
      ),
    ],
  },
  'GET /api/v1/intel/collections': {
    walks: [
      walkOf(
        'analyst',
        () => '/api/v1/intel/collections',
        (c) => ids(c.db.selectFrom('stix_collections').select('id').execute()),
      ),
    ],
  },
  // The airline may not see the RED quarter of the collection: its pages read on past them and still fill.
  'GET /api/v1/intel/collections/{id}/objects': {
    walks: [
      walkOf(
        'analyst',
        () => `/api/v1/intel/collections/${PAGING_COLLECTION}/objects`,
        (c) => intelIds(c, false),
      ),
      walkOf(
        'airline',
        () => `/api/v1/intel/collections/${PAGING_COLLECTION}/objects`,
        (c) => intelIds(c, true),
      ),
    ],
  },
  'GET /api/v1/intel/inbox': {
    walks: [
      walkOf(
        'analyst',
        () => '/api/v1/intel/inbox',
        (c) => intelIds(c, false),
      ),
      walkOf(
        'airline',
        () => '/api/v1/intel/inbox',
        (c) => intelIds(c, true),
      ),
    ],
  },
  'GET /api/v1/intel/shares': {
    walks: [
      walkOf(
        'auditor',
        () => '/api/v1/intel/shares',
        (c) => column(c, `select seq as id from audit_entries where data like '%"action":"data.share"%'`),
        (e) => String(e['seq']),
      ),
      walkOf(
        'airline',
        () => '/api/v1/intel/shares',
        (c) => column(c, `select seq as id from audit_entries where data like '%"action":"data.share"%' and data like '%"recipient":"organisation:${c.f.orgs.airline}"%'`),
        (e) => String(e['seq']),
      ),
    ],
  },
  'GET /api/v1/commission/flags': {
    walks: [
      walkOf(
        'commission1',
        () => '/api/v1/commission/flags',
        (c) => ids(c.db.selectFrom('monitoring_flags').select('id').execute()),
      ),
    ],
  },
  'GET /api/v1/commission/inspections': {
    walks: [
      walkOf(
        'commission1',
        () => '/api/v1/commission/inspections',
        (c) => ids(c.db.selectFrom('oversight_inspections').select('id').execute()),
      ),
      walkOf(
        'auditor',
        () => '/api/v1/commission/inspections?state=closed',
        (c) => ids(c.db.selectFrom('oversight_inspections').select('id').where('state', '=', 'closed').execute()),
      ),
    ],
  },
  'GET /api/v1/commission/directives': {
    walks: [
      walkOf(
        'commission1',
        () => '/api/v1/commission/directives',
        (c) => ids(c.db.selectFrom('oversight_directives').select('id').execute()),
      ),
      walkOf(
        'commission1',
        () => '/api/v1/commission/directives?kind=notice',
        (c) => ids(c.db.selectFrom('oversight_directives').select('id').where('kind', '=', 'notice').execute()),
      ),
    ],
  },
};

/**
 * Inserts `n` copies of the row of `table` whose `key` is `value`, each changed by `patch` (fresh
 * ids, unique columns). Copying a real row keeps every column valid whatever the schema adds.
 */
async function copyRows(db: Kysely<Database>, table: string, key: string, value: unknown, n: number, patch: (i: number, template: Row) => Row): Promise<string[]> {
  const { rows } = await sql<Row>`select * from ${sql.table(table)} where ${sql.ref(key)} = ${value}`.execute(db);
  const template = rows[0];
  if (template === undefined) throw new Error(`no ${table} row with ${key} = ${String(value)}`);
  const copies = Array.from({ length: n }, (_, i) => ({ ...template, ...patch(i, template) }));
  for (let i = 0; i < copies.length; i += 200)
    await db
      .insertInto(table as never)
      .values(copies.slice(i, i + 200) as never)
      .execute();
  return copies.map((c) => String(c['id']));
}

/** Fills every list beyond the largest page. */
async function fill(f: ApiFixture, w: World): Promise<Filled> {
  const p = f.platform;
  const db = p.storage.db;
  const now = f.clock.now();
  const fresh = (): string => newId(f.clock.now());
  const analyst = w.actor(f.users.analyst!);

  await copyRows(db, 'users', 'id', f.users.partner!.id, MANY, (i) => ({ id: fresh(), username: `pager${i}`, display_name: `Pager ${i}` }));
  // A token row as the account store writes it (the secret's hash matches no secret: nobody signs in with these).
  const token = fresh();
  await sql`insert into api_tokens (id, user_id, name, secret_hash, roles, created_at) values (${token}, ${f.users.partner!.id}, ${'template'}, ${'0'.repeat(64)}, ${'["partner"]'}, ${now})`.execute(
    db,
  );
  await copyRows(db, 'api_tokens', 'id', token, MANY, (i) => ({ id: fresh(), name: `feed ${i}` }));

  // Organisations (by name) across two sectors, and networks of one organisation in address order.
  await copyRows(db, 'organizations', 'id', w.testOrg, 1200, (i) => ({ id: fresh(), name: `Paging Org ${String(i).padStart(4, '0')}`, sector: i % 6 === 5 ? 'water' : 'aviation' }));
  const networks = Array.from({ length: MANY }, (_, i) => {
    const p = validatePrefix(`10.${64 + (i >> 8)}.${i & 255}.0/24`);
    return {
      id: fresh(),
      organization_id: f.orgs.airline,
      prefix: p.text,
      family: p.prefix.family,
      range_start: p.rangeStart,
      range_end: p.rangeEnd,
      name: null,
      description: null,
      thresholds: null,
      created_at: now,
      updated_at: now,
    };
  });
  for (let i = 0; i < networks.length; i += 500)
    await db
      .insertInto('protected_networks')
      .values(networks.slice(i, i + 500))
      .execute();
  for (let i = 0; i < MANY; i++) p.collector.exporters.lookup(`10.255.${i >> 8}.${i & 255}`);

  // Attacks of the airline and the bank; one ended attack with more sources than a page.
  await copyRows(db, 'attacks', 'id', w.endedAttack, 1400, (i) => ({
    id: `atk-page-${i}`,
    started_at: now - 7_200_000 + (i % 500) * 1000,
    organization_id: i % 4 === 3 ? f.orgs.bank : f.orgs.airline,
  }));
  const [manySourcesAttack] = await copyRows(db, 'attacks', 'id', w.endedAttack, 1, () => ({ id: 'atk-many-sources' }));
  await copyRows(db, 'attack_sources', 'attack_id', w.endedAttack, MANY, (i) => ({ attack_id: manySourcesAttack, address: `100.64.${i >> 8}.${i & 255}`, packets: 1_000_000 - (i % 700) }));

  // Sightings: more than the list once loaded, across organisations, some at the same last-seen time.
  const sightings = Array.from({ length: SIGHTINGS }, (_, i) => ({
    id: fresh(),
    indicator_key: `ipv4:203.0.113.${i % 200}`,
    indicator_value: `203.0.113.${i % 200}`,
    indicator_label: null,
    indicator_kind: 'c2',
    indicator_source: 'paging test',
    host: `${i < MANY ? '100.64' : '100.65'}.${(i >> 8) & 255}.${i & 255}`,
    family: 4,
    network_id: null,
    organization_id: i % 3 === 0 ? f.orgs.airline : i % 3 === 1 ? f.orgs.bank : null,
    network_prefix: null,
    first_seen: w.startedAt,
    // The host reads of the case's window see the first MANY; the rest are older.
    last_seen: i < MANY ? w.startedAt + 1000 + (i % 97) * 10 : w.startedAt - 3_600_000 - i,
    records: 1,
    outbound_records: 1,
    inbound_records: 0,
    packets: 1,
    bytes: 60,
    ports: '[443]',
    protocols: '[6]',
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < sightings.length; i += 500)
    await db
      .insertInto('sightings')
      .values(sightings.slice(i, i + 500))
      .execute();

  // Cases; a case with more scope entries than a page.
  await copyRows(db, 'cases', 'id', w.caseId, MANY, (i) => ({ id: fresh(), title: `case ${i}` }));
  const scopeCase = await w.newCase();
  const template = await p.oversight.scopes.add(analyst, scopeCase, { prefix: '100.64.0.0/24', from: w.startedAt, to: null });
  await copyRows(db, 'case_access_scopes', 'id', template.id, MANY, (i) => ({ id: fresh(), prefix: `100.64.${(i >> 8) + 1}.${i & 255}/32` }));

  // Requests, emergency actions in three review states, executions with many targets.
  const pending = await w.pendingRequest();
  await copyRows(db, 'countermeasure_requests', 'id', pending.id, MANY, () => ({ id: fresh() }));
  await copyRows(db, 'countermeasure_requests', 'id', pending.id, MANY * 2, (i) => ({
    id: fresh(),
    path: 'emergency',
    review_due_at: now + 86_400_000,
    review_state: ['upheld', 'pending', 'upheld', 'withdrawal_ordered'][i % 4],
  }));
  const activeRequest = await w.activeRequest();
  const execution = (await db.selectFrom('executions').select('id').where('request_id', '=', activeRequest).executeTakeFirstOrThrow()).id;
  const requestsWithExecutions = await copyRows(db, 'countermeasure_requests', 'id', activeRequest, MANY, () => ({ id: fresh() }));
  await copyRows(db, 'executions', 'id', execution, MANY, (i) => ({
    id: fresh(),
    request_id: requestsWithExecutions[i],
    state: i % 2 === 0 ? 'active' : 'completed',
    started_at: now - (i % 300) * 1000,
  }));
  // FlowSpec rule keys run long and share their first 150 characters: a cursor cut from the key would repeat.
  const long = '[destination: 198.51.100.21/32][protocol: ==udp][destination-port: ==123][packet-length: >=468][fragment: !is-fragment][dscp: ==0][tcp-flags: =0]';
  const target = await db.selectFrom('execution_targets').select(['rule_key', 'peer']).where('execution_id', '=', execution).executeTakeFirstOrThrow();
  await copyRows(db, 'execution_targets', 'rule_key', target.rule_key, MANY, (i) => ({ rule_key: `${long}[source: 100.64.${i >> 1}.0/24]`, peer: i % 2 === 0 ? 'peer-a' : 'peer-b' }));

  // Grants of commission_member to the copied users, pending and declined.
  const grant = fresh();
  await sql`insert into role_grants (id, user_id, role, granted_by, state, created_at) values (${grant}, ${f.users.partner!.id}, ${'commission_member'}, ${f.users.admin!.id}, ${'pending'}, ${now})`.execute(
    db,
  );
  await copyRows(db, 'role_grants', 'id', grant, MANY * 2, (i) => ({ id: fresh(), state: i % 2 === 0 ? 'pending' : 'declined' }));

  // Oversight: flags, inspections (some closed), directives of three kinds, signed checkpoints, audit entries.
  const flag = await p.oversight.flags.raise({ kind: 'volume', userId: f.users.analyst!.id, caseId: w.caseId, dedupeKey: null, details: { rows: 5000 }, accessId: null });
  await copyRows(db, 'monitoring_flags', 'id', flag!.id, MANY, () => ({ id: fresh() }));
  const member = w.actor(f.users.commission2!);
  const inspection = await p.oversight.commission.openInspection(member, { title: 'template', scope: 'everything' });
  await copyRows(db, 'oversight_inspections', 'id', inspection.id, MANY * 2, (i) => ({ id: fresh(), state: i % 2 === 0 ? 'open' : 'closed' }));
  const directive = await p.oversight.commission.issueDirective(member, { kind: 'notice', addressee: 'NCO', subject: 'Logs', body: 'Keep them.' });
  await copyRows(db, 'oversight_directives', 'id', directive.id, MANY * 3, (i) => ({ id: fresh(), kind: ['notice', 'demand', 'recommendation'][i % 3] }));
  const checkpoint = await p.audit.checkpoint();
  await copyRows(db, 'audit_checkpoints', 'size', checkpoint.size, MANY, (i) => ({ size: 1_000_000 + i }));
  await Promise.all(Array.from({ length: MANY }, (_, i) => p.audit.append({ actor: { kind: 'system', id: 'paging-test' }, action: 'config.change', details: { change: `entry ${i}` } })));

  // Intel: more collections than a page, one collection of objects granted to the airline, shares to two organisations.
  await db
    .insertInto('stix_collections')
    .values(Array.from({ length: MANY }, (_, i) => ({ id: `paging-${String(i).padStart(4, '0')}`, title: `Paging ${i}`, description: null, alias: null, created_at: now })))
    .execute();
  const T = '2026-05-01T09:00:00.000Z';
  const objects = Array.from({ length: 1600 }, (_, i) => ({
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    created: T,
    modified: T,
    pattern: `[ipv4-addr:value = '198.18.${i >> 8}.${i & 255}']`,
    pattern_type: 'stix',
    valid_from: T,
    object_marking_refs: [i % 4 === 3 ? TLP_RED : TLP_GREEN],
  }));
  await new StixStore(db).ingest(objects, { source: 'paging test', defaultMarkingRef: TLP_GREEN, collectionId: PAGING_COLLECTION, createCollection: { title: 'Paging' }, now });
  await new TaxiiGrantStore(db).grant({ collectionId: PAGING_COLLECTION, granteeKind: 'organization', grantee: f.orgs.airline, canRead: true, canWrite: false }, now);
  await Promise.all(
    Array.from({ length: MANY * 2 }, (_, i) =>
      p.audit.append({
        actor: { kind: 'system', id: 'paging-test' },
        action: 'data.share',
        subjects: [{ type: 'stix_collection', id: PAGING_COLLECTION }],
        details: { channel: 'taxii', recipient: `organisation:${i % 2 === 0 ? f.orgs.airline : f.orgs.bank}`, objects: [objects[i % 1600]!.id], markings: [TLP_GREEN] },
      }),
    ),
  );

  // Assets: more than a page for the airline (the aviation regulator sees them too), a few for the bank.
  const assetCsv = (tag: string, n: number) =>
    `vendor,product,version,role,introduced_on,status\n${Array.from({ length: n }, (_, i) => `Vendor ${tag},Product ${i},1.${i},server,2026-01-10,in-service`).join('\n')}\n`;
  const assets = new AssetStore(db, { clock: f.clock });
  await assets.importCsv(asId<OrganizationId>(f.orgs.airline), assetCsv('A', MANY), { actor: { id: 'paging', organizationId: null } });
  await assets.importCsv(asId<OrganizationId>(f.orgs.bank), assetCsv('B', 30), { actor: { id: 'paging', organizationId: null } });
  // Exposure findings: one per airline asset, priorities in few values so that ties cross page boundaries.
  const airlineAssets = await db.selectFrom('operator_assets').select('id').where('organization_id', '=', f.orgs.airline).execute();
  const findings = airlineAssets.map((a, i) => ({
    asset_id: a.id,
    cve_id: `CVE-2024-${String(10_000 + (i % 5)).padStart(5, '0')}`,
    organization_id: f.orgs.airline,
    certainty: 'confirmed',
    priority: (i % 7) * 10,
    kev: i % 2,
    detail: JSON.stringify({ why: 'paging', basis: 'nvd-configuration', matches: [], priority: { band: 'low', factors: {} } }),
    first_seen_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < findings.length; i += 500)
    await db
      .insertInto('exposure_findings')
      .values(findings.slice(i, i + 500))
      .execute();
  // Advisories: more than a page, two thirds of them (still more than a page) published to the airline, some sharing a creation instant.
  const advisories = Array.from({ length: MANY + 600 }, (_, i) => ({
    id: fresh(),
    status: i % 3 !== 2 ? 'published' : 'draft',
    origin: 'analyst',
    title: `Paging advisory ${i}`,
    summary: 'paging',
    action: 'paging',
    cves: '["CVE-2024-10000"]',
    acknowledge_within_days: 14,
    tlp: 'green',
    created_by: 'paging',
    created_at: now - (i % 400) * 1000,
    updated_at: now,
    published_at: i % 3 !== 2 ? now : null,
    published_by: i % 3 !== 2 ? 'paging' : null,
    due_at: i % 3 !== 2 ? now + 14 * 86_400_000 : null,
    revision: 1,
  }));
  for (let i = 0; i < advisories.length; i += 500)
    await db
      .insertInto('advisories')
      .values(advisories.slice(i, i + 500))
      .execute();
  const sent = advisories.filter((a) => a.status === 'published').map((a) => ({ advisory_id: a.id, organization_id: f.orgs.airline, acknowledged_at: null, acknowledged_by: null, notified_at: null }));
  for (let i = 0; i < sent.length; i += 500)
    await db
      .insertInto('advisory_recipients')
      .values(sent.slice(i, i + 500))
      .execute();
  // Incidents: more than a page for the airline, aware 40 days ago so every one is overdue.
  for (let i = 0; i < MANY; i++) {
    const r = await f.call(f.users.airline!, 'POST', '/api/v1/incidents', { regime: 'jp-act', title: `Paging ${i}`, category: 'ddos', anchors: { awareness: now - 40 * 86_400_000 + i * 1000 } });
    expect(r.status).toBe(201);
  }

  return { activeRequest, manySourcesAttack: manySourcesAttack!, scopeCase };
}

async function page(c: Ctx, user: TestUser, url: string, limit: number, cursor: string | null): Promise<Page> {
  const sep = url.includes('?') ? '&' : '?';
  const a = await c.f.call(user, 'GET', `${url}${sep}limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
  expect(a.status, `${url} limit=${limit}: ${a.text.slice(0, 300)}`).toBe(200);
  return a.body as Page;
}

/** Walks the whole list at `limit`: every page but the last is full and hands out a cursor. */
async function walkAll(c: Ctx, walk: Walk, limit: number, rows: number): Promise<string[]> {
  // A cursor that goes round would walk for ever: stop one page after the rows must have run out.
  const budget = Math.ceil(rows / limit) + 1;
  const user = c.f.users[walk.who]!;
  const url = walk.url(c);
  const keys: string[] = [];
  let cursor: string | null = null;
  for (let n = 0; ; n++) {
    expect(n, `${url} limit=${limit}: more pages than the rows fill`).toBeLessThan(budget);
    const p = await page(c, user, url, limit, cursor);
    keys.push(...p.items.map(walk.key));
    if (p.next === null) {
      expect(p.items.length, `${url} limit=${limit}: a last page`).toBeLessThanOrEqual(limit);
      return keys;
    }
    expect(p.items.length, `${url} limit=${limit}: a page with a cursor is full`).toBe(limit);
    cursor = p.next;
  }
}

function pagingTests(dialect: 'sqlite' | 'postgres'): void {
  let c: Ctx;
  beforeAll(async () => {
    // Exposure matching off: it would replace the findings filled below with what the records imply (none).
    const f = await startApiFixture({ dialect, overrides: { cooperation: { exposure: { enabled: false } } } });
    const w = await buildWorld(f);
    c = { f, w, db: f.platform.storage.db, filled: await fill(f, w) };
  }, 300_000);
  afterAll(async () => {
    await c?.f.stop();
  });

  it('has a row for every list route of the API', () => {
    const paths = c.f.platform.api.openapi()['paths'] as Record<
      string,
      Record<string, { responses: Record<string, { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }> }>
    >;
    const lists = Object.entries(paths)
      .filter(([, ops]) => {
        const props = ops['get']?.responses['200']?.content?.['application/json']?.schema?.properties;
        return props !== undefined && 'items' in props && 'next' in props;
      })
      .map(([path]) => `GET ${path}`)
      .sort();
    expect(lists).toEqual(Object.keys(LISTS).sort());
  });

  it('refuses a cursor it did not hand out instead of starting again from the first page', async () => {
    for (const [who, url] of [
      ['analyst', '/api/v1/organizations?cursor=no-such-organization'],
      ['analyst', '/api/v1/networks?cursor=01ZZZZZZZZZZZZZZZZZZZZZZZZ'],
      ['analyst', '/api/v1/sightings?cursor=not-a-position'],
      ['analyst', `/api/v1/sightings?cursor=${'z'.repeat(11)}_01ABC`],
      ['analyst', `/api/v1/requests/${c.filled.activeRequest}/targets?cursor=NOT-AN-OFFSET`],
      ['auditor', '/api/v1/audit/entries?cursor=NOT-A-SEQ'],
      ['auditor', '/api/v1/intel/shares?cursor=NOT-A-SEQ'],
      ['analyst', '/api/v1/intel/collections?cursor=bm8tc3VjaA'],
      ['analyst', `/api/v1/intel/collections/${PAGING_COLLECTION}/objects?cursor=not-a-position`],
      ['analyst', '/api/v1/intel/inbox?cursor=not-a-position'],
    ] as const) {
      const a = await c.f.call(c.f.users[who]!, 'GET', url);
      expect([url, a.status, (a.body as { code?: string }).code]).toEqual([url, 400, 'SAKIMORI_ERR_API_BAD_CURSOR']);
    }
  });

  for (const [route, list] of Object.entries(LISTS)) {
    it(route, async () => {
      for (const [n, walk] of list.walks.entries()) {
        const url = walk.url(c);
        const expected = (await walk.expected(c)).sort();
        expect(expected.length, `${url}: the fill made more rows than a page`).toBeGreaterThan(MAX);
        if (list.unpaged === true) {
          const p = (await c.f.call(c.f.users[walk.who]!, 'GET', url)).body as Page;
          expect(p.next).toBeNull();
          expect(p.items.map(walk.key).sort()).toEqual(expected);
          continue;
        }
        const rows = expected.length;
        const full = await walkAll(c, walk, MAX, rows);
        expect(new Set(full).size, `${url}: a row came back twice`).toBe(full.length);
        expect([...full].sort()).toEqual(expected);
        // The same rows in the same order at other page sizes (a small one for the first walk only:
        // the others differ in filter or scope, not in how pages follow each other).
        expect(await walkAll(c, walk, MAX - 1, rows)).toEqual(full);
        if (n === 0) expect(await walkAll(c, walk, 50, rows)).toEqual(full);
        // At 1, the first pages each hand out a cursor to the next row.
        let cursor: string | null = null;
        for (let k = 0; k < 5; k++) {
          const p: Page = await page(c, c.f.users[walk.who]!, url, 1, cursor);
          expect([p.items.map(walk.key), p.next === null]).toEqual([[full[k]], false]);
          cursor = p.next;
        }
      }
    }, 120_000);
  }
}

const pgUrl = new URL(TEST_PG_URL);
const PG_MISSING = (await tcpAvailable(pgUrl.hostname, Number(pgUrl.port || 5432))) ? [] : [`PostgreSQL at ${pgUrl.host} (set SAKIMORI_TEST_PG_URL)`];

describe('paging of every list [sqlite]', () => pagingTests('sqlite'));
describeExternal('paging of every list [postgres]', PG_MISSING, () => pagingTests('postgres'));
