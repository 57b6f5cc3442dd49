import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from './html.js';
import { incidentHtml, japaneseDate } from './incident-html.js';
import { jpActCase, nis2Case, WRITTEN_ITEMS } from './testing/export-fixtures.js';

const LABELS = [
  '報告の区分',
  '特別社会基盤事業者の概要',
  '特定侵害事象等の概要',
  '特定侵害事象等が発生した特定重要電子計算機',
  '特定侵害事象等に関する技術的な事項',
  '特定侵害事象等への対応に関する事項',
  'その他特記事項',
];

/** The rows of the items table: key, number, label and the cell's markup. */
function itemRowsOf(page: string): { key: string; no: string; label: string; cell: string }[] {
  return [...page.matchAll(/<tr data-item="([^"]*)"><th class="no">(\d+)<\/th><th class="label">([^<]*)<span class="en">[^<]*<\/span><\/th><td>(.*?)<\/td><\/tr>/gs)].map((m) => ({
    key: m[1] ?? '',
    no: m[2] ?? '',
    label: m[3] ?? '',
    cell: m[4] ?? '',
  }));
}

const ATTACKS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='alert(1)", 'A & B < C > D', '</textarea></style><script>x()</script>', '`${x}`'];

describe('escapeHtml / html', () => {
  it('escapes the characters that open tags, entities and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&\`</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
    expect(html`<td title="${'"x'}">${['<b>', 1, null, html`<i>ok</i>`]}</td>`.markup).toBe('<td title="&quot;x">&lt;b&gt;1<i>ok</i></td>');
  });
});

describe('incidentHtml, ACD Act written report', () => {
  const c = jpActCase();
  const page = incidentHtml(c.view, c.versions, { organizationName: 'Kaminari Power', generatedAt: c.now }) ?? '';

  it('is a complete, self-contained Japanese A4 document that runs no script', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="ja">')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('@page { size: A4 portrait;');
    expect(page).toContain('@media print');
    expect(page).toMatch(/Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;/);
    expect(page).not.toMatch(/<script|<link|<img|src=|href=/i);
    expect(page.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('carries the title, the addressees, the operator and the date of the report', () => {
    expect(page).toContain('<h1>特定侵害事象等報告書<span class="en">Written report on a specified intrusion event (ACD Act)</span></h1>');
    expect(page).toContain('事業所管大臣 及び 内閣総理大臣');
    expect(page).toMatch(/特別社会基盤事業者<span class="en">operator<\/span><\/dt><dd>Kaminari Power<\/dd>/);
    // Submitted 2026-11-05T16:00Z, which is 11月6日 01:00 in Tokyo.
    expect(page).toMatch(/報告日<span class="en">date of report<\/span><\/dt><dd>2026年11月6日<\/dd>/);
  });

  it('lays out the 7 items in the ordinance’s order, with their keys, glosses and the submitted text', () => {
    const rows = itemRowsOf(page);
    expect(rows.map((r) => r.no)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(rows.map((r) => r.label)).toEqual(LABELS);
    expect(rows.map((r) => r.key)).toEqual(Object.keys(WRITTEN_ITEMS));
    for (const r of rows) expect(r.cell).toBe(`<div class="text">${escapeHtml(WRITTEN_ITEMS[r.key] ?? '')}</div>`);
    expect(page).toContain('<span class="en">category of the report</span>');
    expect(page).toContain('<span class="en">the response</span>');
  });

  it('states the deadline, the lateness to the second, and the legal basis', () => {
    expect(page).toContain('2026-11-04T24:00:00+09:00 (statutory)');
    expect(page).toContain('期限後に提出 (submitted late)');
    expect(page).toContain('<dd class="late">1 d 1 h 0 min 0 s late (90000 s)</dd>');
    expect(page).toContain('根拠 (legal basis): 重要電子計算機に対する不正な行為による被害の防止に関する法律 5条1項;');
    expect(page).toContain('4条3項1号〜7号 (items)');
  });

  it('says "on time" for a report submitted at its due instant', () => {
    const onTime = jpActCase({ lateMs: 0 });
    const p = incidentHtml(onTime.view, onTime.versions, { organizationName: null, generatedAt: onTime.now }) ?? '';
    expect(p).toContain('期限内に提出 (submitted on time)');
    expect(p).toContain('<dd class="">—</dd>');
    expect(p).toMatch(/<dd>org-kaminari<\/dd>/);
  });

  it('escapes everything a user wrote: items, summary, title, organisation name', () => {
    const items = Object.fromEntries(Object.keys(WRITTEN_ITEMS).map((k, i) => [k, ATTACKS[i % ATTACKS.length] ?? '']));
    const bad = jpActCase({ title: ATTACKS[1], items, summary: ATTACKS[0] });
    const p = incidentHtml(bad.view, bad.versions, { organizationName: ATTACKS[2] ?? '', generatedAt: bad.now }) ?? '';
    expect(p).not.toMatch(/<script|<img|<\/textarea|<\/style><script| onmouseover='/i);
    expect(p).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(p).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(p).toContain('&#39; onmouseover=&#39;alert(1)');
    expect(p).toContain('A &amp; B &lt; C &gt; D');
    expect(p).toContain('<title>特定侵害事象等報告書 — &quot;&gt;&lt;img src=x onerror=alert(1)&gt;</title>');
    // Exactly the page's own tags remain: one style element, no others of the dangerous kinds.
    expect(p.match(/<style>/g)).toHaveLength(1);
    expect(itemRowsOf(p)).toHaveLength(7);
  });

  it('prints an unsubmitted report as an empty form, and refuses a stage or version that does not exist', () => {
    const p = incidentHtml(c.view, [], { organizationName: 'Kaminari Power', generatedAt: c.now }) ?? '';
    expect(itemRowsOf(p).map((r) => r.cell)).toEqual(Array(7).fill('<span class="empty">（未記入 / not provided）</span>'));
    expect(p).toContain('未提出 (not submitted)');
    expect(incidentHtml(c.view, c.versions, { organizationName: null, generatedAt: c.now, stage: 'final-report' })).toBeNull();
    expect(incidentHtml(c.view, c.versions, { organizationName: null, generatedAt: c.now, version: 2 })).toBeNull();
  });

  it('prints the prompt report as a generic form with its summary', () => {
    const p = incidentHtml(c.view, c.versions, { organizationName: null, generatedAt: c.now, stage: 'prompt-report' }) ?? '';
    expect(p).toContain('<section class="stage" data-stage="prompt-report">');
    expect(p).toContain('<div class="text">不正アクセスを検知、調査中。</div>');
    expect(p).not.toContain('特定侵害事象等報告書');
  });
});

describe('incidentHtml, other regimes', () => {
  it('prints every stage of a NIS2 incident with its deadline, zone and summary, escaped', () => {
    const c = nis2Case('<script>alert(1)</script> & "more"');
    const p = incidentHtml(c.view, c.versions, { organizationName: 'Stadtwerke', generatedAt: c.now }) ?? '';
    expect([...p.matchAll(/data-stage="([^"]+)"/g)].map((m) => m[1])).toEqual(c.view.stages.map((s) => s.stage));
    expect(p).toContain('2026-10-06T03:00:00+02:00');
    expect(p).toContain('<div class="text">&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;</div>');
    expect(p).not.toContain('<script');
  });
});

describe('japaneseDate', () => {
  it('writes the local date of an ISO instant without leading zeros', () => {
    expect(japaneseDate('2026-01-05T24:00:00+09:00')).toBe('2026年1月5日');
  });
});
