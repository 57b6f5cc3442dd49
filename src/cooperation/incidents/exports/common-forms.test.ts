import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AttackFacts, checkFormAnswers, commonFormHtml, commonFormJson, formatRate } from './common-form-export.js';
import { COMMON_FORMS, FORM_FIELD_TABLE_MD, FORMS } from './common-forms.js';
import { jpActCase, nis2Case, WRITTEN_ITEMS } from './testing/export-fixtures.js';

const ATTACK: AttackFacts = {
  id: 'atk-1',
  scope: 'host',
  target: '203.0.113.10',
  startedAt: Date.UTC(2026, 9, 5, 0, 30),
  endedAt: Date.UTC(2026, 9, 5, 2, 0),
  peak: { bps: 12_300_000_000, pps: 1_500_000 },
  vectors: [
    { vector: 'reflection', service: 'dns', port: 53, share: 0.7 },
    { vector: 'udp-flood', share: 0.3 },
  ],
  sourceCount: 4200,
  topSources: [
    { country: 'US', asn: 64500, packetShare: 0.2 },
    { country: 'BR', asn: 64501, packetShare: 0.3 },
    { country: 'US', asn: 64502, packetShare: 0.15 },
  ],
};

/** An attack the incident does not link: must never reach a form. */
const UNLINKED: AttackFacts = { ...ATTACK, id: 'atk-other', target: '192.0.2.99', peak: { bps: 9e13, pps: 9e9 } };

describe('the form definitions', () => {
  it('give every field a unique id, a label, a gloss and at least one source', () => {
    for (const id of COMMON_FORMS) {
      const fields = FORMS[id].fields;
      expect(new Set(fields.map((f) => f.id)).size).toBe(fields.length);
      for (const f of fields) {
        expect(f.label.length * f.gloss.length * f.sources.length).toBeGreaterThan(0);
      }
    }
  });

  it('read only items the ACD Act written report has', () => {
    const keys = Object.keys(WRITTEN_ITEMS);
    for (const id of COMMON_FORMS) for (const f of FORMS[id].fields) for (const s of f.sources) if (s.kind === 'item') expect(keys).toContain(s.key);
  });

  it('export a Markdown table with one row per field', () => {
    for (const id of COMMON_FORMS) {
      expect(FORM_FIELD_TABLE_MD).toContain(`### ${FORMS[id].title}`);
      for (const f of FORMS[id].fields) expect(FORM_FIELD_TABLE_MD).toContain(`| \`${f.id}\` | ${f.label} | ${f.gloss} |`);
    }
    expect(FORM_FIELD_TABLE_MD).toContain(
      "| `peak-bps` | 最大通信量 (bps) | peak volume, bits per second | linked attacks: largest `peak.bps` of one attack (concurrent attacks are not summed); else operator's answer when the form is made |",
    );
  });
});

describe('commonFormJson, DDoS', () => {
  const c = jpActCase({ category: 'ddos' });

  it('fills the attack fields from the linked attacks only', () => {
    const doc = commonFormJson('ddos', c.view, c.versions, { exportedAt: c.now, organizationName: 'Kaminari Power', attacks: [ATTACK, UNLINKED] });
    const v = (id: string) => doc.fields[id]?.value;
    expect(v('target-addresses')).toBe('203.0.113.10');
    expect(v('attack-start')).toBe('2026-10-05T09:30:00+09:00');
    expect(v('attack-end')).toBe('2026-10-05T11:00:00+09:00');
    expect(v('peak-bps')).toBe('12.3 Gbps (12300000000 bps)');
    expect(v('peak-pps')).toBe('1.5 Mpps (1500000 pps)');
    expect(v('vectors')).toBe('reflection dns 53\nudp-flood');
    expect(v('source-count')).toBe('4200 (estimate)');
    expect(v('source-countries')).toBe('US\nBR');
    expect(v('source-asns')).toBe('AS64501\nAS64500\nAS64502');
    expect(v('attack-ids')).toBe('atk-1');
    expect(JSON.stringify(doc)).not.toContain('192.0.2.99');
    expect(doc.fields['peak-bps']?.from).toBe('attacks:peak-bps');
  });

  it('fills the incident fields from the view and the written report’s items, and leaves the rest for the operator', () => {
    const doc = commonFormJson('ddos', c.view, c.versions, { exportedAt: c.now, organizationName: 'Kaminari Power', answers: { contact: '運用部 03-0000-0000' } });
    expect(Object.keys(doc.fields)).toEqual(FORMS.ddos.fields.map((f) => f.id));
    expect(doc.fields.organization).toEqual({ label: '組織名', gloss: 'reporting organisation', value: 'Kaminari Power', from: 'incident:organization' });
    expect(doc.fields.awareness?.value).toBe('2026-10-05T10:00:00+09:00');
    expect(doc.fields['target-service']).toMatchObject({ value: WRITTEN_ITEMS['affected-computer'], from: 'item:jp-act/written-report/affected-computer' });
    expect(doc.fields.mitigation?.value).toBe(WRITTEN_ITEMS.response);
    expect(doc.fields.contact).toMatchObject({ value: '運用部 03-0000-0000', from: 'answer' });
    expect(doc.fields.extortion).toMatchObject({ value: null, from: null });
    expect(doc.fields['peak-bps']?.value).toBeNull();
    expect(doc.notice).toContain('not the official form');
  });

  it('says an attack is ongoing while one has not ended', () => {
    const doc = commonFormJson('ddos', c.view, c.versions, { exportedAt: c.now, organizationName: null, attacks: [{ ...ATTACK, endedAt: null }] });
    expect(doc.fields['attack-end']?.value).toBe('継続中 (ongoing)');
  });
});

describe('commonFormJson, ransomware', () => {
  it('reads the summary and the payment anchor when the regime has no written report', () => {
    const c = nis2Case('Billing encrypted.');
    const view = { ...c.view, anchors: { ...c.view.anchors, payment: { at: 0, local: '2026-10-07T12:00:00+02:00' } }, links: [{ kind: 'intel' as const, ref: 'intrusion-set--1' }] };
    const doc = commonFormJson('ransomware', view, c.versions, { exportedAt: c.now, organizationName: 'Stadtwerke', answers: { backup: 'offline copy intact' } });
    expect(doc.fields.impact).toMatchObject({ value: 'Billing encrypted.', from: 'summary' });
    expect(doc.fields['ransom-payment']?.value).toBe('支払あり (paid) 2026-10-07T12:00:00+02:00');
    expect(doc.fields['threat-intel']?.value).toBe('intrusion-set--1');
    expect(doc.fields['encrypted-systems']?.value).toBeNull();
    expect(doc.fields.backup?.value).toBe('offline copy intact');
  });
});

describe('checkFormAnswers', () => {
  it('accepts answers to fields that take one, and names what it refuses', () => {
    expect(checkFormAnswers('ransomware', { backup: '  restored  ' })).toEqual({ backup: 'restored' });
    expect(() => checkFormAnswers('ransomware', { awareness: 'x' })).toThrow(/\/answers: unknown key "awareness"/);
    expect(() => checkFormAnswers('ddos', { contact: 42 })).toThrow(/\/answers\/contact: expected text/);
    expect(() => checkFormAnswers('ddos', [])).toThrow(/expected an object/);
  });
});

describe('commonFormHtml', () => {
  it('renders every field in order, escaped, with the notice', () => {
    const c = jpActCase({ title: '"><script>alert(1)</script>' });
    const p = commonFormHtml('ddos', c.view, c.versions, {
      exportedAt: c.now,
      organizationName: "' onmouseover='x",
      attacks: [{ ...ATTACK, vectors: [{ vector: '<img src=x>', share: 1 }] }],
      answers: { contact: 'a & b <c>' },
    });
    expect(p.startsWith('<!DOCTYPE html>\n<html lang="ja">')).toBe(true);
    expect([...p.matchAll(/<tr data-field="([^"]+)">/g)].map((m) => m[1])).toEqual(FORMS.ddos.fields.map((f) => f.id));
    expect(p).toContain('<h1>DDoS攻撃の報告様式<span class="en">DDoS attack report form</span></h1>');
    expect(p).toContain('公式の様式ではありません');
    expect(p).not.toMatch(/<script|<img| onmouseover='/);
    expect(p).toContain('&lt;img src=x&gt;');
    expect(p).toContain('a &amp; b &lt;c&gt;');
    expect(p).toContain('&#39; onmouseover=&#39;x');
  });
});

describe('formatRate', () => {
  it('scales to SI prefixes and keeps the exact figure', () => {
    expect(formatRate(999, 'pps')).toBe('999 pps');
    expect(formatRate(1000, 'bps')).toBe('1.0 kbps (1000 bps)');
    expect(formatRate(2.5e12, 'bps')).toBe('2.5 Tbps (2500000000000 bps)');
  });
});

describe('docs/incident-exports.md', () => {
  it('carries the field tables as the code defines them', () => {
    const doc = readFileSync(new URL('../../../../docs/incident-exports.md', import.meta.url), 'utf8');
    const between = /<!-- form-field-table:start -->\n([\s\S]*?)\n<!-- form-field-table:end -->/.exec(doc)?.[1];
    expect(between).toBe(FORM_FIELD_TABLE_MD.trimEnd());
  });
});
