import { describe, expect, it } from 'vitest';
import { INCIDENT_REGIMES } from './incident.js';
import { itemKey, profileOf } from './regime-profile.js';
import { checkReportContent } from './report-content.js';

describe('regime profiles', () => {
  it('reads from each table the anchors and condition flags its clocks use', () => {
    const read = Object.fromEntries(INCIDENT_REGIMES.map((id) => [id, [[...profileOf(id).anchors].sort(), [...profileOf(id).conditions].sort()]]));
    expect(read).toEqual({
      'jp-act': [['awareness'], []],
      'jp-appi': [['awareness'], ['malicious']],
      'eu-nis2': [
        ['awareness', 'handled', 'intermediate-request'],
        ['ongoing-at-final', 'trust-service-provider'],
      ],
      'eu-dora': [['awareness', 'classification'], ['no-weekend-relief']],
      'us-circia': [['new-information', 'payment', 'reasonable-belief'], []],
      'eu-cra': [
        ['awareness', 'corrective-measure'],
        ['actively-exploited-vulnerability', 'severe-incident'],
      ],
    });
  });

  it('keys the ACD Act written report’s 7 items by their English gloss, and requires all of them', () => {
    const written = profileOf('jp-act').stages.get('written-report')!;
    expect(written.itemKeys).toEqual(['category-of-the-report', 'operator', 'overview-of-the-event', 'affected-computer', 'technical-details', 'response', 'other']);
    expect(written.itemsRequired).toBe(true);
    expect(profileOf('jp-appi').stages.get('final-report')!.itemsRequired).toBe(false);
    expect(itemKey('報告の区分', 0)).toBe('item-1');
  });
});

describe('report content', () => {
  const written = profileOf('jp-act').stages.get('written-report')!;
  const prompt = profileOf('jp-act').stages.get('prompt-report')!;

  it('trims and orders the content, leaving blank fields out', () => {
    expect(checkReportContent({ summary: '  Overview  ', items: { other: '', operator: ' Kaminari Power ' } }, written, 'draft')).toEqual({
      summary: 'Overview',
      items: { operator: 'Kaminari Power' },
    });
  });

  it('refuses unknown items, empty submissions and over-long text, naming the field', () => {
    const messages = [
      () => checkReportContent({ items: { severity: 'high' } }, written, 'draft'),
      () => checkReportContent({ items: { other: 'x' } }, prompt, 'draft'),
      () => checkReportContent({}, prompt, 'submission'),
      () => checkReportContent({ summary: 'x'.repeat(20_001) }, prompt, 'draft'),
      () => checkReportContent({ summary: 'ok', body: 'x' }, prompt, 'draft'),
    ].map((f) => {
      try {
        f();
        return 'accepted';
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(messages).toEqual([
      'invalid incident input at /content/items/severity: unknown item (known: category-of-the-report, operator, overview-of-the-event, affected-computer, technical-details, response, other)',
      'invalid incident input at /content/items/other: unknown item (this stage has no items)',
      'invalid incident input at /content: a report needs a summary or at least one item',
      'invalid incident input at /content/summary: must be at most 20000 characters',
      'invalid incident input at /content: unknown key "body"',
    ]);
  });
});
