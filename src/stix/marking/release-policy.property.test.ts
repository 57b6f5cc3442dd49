/**
 * Property test of the release policy against an independently written oracle: 100 000 random cases
 * of (object markings incl. granular, MISP distribution and sharing group, recipient, channel), each
 * checked for the whole object, one field, and the redacted object. The oracle below is a small table
 * written from FIRST TLP 2.0 and the MISP distribution levels, sharing no code with the module.
 * A failure prints the seed; rerun with `MARKING_SEED=<seed>` to reproduce.
 */
import { describe, expect, it } from 'vitest';
import type { OrganizationId } from '../../core/ids.js';
import {
  type Channel,
  createReleasePolicy,
  type MarkingDefinition,
  mayRelease,
  mayReleaseField,
  type Recipient,
  type ReleaseContext,
  type ReleasePolicy,
  redactObject,
  type StixObject,
} from './index.js';

const SEED = Number(process.env.MARKING_SEED ?? 20261206);
const CASES = 100_000;

/** mulberry32: small, seedable, every bit usable. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------------
// Oracle. Level numbers: 0 CLEAR, 1 GREEN, 2 AMBER, 3 AMBER+STRICT, 4 RED; 'none' no TLP; 'deny' unknown.
// Ids re-typed from the OASIS TLP 2.0 publication and STIX 2.1 §7.2.1.4, not imported.
// ---------------------------------------------------------------------------------------------------
const STATEMENT = 'marking-definition--d81f86b9-975b-4c0b-875e-810c5ad45a4f';
const CUSTOM_RED_CLAIM = 'marking-definition--0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
const UNKNOWN = 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ec';
const ORACLE_MEANING: Readonly<Record<string, number | 'none' | 'deny'>> = {
  'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487': 0,
  'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb': 1,
  'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421': 2,
  'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003': 3,
  'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1': 4,
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 0,
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 1,
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 2,
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 4,
  // PAP (Sakimori's ids): no sharing limit.
  'marking-definition--98fa7c52-2512-522b-b9ef-b4ab46120123': 'none',
  'marking-definition--979b160d-e4b0-577c-bd12-bb02c88d75d3': 'none',
  'marking-definition--b50b61a2-7542-5b97-8d60-d0ba94b324b4': 'none',
  'marking-definition--feebe1e3-5a2d-5e1f-8670-ed5c66aa900e': 'none',
  [STATEMENT]: 'none',
  [CUSTOM_RED_CLAIM]: 4,
  [UNKNOWN]: 'deny',
};
const REFS = Object.keys(ORACLE_MEANING);

/** The recipient's class with respect to the audience (the TLP table's columns). */
type TlpClass = 'public' | 'org-in' | 'client-of-in' | 'org-out' | 'role-in' | 'role-out' | 'group-in' | 'group-out' | 'group-empty';

function tlpClass(r: Recipient, audience: readonly string[]): TlpClass {
  if (r.kind === 'public') return 'public';
  if (r.kind === 'group') return r.memberOrganisationIds.length === 0 ? 'group-empty' : r.memberOrganisationIds.every((m) => audience.includes(m)) ? 'group-in' : 'group-out';
  if (r.kind === 'role') return audience.includes(r.organisationId) ? 'role-in' : 'role-out';
  if (audience.includes(r.organisationId)) return 'org-in';
  return r.clientOf !== undefined && audience.includes(r.clientOf) ? 'client-of-in' : 'org-out';
}

// 'Y' allowed, 'N' denied, 'P' allowed over person-to-person channels only. Columns in TlpClass order.
const CLASSES: readonly TlpClass[] = ['public', 'org-in', 'client-of-in', 'org-out', 'role-in', 'role-out', 'group-in', 'group-out', 'group-empty'];
const TLP_TABLE: readonly string[] = [/* CLEAR        */ 'YYYYYYYYN', /* GREEN        */ 'NYYYYYYYN', /* AMBER        */ 'NYYNYNYNN', /* AMBER+STRICT */ 'NYNNYNYNN', /* RED          */ 'NNNNPNNNN'];
const PERSON_CHANNELS = ['api-view', 'sse', 'notice'];

function oracleTlp(level: number, r: Recipient, ctx: ReleaseContext, channel: Channel): boolean {
  const cell = TLP_TABLE[level]?.[CLASSES.indexOf(tlpClass(r, ctx.audience))];
  return cell === 'Y' || (cell === 'P' && PERSON_CHANNELS.includes(channel));
}

function oracleMisp(ctx: ReleaseContext, r: Recipient): boolean {
  const d = ctx.distribution === 5 ? ctx.inherited?.distribution : ctx.distribution;
  const members = ctx.distribution === 5 ? ctx.inherited?.sharingGroupMembers : ctx.sharingGroupMembers;
  const orgs = r.kind === 'public' ? [] : r.kind === 'group' ? r.memberOrganisationIds : [r.organisationId];
  const within = (allowed: readonly string[]) => r.kind !== 'public' && orgs.length > 0 && orgs.every((o) => allowed.includes(o));
  if (d === undefined) return false;
  if (d === 0) return within([ctx.producer]);
  if (d === 1 || d === 2) return r.kind !== 'public';
  if (d === 3) return true;
  return within(members ?? []);
}

/** Levels of refs: the worst level, 'deny' if any unknown, undefined if none is TLP. */
function worst(refs: readonly string[]): number | 'deny' | undefined {
  let w: number | undefined;
  for (const ref of refs) {
    const m = ORACLE_MEANING[ref] ?? 'deny';
    if (m === 'deny') return 'deny';
    if (m !== 'none') w = Math.max(w ?? 0, m);
  }
  return w;
}

function oracleObject(refs: readonly string[], defaultLevel: number, ctx: ReleaseContext, r: Recipient, channel: Channel): boolean {
  if (r.kind === 'group' && r.memberOrganisationIds.length === 0) return false;
  const w = worst(refs);
  if (w === 'deny') return false;
  return oracleTlp(w ?? defaultLevel, r, ctx, channel) && oracleMisp(ctx, r);
}

const VALID_SELECTORS = [
  'description',
  'name',
  'labels',
  'labels.[0]',
  'labels.[1]',
  'labels.[2]',
  'external_references',
  'external_references.[0].url',
  'external_references.[1]',
  'pattern',
  'id',
  'object_marking_refs',
];
const INVALID_SELECTORS = ['labels[1]', '', 'labels.[x]', '.description'];
const REQUIRED = ['id', 'type', 'spec_version', 'created', 'modified', 'object_marking_refs', 'granular_markings', 'pattern', 'pattern_type', 'valid_from'];

const within = (sel: string, q: string) => sel === q || q.startsWith(`${sel}.`);
const overlap = (a: string, b: string) => within(a, b) || within(b, a);

// ---------------------------------------------------------------------------------------------------
// Random cases.
// ---------------------------------------------------------------------------------------------------
const ORGS = ['o1', 'o2', 'o3', 'o4', 'o5'] as unknown as OrganizationId[];
const CHANNEL_LIST: Channel[] = ['taxii', 'misp-feed', 'file-export', 'bundle-export', 'event-jsonl', 'webhook', 'exec', 'api-view', 'sse', 'notice'];
const CUSTOM: MarkingDefinition[] = [
  {
    type: 'marking-definition',
    spec_version: '2.1',
    id: STATEMENT,
    created: '2017-04-14T13:07:49.812Z',
    definition_type: 'statement',
    definition: { statement: 'Copyright (c) Stark Industries 2017.' },
  },
  { type: 'marking-definition', spec_version: '2.1', id: CUSTOM_RED_CLAIM, created: '2024-01-01T00:00:00.000Z', name: 'TLP:RED' },
  // A forged definition reusing the TLP:RED id to claim CLEAR: must be ignored.
  {
    type: 'marking-definition',
    spec_version: '2.1',
    id: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
    created: '2024-01-01T00:00:00.000Z',
    name: 'TLP:CLEAR',
    extensions: { 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': { extension_type: 'property-extension', tlp_2_0: 'clear' } },
  },
];
const DEFAULT_REFS = [
  'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
];
const POLICIES: ReleasePolicy[] = DEFAULT_REFS.map((defaultMarkingRef) => createReleasePolicy({ defaultMarkingRef, customDefinitions: CUSTOM }));

function gen(rand: () => number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const subset = <T>(xs: readonly T[]): T[] => xs.filter(() => rand() < 0.45);
  const n = Math.floor(rand() * 4);
  const refs = Array.from({ length: n }, () => pick(REFS));
  const granular = Array.from({ length: Math.floor(rand() * 4) }, () => ({
    marking_ref: pick(REFS),
    selectors: Array.from({ length: 1 + Math.floor(rand() * 2) }, () => (rand() < 0.04 ? pick(INVALID_SELECTORS) : pick(VALID_SELECTORS))),
  }));
  const object: StixObject = {
    type: 'indicator',
    spec_version: '2.1',
    id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    name: 'NOOPDOOR C2',
    description: 'C2 of the campaign',
    pattern: "[ipv4-addr:value = '198.51.100.7']",
    pattern_type: 'stix',
    valid_from: '2026-01-01T00:00:00Z',
    labels: ['c2', 'mirrorface', 'noopdoor'],
    external_references: [
      { source_name: 'eset', url: 'https://example.org/a' },
      { source_name: 'jpcert', url: 'https://example.org/b' },
    ],
    ...(n > 0 || rand() < 0.3 ? { object_marking_refs: refs } : {}),
    ...(granular.length > 0 ? { granular_markings: granular } : {}),
  };
  const distribution = pick([0, 1, 2, 3, 4, 5] as const);
  const ctx: ReleaseContext = {
    producer: pick(ORGS),
    audience: subset(ORGS),
    distribution,
    ...(rand() < 0.8 ? { sharingGroupMembers: subset(ORGS) } : {}),
    ...(rand() < 0.7 ? { inherited: { distribution: pick([0, 1, 2, 3, 4] as const), ...(rand() < 0.8 ? { sharingGroupMembers: subset(ORGS) } : {}) } } : {}),
  };
  const kind = pick(['organisation', 'organisation', 'group', 'role', 'role', 'public'] as const);
  const recipient: Recipient =
    kind === 'organisation'
      ? { kind, organisationId: pick(ORGS), sector: 'finance', ...(rand() < 0.5 ? { clientOf: pick(ORGS) } : {}) }
      : kind === 'group'
        ? { kind, groupId: 'g', memberOrganisationIds: subset(ORGS) }
        : kind === 'role'
          ? { kind, role: 'nco_analyst', organisationId: pick(ORGS) }
          : { kind };
  const defaultLevel = Math.floor(rand() * 5);
  return { object, refs, granular, ctx, recipient, channel: pick(CHANNEL_LIST), defaultLevel, query: pick(VALID_SELECTORS) };
}

type Case = ReturnType<typeof gen>;

/** Oracle for one field: the object is releasable, all selectors are valid, and every overlapping granular TLP allows. */
function oracleField(c: Case, query: string): boolean {
  if (!oracleObject(c.refs, c.defaultLevel, c.ctx, c.recipient, c.channel)) return false;
  if (c.granular.some((g) => g.selectors.some((s) => INVALID_SELECTORS.includes(s)))) return false;
  return c.granular.every((g) => !g.selectors.some((s) => overlap(s, query)) || granularAllows(c, g.marking_ref));
}

function granularAllows(c: Case, ref: string): boolean {
  const m = ORACLE_MEANING[ref] ?? 'deny';
  return m === 'none' || (m !== 'deny' && oracleTlp(m, c.recipient, c.ctx, c.channel));
}

/** Oracle for redaction: the expected object content, or 'withheld'. */
function oracleRedacted(c: Case): Record<string, unknown> | 'withheld' {
  if (!oracleObject(c.refs, c.defaultLevel, c.ctx, c.recipient, c.channel)) return 'withheld';
  if (c.granular.some((g) => g.selectors.some((s) => INVALID_SELECTORS.includes(s)))) return 'withheld';
  const deniedSelectors = new Set(c.granular.filter((g) => !granularAllows(c, g.marking_ref)).flatMap((g) => g.selectors));
  if ([...deniedSelectors].some((s) => REQUIRED.includes(s))) return 'withheld';
  const o = c.object as Record<string, unknown>;
  const out: Record<string, unknown> = { ...o };
  delete out.granular_markings;
  if (deniedSelectors.has('description')) delete out.description;
  if (deniedSelectors.has('name')) delete out.name;
  const labels = (o.labels as string[]).filter((_, i) => !deniedSelectors.has('labels') && !deniedSelectors.has(`labels.[${i}]`));
  if (labels.length > 0) out.labels = labels;
  else delete out.labels;
  if (deniedSelectors.has('external_references')) delete out.external_references;
  else {
    const refs = o.external_references as Record<string, string>[];
    const first = deniedSelectors.has('external_references.[0].url') ? { source_name: refs[0]?.source_name } : refs[0];
    out.external_references = deniedSelectors.has('external_references.[1]') ? [first] : [first, refs[1]];
  }
  return out;
}

function valueAt(o: unknown, selector: string): unknown {
  let node = o;
  for (const step of selector.split('.')) {
    const m = /^\[(\d+)\]$/.exec(step);
    node = m !== null ? (node as unknown[] | undefined)?.[Number(m[1])] : (node as Record<string, unknown> | undefined)?.[step];
  }
  return node;
}

describe('release policy against the oracle', () => {
  it(`agrees on ${CASES} random cases (seed ${SEED})`, () => {
    const rand = prng(SEED);
    const disagreements: string[] = [];
    const tally = { allowed: 0, denied: 0, redactedFields: 0 };
    for (let i = 0; i < CASES && disagreements.length < 5; i++) {
      const c = gen(rand);
      const policy = POLICIES[c.defaultLevel] as ReleasePolicy;
      const whole = mayRelease(c.object, c.ctx, c.recipient, c.channel, policy);
      const expected = oracleObject(c.refs, c.defaultLevel, c.ctx, c.recipient, c.channel);
      if (whole.allowed !== expected) disagreements.push(`case ${i}: object ${JSON.stringify({ c, whole })}`);
      tally[whole.allowed ? 'allowed' : 'denied']++;
      const field = mayReleaseField(c.object, c.ctx, c.recipient, c.channel, c.query, policy);
      if (field.allowed !== oracleField(c, c.query)) disagreements.push(`case ${i}: field ${c.query} ${JSON.stringify({ c, field })}`);
      const redacted = redactObject(c.object, c.ctx, c.recipient, c.channel, policy);
      const want = oracleRedacted(c);
      if (want === 'withheld' || !redacted.allowed) {
        if (want !== 'withheld' || redacted.allowed) disagreements.push(`case ${i}: redaction ${JSON.stringify({ c, redacted, want })}`);
        continue;
      }
      const { granular_markings: kept, ...content } = redacted.object as Record<string, unknown>;
      if (JSON.stringify(content) !== JSON.stringify(want)) disagreements.push(`case ${i}: redacted content ${JSON.stringify({ c, got: content, want })}`);
      if (redacted.removed.length > 0) tally.redactedFields++;
      // Granular markings that remain are exactly the allowed ones whose content survived, each still
      // selecting the same value (selectors into lists renumbered).
      const got = ((kept ?? []) as { marking_ref: string; selectors: string[] }[]).flatMap((g) => g.selectors.map((s) => `${g.marking_ref} ${JSON.stringify(valueAt(content, s))}`)).sort();
      // Nothing denied: the object goes out exactly as produced, selectors untouched.
      const nothingDenied = c.granular.every((g) => granularAllows(c, g.marking_ref));
      const expectKept = c.granular
        .filter((g) => granularAllows(c, g.marking_ref))
        .flatMap((g) => g.selectors.filter((s) => nothingDenied || !isUnder(s, c)).map((s) => `${g.marking_ref} ${JSON.stringify(valueAt(want, renumbered(s, c)))}`))
        .sort();
      if (JSON.stringify(got) !== JSON.stringify(expectKept)) disagreements.push(`case ${i}: granular markings ${JSON.stringify({ c, got, expectKept })}`);
    }
    if (disagreements.length > 0) throw new Error(`seed ${SEED} (rerun with MARKING_SEED=${SEED}):\n${disagreements.join('\n')}`);
    // Not vacuous: both verdicts and redactions occur in quantity.
    expect(tally.allowed).toBeGreaterThan(CASES / 20);
    expect(tally.denied).toBeGreaterThan(CASES / 4);
    expect(tally.redactedFields).toBeGreaterThan(CASES / 100);
  });
});

/** True when the content `s` selects is absent or was removed: it, or an ancestor, is selected by a denied marking, or its list was emptied. */
function isUnder(s: string, c: Case): boolean {
  // A selector of content the object does not have selects nothing and is dropped.
  if (valueAt(c.object, s) === undefined) return true;
  const denied = c.granular.filter((g) => !granularAllows(c, g.marking_ref)).flatMap((g) => g.selectors);
  if (denied.some((d) => within(d, s))) return true;
  return s.startsWith('labels') && [0, 1, 2].every((i) => denied.includes(`labels.[${i}]`));
}

/** Where selector `s` points after redaction: a label's index drops by the removed labels before it. */
function renumbered(s: string, c: Case): string {
  const m = /^labels\.\[(\d)\]$/.exec(s);
  if (m === null) return s;
  const denied = c.granular.filter((g) => !granularAllows(c, g.marking_ref)).flatMap((g) => g.selectors);
  const i = Number(m[1]);
  const before = [0, 1, 2].filter((j) => j < i && denied.includes(`labels.[${j}]`)).length;
  return `labels.[${i - before}]`;
}
