import { describe, expect, it } from 'vitest';
import { INCIDENT_REGIMES as SERVER_REGIMES } from '../../../src/cooperation/incidents/index.js';
import { itemKey as serverItemKey, profileOf } from '../../../src/cooperation/incidents/regime-profile.js';
import { INCIDENT_REGIMES } from '../api/types.js';
import { itemKey, REGIME_FORMS } from './incident-regimes.js';

describe('the incident form’s regimes', () => {
  it('ask for every instant and condition the server’s regime reads, and no other', () => {
    expect(INCIDENT_REGIMES).toEqual(SERVER_REGIMES);
    for (const id of INCIDENT_REGIMES) {
      const p = profileOf(id);
      const form = REGIME_FORMS[id];
      // The NIS2 intermediate report's clock starts with the authority's request, not with the form.
      expect(form.anchors.map((a) => a.name).sort(), id).toEqual([...p.anchors].filter((a) => a !== 'intermediate-request').sort());
      expect(form.conditions.map((c) => c.name).sort(), id).toEqual([...p.conditions].sort());
      expect(form.name, id).toBe(p.regime.name);
      expect(form.japan, id).toBe(p.fixedZone === 'Asia/Tokyo');
      expect(form.zone, id).toBe(p.fixedZone !== null ? 'none' : p.fallbackZone === null ? 'required' : 'optional');
    }
  });

  it('key report items as the server does', () => {
    for (const id of INCIDENT_REGIMES) {
      for (const [, stage] of profileOf(id).stages) {
        const labels = stage.rule.items ?? [];
        expect(labels.map(itemKey), `${id} ${stage.rule.stage}`).toEqual(labels.map(serverItemKey));
      }
    }
    expect(itemKey('特定侵害事象等の概要 (overview of the event)', 2)).toBe('overview-of-the-event');
    expect(itemKey('無題', 4)).toBe('item-5');
  });
});
