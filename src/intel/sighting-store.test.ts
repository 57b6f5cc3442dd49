import { beforeEach, expect, it } from 'vitest';
import { describeStorage } from '../storage/testing/storage-suite.js';
import type { SightingsTable } from './tables.js';
import { SightingStore } from './sighting-store.js';

function row(id: string, lastSeen: number, organizationId: string | null): SightingsTable {
  return {
    id,
    indicator_key: `ipv4:203.0.113.${id.length}`,
    indicator_value: '203.0.113.7',
    indicator_label: null,
    indicator_kind: 'c2',
    indicator_source: 'test',
    host: `100.64.0.${id.charCodeAt(0)}`,
    family: 4,
    network_id: null,
    organization_id: organizationId,
    network_prefix: null,
    first_seen: 0,
    last_seen: lastSeen,
    records: 1,
    outbound_records: 1,
    inbound_records: 0,
    packets: 1,
    bytes: 60,
    ports: '[443]',
    protocols: '[6]',
    created_at: 0,
    updated_at: 0,
  };
}

describeStorage('sighting store list', (ctx) => {
  let store: SightingStore;
  beforeEach(async () => {
    await ctx.reset();
    store = new SightingStore(ctx.db, ctx.clock);
    // Three seen at the same moment: the id orders them, so a cursor never skips or repeats one.
    await ctx.db
      .insertInto('sightings')
      .values([row('A', 3000, 'org-1'), row('B', 2000, 'org-2'), row('C', 2000, 'org-1'), row('D', 2000, null), row('E', 1000, 'org-1')])
      .execute();
  });

  it('pages in list order (last seen, newest first, then id) from the position after a cursor', async () => {
    expect((await store.list()).map((s) => s.id)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect((await store.list({ after: { lastSeen: 2000, id: 'B' }, limit: 2 })).map((s) => s.id)).toEqual(['C', 'D']);
    expect((await store.list({ after: { lastSeen: 2000, id: 'D' } })).map((s) => s.id)).toEqual(['E']);
    expect((await store.list({ after: { lastSeen: 1000, id: 'E' } })).map((s) => s.id)).toEqual([]);
  });

  it('keeps the sightings of a set of organisations, and none for an empty set', async () => {
    expect((await store.list({ organizationIds: ['org-1'] })).map((s) => s.id)).toEqual(['A', 'C', 'E']);
    expect((await store.list({ organizationIds: ['org-1', 'org-2'], after: { lastSeen: 3000, id: 'A' } })).map((s) => s.id)).toEqual(['B', 'C', 'E']);
    expect(await store.list({ organizationIds: [] })).toEqual([]);
  });
});
