import { describe, expect, it } from 'vitest';
import type { Finding } from './finding.js';
import { validateStix } from './validate-stix.js';

const IDENTITY = {
  type: 'identity',
  spec_version: '2.1',
  id: 'identity--8c6af861-7b20-41ef-9b59-6344fd872a8f',
  created: '2016-08-08T15:50:10.983Z',
  modified: '2016-08-08T15:50:10.983Z',
  name: 'Franistan Intelligence',
  identity_class: 'organization',
};

const TOOL = {
  type: 'tool',
  spec_version: '2.1',
  id: 'tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  created: '2016-04-06T20:03:48.000Z',
  modified: '2016-04-06T20:03:48.000Z',
  name: 'VNC',
  tool_types: ['remote-access'],
  kill_chain_phases: [{ kill_chain_name: 'lockheed-martin-cyber-kill-chain', phase_name: 'command-and-control' }],
};

function bundle(...objects: unknown[]): Record<string, unknown> {
  return { type: 'bundle', id: 'bundle--44af6c39-c09b-49c5-9de2-394224b04982', objects };
}

function codes(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.code);
}

describe('validateStix', () => {
  it('accepts a well-formed object and a bundle of them', () => {
    expect(validateStix(IDENTITY)).toEqual({ valid: true, errors: [], warnings: [] });
    expect(validateStix(bundle(IDENTITY, TOOL), { strict: true }).valid).toBe(true);
  });

  it('names the object and the JSON path of each finding', () => {
    const tool = { ...TOOL, kill_chain_phases: [{ kill_chain_name: 'lockheed-martin-cyber-kill-chain', phase_name: 'Lateral Movement' }] };
    const result = validateStix(bundle(IDENTITY, IDENTITY, IDENTITY, tool));
    expect(result.valid).toBe(true);
    expect(result.warnings).toEqual([
      expect.objectContaining({ objectId: TOOL.id, path: '/objects/3/kill_chain_phases/0/phase_name', code: 'kill-chain-names', severity: 'warning' }),
      expect.objectContaining({ objectId: IDENTITY.id, path: '/objects/1/modified', code: 'duplicate-ids' }),
      expect.objectContaining({ objectId: IDENTITY.id, path: '/objects/2/modified', code: 'duplicate-ids' }),
    ]);
  });

  it('counts warnings as errors under strict', () => {
    const result = validateStix({ ...IDENTITY, identity_class: 'cabal' }, { strict: true });
    expect(result.valid).toBe(false);
    expect(result.warnings).toEqual([]);
    expect(result.errors).toEqual([expect.objectContaining({ path: '/identity_class', code: 'identity-class', severity: 'error' })]);
  });

  it('requires modified >= created, compared as instants not strings', () => {
    const later = validateStix({ ...IDENTITY, created: '2023-09-27T20:12:54.984123Z', modified: '2023-09-27T20:12:54.984Z' });
    expect(later.errors).toEqual([expect.objectContaining({ path: '/modified', code: 'SAKIMORI_ERR_STIX_OBJECT_ORDER' })]);
    expect(validateStix({ ...IDENTITY, created: '2023-09-27T20:12:54.984123Z', modified: '2023-09-27T20:12:54.985Z' }).valid).toBe(true);
  });

  it('refuses impossible dates and malformed timestamps', () => {
    for (const modified of ['2017-02-29T08:17:27.000Z', '2016-11-31T08:17:27Z', '2016-03-12T24:00:00Z', '2016-03-12 08:17:27Z', '2016-03-12T08:17:27+01:00']) {
      expect(codes(validateStix({ ...IDENTITY, modified }).errors), modified).toContain('SAKIMORI_ERR_STIX_OBJECT_TIMESTAMP');
    }
    expect(validateStix({ ...IDENTITY, created: '2016-02-29T08:17:27Z', modified: '2016-02-29T08:17:27.123456789Z' }).valid).toBe(true);
  });

  it('checks ids: type prefix equal to type, RFC 4122 UUID, v4 for domain objects and v5 for observables', () => {
    expect(codes(validateStix({ ...IDENTITY, id: 'indicator--8c6af861-7b20-41ef-9b59-6344fd872a8f' }).errors)).toEqual(['SAKIMORI_ERR_STIX_OBJECT_ID']);
    expect(codes(validateStix({ ...IDENTITY, id: 'identity--8c6af861-7b20-41ef-c9b5-6344fd872a8f' }).errors)).toEqual(['SAKIMORI_ERR_STIX_OBJECT_ID']);
    expect(codes(validateStix({ ...IDENTITY, id: 'identity--8c6af861-7b20-51ef-9b59-6344fd872a8f' }).warnings)).toEqual(['uuid-check']);
    const sco = { type: 'mutex', id: 'mutex--eba44954-d4e4-5d3b-814c-2b17dd8de300', name: '__CLEANSWEEP__' };
    expect(validateStix(sco, { strict: true }).valid).toBe(true);
    expect(codes(validateStix({ ...sco, id: 'mutex--eba44954-d4e4-4d3b-814c-2b17dd8de300' }).warnings)).toEqual(['uuid-check']);
    expect(validateStix({ type: 'process', id: 'process--07bc30ad-f2b8-4b8a-a1a2-7f7a5a1b2c3d', pid: 1 }, { strict: true }).valid).toBe(true);
  });

  it('requires spec_version 2.1 on domain objects but not on observables', () => {
    const { spec_version: _, ...noVersion } = IDENTITY;
    expect(codes(validateStix(noVersion).errors)).toEqual(['SAKIMORI_ERR_STIX_OBJECT_REQUIRED']);
    expect(codes(validateStix({ ...IDENTITY, spec_version: '2.0' }).errors)).toEqual(['SAKIMORI_ERR_STIX_OBJECT_SPEC_VERSION']);
    expect(validateStix({ type: 'url', id: 'url--c1477287-23ac-5971-a010-5c287877fa60', value: 'https://example.com/' }).valid).toBe(true);
  });

  it('applies the property tables: required properties, types, ranges, non-empty lists, enumerations', () => {
    const { name: _, ...noName } = IDENTITY;
    expect(validateStix(noName).errors).toEqual([expect.objectContaining({ path: '/name', code: 'SAKIMORI_ERR_STIX_OBJECT_REQUIRED' })]);
    const bad = validateStix({ ...IDENTITY, confidence: 101, labels: [], revoked: 'no', roles: ['a', 3] });
    expect(bad.errors.map((f) => f.path).sort()).toEqual(['/confidence', '/labels', '/revoked', '/roles/1']);
    const opinion = { ...IDENTITY, type: 'opinion', id: 'opinion--b01efc25-77b4-4003-b18b-f6e24b5cd9f7', opinion: 'maybe', object_refs: [IDENTITY.id] };
    expect(validateStix(opinion).errors).toEqual([expect.objectContaining({ path: '/opinion', code: 'SAKIMORI_ERR_STIX_OBJECT_VALUE' })]);
  });

  it('checks custom property names, reserved names and the extension that declares them', () => {
    expect(codes(validateStix({ ...IDENTITY, 'x-foo': 1 }).errors)).toEqual(['SAKIMORI_ERR_STIX_OBJECT_PROPERTY_NAME']);
    expect(codes(validateStix({ ...IDENTITY, severity: 'high' }).errors)).toEqual(['SAKIMORI_ERR_STIX_OBJECT_RESERVED']);
    expect(validateStix({ ...IDENTITY, x_acme_blob_bin: 'not base64!', x_acme_flags_hex: 'abc' }).errors.map((f) => f.path)).toEqual(['/x_acme_blob_bin', '/x_acme_flags_hex']);
    expect(validateStix({ ...IDENTITY, x_acme_blob_bin: 'aGVsbG8=', x_acme_flags_hex: '0aff' }).errors).toEqual([]);
    expect(codes(validateStix({ ...IDENTITY, x_acme_score: 3 }).warnings)).toEqual(['extensions-use']);
    const declared = {
      ...IDENTITY,
      x_acme_score: 3,
      extensions: { 'extension-definition--a932fcc6-e032-176c-826f-cb970a5a1fff': { extension_type: 'toplevel-property-extension' } },
    };
    expect(validateStix(declared, { strict: true }).valid).toBe(true);
    expect(codes(validateStix({ ...IDENTITY, x_acme_score: 3 }, { disabled: ['extensions-use'] }).warnings)).toEqual([]);
    expect(codes(validateStix({ ...IDENTITY, acme_score: 3 }, { disabled: ['extensions-use'] }).warnings)).toEqual(['custom-prefix']);
    expect(codes(validateStix(declared, { strictProperties: true }).warnings)).toEqual(['SAKIMORI_ERR_STIX_OBJECT_CUSTOM']);
  });

  it('restricts relationship ends and sighting references by type', () => {
    const base = { ...IDENTITY, type: 'relationship', id: 'relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad', relationship_type: 'related-to' };
    const { name: _n, identity_class: _c, ...rel } = base;
    expect(validateStix({ ...rel, source_ref: TOOL.id, target_ref: IDENTITY.id }).valid).toBe(true);
    expect(validateStix({ ...rel, source_ref: 'sighting--ee20065d-2555-424f-ad9e-0f8428623c75', target_ref: IDENTITY.id }).errors).toEqual([
      expect.objectContaining({ path: '/source_ref', code: 'SAKIMORI_ERR_STIX_OBJECT_REFERENCE' }),
    ]);
    const sighting = { ...rel, type: 'sighting', id: 'sighting--ee20065d-2555-424f-ad9e-0f8428623c75', sighting_of_ref: TOOL.id, where_sighted_refs: [TOOL.id] };
    const { relationship_type: _r, ...s } = sighting;
    expect(validateStix(s).errors).toEqual([expect.objectContaining({ path: '/where_sighted_refs/0', code: 'SAKIMORI_ERR_STIX_OBJECT_REFERENCE' })]);
  });

  it('resolves granular-marking selectors inside the object', () => {
    const marked = (selectors: string[]) => ({
      ...TOOL,
      granular_markings: [{ marking_ref: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', selectors }],
    });
    expect(validateStix(marked(['name', 'kill_chain_phases.[0].phase_name'])).valid).toBe(true);
    expect(validateStix(marked(['kill_chain_phases.[1]'])).errors).toEqual([expect.objectContaining({ path: '/granular_markings/0/selectors/0', code: 'SAKIMORI_ERR_STIX_OBJECT_MARKING' })]);
  });

  it('validates indicator patterns of type stix only', () => {
    const indicator = {
      ...IDENTITY,
      type: 'indicator',
      id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      description: 'C2',
      pattern_type: 'stix',
      pattern: "[ipv4-addr:value = '198.51.100.1'] AND [domain-name:value = 'example.com'] WITHIN 300 SECONDS",
      valid_from: '2016-04-06T20:03:48Z',
    };
    const { identity_class: _, ...ind } = indicator;
    expect(validateStix(ind, { strict: true }).valid).toBe(true);
    expect(codes(validateStix({ ...ind, pattern: '[ipv4-addr:value = "198.51.100.1"]' }).errors)).toEqual(['SAKIMORI_ERR_STIX_OBJECT_PATTERN']);
    expect(validateStix({ ...ind, pattern_type: 'snort', pattern: 'alert tcp any any -> any any' }).valid).toBe(true);
    expect(codes(validateStix({ ...ind, valid_until: ind.valid_from }).errors)).toEqual(['SAKIMORI_ERR_STIX_OBJECT_ORDER']);
  });

  it('checks observables: address formats, exclusive properties, embedded objects of observed-data', () => {
    expect(validateStix({ type: 'ipv4-addr', id: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd', value: '198.51.100.0/24' }).valid).toBe(true);
    expect(codes(validateStix({ type: 'ipv4-addr', id: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd', value: '198.51.100.256' }).errors)).toEqual(['SAKIMORI_ERR_STIX_OBJECT_OBSERVABLE']);
    expect(validateStix({ type: 'ipv6-addr', id: 'ipv6-addr--1e61d36c-a16c-53b7-a80f-2a00161c96b1', value: '2001:db8::ffff:192.0.2.1' }).valid).toBe(true);
    const email = { type: 'email-message', id: 'email-message--cf9b4b7f-14c8-5955-8065-020e0316b559', is_multipart: false, body: 'x', body_multipart: [{ body: 'y' }] };
    expect(validateStix(email).errors).toEqual([expect.objectContaining({ path: '/body_multipart', code: 'SAKIMORI_ERR_STIX_OBJECT_OBSERVABLE' })]);
    const observed = {
      ...IDENTITY,
      type: 'observed-data',
      id: 'observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf',
      first_observed: '2015-12-21T19:00:00Z',
      last_observed: '2015-12-21T19:00:00Z',
      number_observed: 1,
      objects: { '0': { type: 'network-traffic', src_ref: '1', dst_ref: '2', protocols: ['tcp'] }, '1': { type: 'ipv4-addr', value: '198.51.100.2' } },
    };
    const { name: _n, identity_class: _c, ...od } = observed;
    expect(validateStix(od).errors).toEqual([expect.objectContaining({ path: '/objects/0/dst_ref', code: 'SAKIMORI_ERR_STIX_OBJECT_REFERENCE' })]);
    expect(codes(validateStix(od).warnings)).toContain('deprecated-properties');
  });

  it('follows the reference options: enabled alone, disabled groups, enforceRefs, interop', () => {
    const odd = { ...TOOL, tool_types: ['Remote Access'] };
    expect(codes(validateStix(odd).warnings).sort()).toEqual(['open-vocab-format', 'tool-types']);
    expect(codes(validateStix(odd, { enabled: ['tool-types'] }).warnings)).toEqual(['tool-types']);
    expect(codes(validateStix(odd, { disabled: ['approved-values', 'format-checks'] }).warnings)).toEqual([]);
    const rel = { ...TOOL, type: 'relationship', id: 'relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad', relationship_type: 'uses', source_ref: TOOL.id, target_ref: IDENTITY.id };
    const { name: _, tool_types: _t, kill_chain_phases: _k, ...r } = rel;
    expect(codes(validateStix(bundle(TOOL, r), { enforceRefs: true, disabled: ['relationship-types'] }).warnings)).toEqual(['SAKIMORI_ERR_STIX_OBJECT_REFERENCE']);
    expect(codes(validateStix(TOOL, { interop: true }).errors)).toEqual(['SAKIMORI_ERR_STIX_OBJECT_INTEROP']);
  });

  it('never throws, whatever the input', () => {
    const odd: unknown[] = [null, 0, -1.5, true, 'not json', '{"type": 1}', [], [1, 'a', null], {}, { type: 'bundle' }, { type: 'bundle', objects: {} }];
    odd.push({ ...IDENTITY, ...JSON.parse('{"__proto__": {"polluted": true}}') }, { ...IDENTITY, constructor: 'x', toString: 'y' });
    odd.push({ ...TOOL, kill_chain_phases: [null, 1, 'x', [], { kill_chain_name: 5, phase_name: null }], granular_markings: [{ selectors: [7, 'a..b', '[0]'] }] });
    odd.push({ type: 'file', id: 'file--ff1e0780-358c-5808-a8c7-d0fca4ef6ef4', name: 'a', extensions: { 'ntfs-ext': { alternate_data_streams: 'x' }, 'windows-pebinary-ext': [] } });
    odd.push({ ...TOOL, type: 'indicator', pattern_type: 'stix', pattern: `${'('.repeat(5000)}[a:b = 1]${')'.repeat(5000)}` });
    for (const input of odd) {
      const label = JSON.stringify(input).slice(0, 80);
      let result: ReturnType<typeof validateStix> | undefined;
      expect(() => {
        result = validateStix(input);
      }, label).not.toThrow();
      // Every odd shape is reported by a rule, never by the last-resort catch.
      expect(
        result?.errors.filter((f) => f.message.startsWith('validation stopped')),
        label,
      ).toEqual([]);
      expect(result?.valid, label).toBe(false);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Names of Object.prototype members are plain custom names, not table hits.
    const custom = validateStix({ ...IDENTITY, type: 'constructor', id: 'constructor--8c6af861-7b20-41ef-9b59-6344fd872a8f' });
    expect(custom).toEqual({ valid: true, errors: [], warnings: [expect.objectContaining({ code: 'extensions-use' })] });
  });

  it('refuses deeply nested or oversized input with one coded finding', () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    expect(validateStix(deep).errors).toEqual([expect.objectContaining({ objectId: 'input', code: 'SAKIMORI_ERR_STIX_OBJECT_LIMIT' })]);
    const wide = bundle(...Array.from({ length: 2_000 }, () => IDENTITY));
    expect(validateStix(wide, { maxNodes: 1_000 }).errors).toEqual([expect.objectContaining({ path: '/objects', code: 'SAKIMORI_ERR_STIX_OBJECT_LIMIT' })]);
    expect(validateStix(IDENTITY, { maxDepth: 1 }).valid).toBe(true);
  });

  it('reports unparseable JSON text as a finding', () => {
    expect(validateStix('{"type": "identity",').errors).toEqual([expect.objectContaining({ objectId: 'input', code: 'SAKIMORI_ERR_STIX_OBJECT_INPUT' })]);
    expect(validateStix(JSON.stringify(IDENTITY)).valid).toBe(true);
  });
});
