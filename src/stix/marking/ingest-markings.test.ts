import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { applyDefaultMarking, markingRefsOf, PAP_IDS, type StixObject, TLP1_IDS, TLP2_IDS } from './index.js';

const base: StixObject = { type: 'indicator', id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' };

describe('applyDefaultMarking', () => {
  it('adds the default to an object without a TLP marking, keeping its other markings', () => {
    expect(applyDefaultMarking(base, TLP2_IDS['amber+strict']).object_marking_refs).toEqual([TLP2_IDS['amber+strict']]);
    expect(applyDefaultMarking({ ...base, object_marking_refs: [PAP_IDS.red] }, TLP2_IDS.green).object_marking_refs).toEqual([PAP_IDS.red, TLP2_IDS.green]);
  });

  it('leaves an object with a TLP marking (1.0 or 2.0) unchanged', () => {
    const marked = { ...base, object_marking_refs: [TLP1_IDS.white] };
    expect(applyDefaultMarking(marked, TLP2_IDS.red)).toBe(marked);
  });

  it('refuses a default that is not TLP, and unknown refs on the object, granular ones included', () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isSakimoriError(e) ? e.code : 'other';
      }
      return 'none';
    };
    expect(codeOf(() => applyDefaultMarking(base, PAP_IDS.red))).toBe('SAKIMORI_ERR_STIX_MARKING_DEFAULT_NOT_TLP');
    const granular = { ...base, granular_markings: [{ marking_ref: 'marking-definition--00000000-0000-4000-8000-000000000000', selectors: ['description'] }] };
    expect(codeOf(() => applyDefaultMarking(granular, TLP2_IDS.green))).toBe('SAKIMORI_ERR_STIX_MARKING_UNKNOWN');
  });
});

describe('markingRefsOf', () => {
  it('collects object-level, granular and nested marking refs once each', () => {
    const object = { ...base, object_marking_refs: [TLP2_IDS.green], granular_markings: [{ marking_ref: TLP2_IDS.red, selectors: ['description'] }], extensions: { x: { policy_ref: PAP_IDS.red } } };
    expect(markingRefsOf(object).sort()).toEqual([TLP2_IDS.green, TLP2_IDS.red, PAP_IDS.red].sort());
  });
});
