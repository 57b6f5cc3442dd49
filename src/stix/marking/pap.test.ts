import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { assertPapAllowsNetworkAction, createMarkingCatalogue, NETWORK_ACTIONS, PAP_IDS, PapForbidsActionError, papAllowsNetworkAction, papVerdict, TLP2_IDS } from './index.js';

describe('papAllowsNetworkAction', () => {
  it.each([
    [[], true],
    [['PAP:CLEAR'], true],
    [['pap:white'], true],
    [[PAP_IDS.green, TLP2_IDS.red], true],
    [['PAP:AMBER'], false],
    [[PAP_IDS.red], false],
    [['PAP:GREEN', 'pap:Red'], false],
    [[PAP_IDS.clear, PAP_IDS.amber], false],
    // Fails closed: an unknown marking ref or an unreadable PAP tag.
    [['marking-definition--00000000-0000-4000-8000-000000000000'], false],
    [['PAP:PURPLE'], false],
  ] as const)('%j → %s', (markings, allowed) => {
    expect(papAllowsNetworkAction(markings)).toBe(allowed);
  });

  it('names the most restrictive PAP that forbids', () => {
    expect(papVerdict(['PAP:AMBER', PAP_IDS.red])).toEqual({ allowed: false, because: 'PAP:RED' });
  });

  it('reads PAP from custom definitions (another platform’s PAP:RED)', () => {
    const catalogue = createMarkingCatalogue([
      { type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--00000000-0000-4000-8000-00000000000a', created: '2024-01-01T00:00:00.000Z', definition_type: 'PAP', name: 'PAP:RED' },
    ]);
    expect(papAllowsNetworkAction(['marking-definition--00000000-0000-4000-8000-00000000000a'], catalogue)).toBe(false);
  });

  it.each(NETWORK_ACTIONS)('assertPapAllowsNetworkAction throws the coded error for %s', (action) => {
    expect(() => assertPapAllowsNetworkAction(['PAP:GREEN'], action)).not.toThrow();
    let error: unknown;
    try {
      assertPapAllowsNetworkAction(['PAP:AMBER'], action);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PapForbidsActionError);
    expect(isSakimoriError(error, 'SAKIMORI_ERR_STIX_MARKING_PAP_FORBIDS_ACTION')).toBe(true);
    expect((error as Error).message).toBe(`evidence marked PAP:AMBER forbids the network action ${action}`);
  });
});
