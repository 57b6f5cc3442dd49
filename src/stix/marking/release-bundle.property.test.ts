/**
 * Leak check on random bundles: whatever the markings, contexts, recipient and channel, no released
 * object mentions a withheld id anywhere in its JSON, every reference it keeps can be followed by the
 * recipient, markings survive with their definitions, and nothing is released that the policy denies.
 * A failure prints the seed; rerun with `MARKING_SEED=<seed>` to reproduce.
 */
import { describe, expect, it } from 'vitest';
import type { OrganizationId } from '../../core/ids.js';
import { type Channel, createReleasePolicy, type MarkingDefinition, mayRelease, type Recipient, type ReleaseContext, releaseBundle, type StixObject } from './index.js';

const SEED = Number(process.env.MARKING_SEED ?? 7348);
const BUNDLES = 3000;

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATEMENT = 'marking-definition--d81f86b9-975b-4c0b-875e-810c5ad45a4f';
const MARKINGS = [
  'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
  'marking-definition--feebe1e3-5a2d-5e1f-8670-ed5c66aa900e',
  STATEMENT,
];
const UNKNOWN = 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ec';
const POLICY = createReleasePolicy({
  defaultMarkingRef: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  customDefinitions: [
    {
      type: 'marking-definition',
      spec_version: '2.1',
      id: STATEMENT,
      created: '2017-04-14T13:07:49.812Z',
      created_by_ref: 'identity--00000000-0000-4000-8000-000000000001',
      definition_type: 'statement',
      definition: { statement: 'Copyright (c) Stark Industries 2017.' },
    } as MarkingDefinition,
  ],
});
const ORGS = ['o1', 'o2', 'o3', 'o4'] as unknown as OrganizationId[];
const CHANNELS: Channel[] = ['taxii', 'misp-feed', 'file-export', 'bundle-export', 'event-jsonl', 'webhook', 'exec', 'api-view', 'sse', 'notice'];

function uuid(rand: () => number): string {
  const hex = () => Math.floor(rand() * 16).toString(16);
  const part = (n: number) => Array.from({ length: n }, hex).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-8${part(3)}-${part(12)}`;
}

function genBundle(rand: () => number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const subset = <T>(xs: readonly T[]): T[] => xs.filter(() => rand() < 0.4);
  const external = Array.from({ length: 3 }, () => `indicator--${uuid(rand)}`);
  const objects: StixObject[] = [];
  const common = () => ({
    spec_version: '2.1',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    ...(rand() < 0.85 ? { object_marking_refs: rand() < 0.03 ? [UNKNOWN] : subset(MARKINGS).slice(0, 2) } : {}),
  });
  const ids = () => objects.map((o) => o.id);
  const anyRef = () => (rand() < 0.15 ? pick(external) : pick(ids()));
  for (let i = 0; i < 2; i++) objects.push({ type: 'identity', id: `identity--${uuid(rand)}`, name: `org ${i}`, ...common() });
  for (let i = 0; i < 2 + Math.floor(rand() * 4); i++) {
    objects.push({
      type: 'indicator',
      id: `indicator--${uuid(rand)}`,
      created_by_ref: pick(ids()),
      pattern: "[ipv4-addr:value = '198.51.100.7']",
      pattern_type: 'stix',
      valid_from: '2026-01-01T00:00:00Z',
      // Ids hidden where no reference filter looks: free text and an extension property.
      ...(rand() < 0.3 ? { description: `related to ${pick(ids())}` } : {}),
      ...(rand() < 0.3
        ? {
            extensions: {
              'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e': { extension_type: 'property-extension', x_related_ref: anyRef(), x_more: { peer_refs: [anyRef(), anyRef()] } },
            },
          }
        : {}),
      ...(rand() < 0.2 ? { granular_markings: [{ marking_ref: pick(MARKINGS), selectors: ['pattern_type'] }] } : {}),
      ...common(),
    });
  }
  objects.push({ type: 'observed-data', id: `observed-data--${uuid(rand)}`, first_observed: 'x', last_observed: 'x', number_observed: 1, object_refs: [anyRef()], ...common() });
  for (let i = 0; i < 1 + Math.floor(rand() * 3); i++) {
    objects.push({ type: 'relationship', id: `relationship--${uuid(rand)}`, relationship_type: 'indicates', source_ref: anyRef(), target_ref: anyRef(), ...common() });
  }
  objects.push({
    type: 'sighting',
    id: `sighting--${uuid(rand)}`,
    sighting_of_ref: anyRef(),
    where_sighted_refs: [anyRef(), anyRef()],
    observed_data_refs: [anyRef()],
    ...common(),
  });
  objects.push({ type: 'report', id: `report--${uuid(rand)}`, name: 'r', published: '2026-01-01T00:00:00Z', object_refs: [anyRef(), anyRef(), anyRef()], ...common() });
  objects.push({ type: 'note', id: `note--${uuid(rand)}`, content: 'n', object_refs: [anyRef()], ...common() });
  objects.push({ type: 'email-message', id: `email-message--${uuid(rand)}`, is_multipart: true, body_multipart: [{ body_raw_ref: anyRef() }, { body: 'text' }] });
  // A second version of some object, marked differently.
  const again = pick(objects);
  if (rand() < 0.3) objects.push({ ...again, modified: '2026-02-01T00:00:00.000Z', object_marking_refs: [pick(MARKINGS)] });
  const contexts = new Map<string, ReleaseContext>();
  for (const o of objects) {
    if (rand() < 0.05) continue;
    contexts.set(o.id, {
      producer: pick(ORGS),
      audience: subset(ORGS),
      distribution: pick([0, 1, 2, 3, 3, 3, 4, 5] as const),
      sharingGroupMembers: subset(ORGS),
      ...(rand() < 0.7 ? { inherited: { distribution: pick([1, 2, 3] as const) } } : {}),
    });
  }
  const kind = pick(['organisation', 'group', 'role', 'public'] as const);
  const recipient: Recipient =
    kind === 'organisation'
      ? { kind, organisationId: pick(ORGS), sector: 'finance', ...(rand() < 0.3 ? { clientOf: pick(ORGS) } : {}) }
      : kind === 'group'
        ? { kind, groupId: 'g', memberOrganisationIds: subset(ORGS) }
        : kind === 'role'
          ? { kind, role: 'nco_analyst', organisationId: pick(ORGS) }
          : { kind };
  return { objects, contexts, recipient, channel: pick(CHANNELS), external, alreadyReleased: new Set(subset(external)) };
}

/** Every `*_ref` / `*_refs` value at any depth. */
function refsIn(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, into);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k.endsWith('_ref') && typeof v === 'string') into.push(v);
      else if (k.endsWith('_refs') && Array.isArray(v)) into.push(...v.filter((r): r is string => typeof r === 'string'));
      else refsIn(v, into);
    }
  }
  return into;
}

describe('releaseBundle on random bundles', () => {
  it(`never leaks a withheld id (${BUNDLES} bundles, seed ${SEED})`, () => {
    const rand = prng(SEED);
    const failures: string[] = [];
    const tally = { released: 0, withheld: 0, requiredRef: 0, mentions: 0 };
    for (let b = 0; b < BUNDLES && failures.length < 5; b++) {
      const g = genBundle(rand);
      const { released, withheld } = releaseBundle(g.objects, g.contexts, g.recipient, g.channel, { policy: POLICY, alreadyReleased: (id) => g.alreadyReleased.has(id) });
      const fail = (why: string) => failures.push(`bundle ${b}: ${why}\n${JSON.stringify({ g: { ...g, contexts: [...g.contexts], alreadyReleased: [...g.alreadyReleased] }, released, withheld })}`);
      const releasedIds = new Set(released.map((o) => o.id));
      const bundleIds = new Set(g.objects.map((o) => o.id));
      const withheldIds = [...bundleIds].filter((id) => !releasedIds.has(id));
      for (const o of released) {
        const json = JSON.stringify(o);
        for (const id of withheldIds) if (json.includes(id.slice(id.indexOf('--') + 2))) fail(`${o.id} mentions withheld ${id}`);
        for (const ref of refsIn(o)) {
          const ok = releasedIds.has(ref) || (!bundleIds.has(ref) && g.alreadyReleased.has(ref));
          if (!ok) fail(`${o.id} keeps a reference the recipient cannot follow: ${ref}`);
        }
        if (o.type === 'marking-definition') continue;
        const originals = g.objects.filter((x) => x.id === o.id);
        const original = originals.find((x) => x.modified === o.modified);
        if (original === undefined) {
          fail(`${o.id} released but not in the input`);
          continue;
        }
        if (JSON.stringify(o.object_marking_refs) !== JSON.stringify(original.object_marking_refs)) fail(`${o.id} lost or changed its object markings`);
        const context = g.contexts.get(o.id);
        if (context === undefined || !originals.every((x) => mayRelease(x, context, g.recipient, g.channel, POLICY).allowed)) fail(`${o.id} released although the policy denies a version of it`);
      }
      for (const o of g.objects) {
        if (!releasedIds.has(o.id) && !withheld.some((w) => w.id === o.id)) fail(`${o.id} neither released nor withheld`);
      }
      tally.released += released.filter((o) => o.type !== 'marking-definition').length;
      tally.withheld += withheld.length;
      tally.requiredRef += withheld.filter((w) => w.reason === 'REQUIRED_REF_WITHHELD').length;
      tally.mentions += withheld.filter((w) => w.reason === 'MENTIONS_WITHHELD_ID').length;
    }
    if (failures.length > 0) throw new Error(`seed ${SEED} (rerun with MARKING_SEED=${SEED}):\n${failures.join('\n')}`);
    // Not vacuous: objects go out, and both the fixpoint and the mention check bite.
    expect(tally.released).toBeGreaterThan(BUNDLES);
    expect(tally.requiredRef).toBeGreaterThan(BUNDLES / 20);
    expect(tally.mentions).toBeGreaterThan(BUNDLES / 50);
  });
});
