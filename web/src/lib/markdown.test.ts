import { createElement, Fragment } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.js';

const html = (md: string): string => renderToStaticMarkup(createElement(Fragment, null, ...renderMarkdown(md)));

describe('report markdown', () => {
  it('renders headings, paragraphs, tables with right-aligned numbers, lists and code', () => {
    const out = html('# Report 2026\n\nPeriod `a` to **b**.\n\n| Type | Count |\n| --- | ---: |\n| FlowSpec | 3 |\n| **Total** | **3** |\n\n- one\n- two\n\n```text\nx\n\ny\n```\n');
    expect(out).toBe(
      '<h1>Report 2026</h1><p>Period <code>a</code> to <strong>b</strong>.</p>' +
        '<div class="table-wrap"><table><thead><tr><th scope="col">Type</th><th scope="col" class="num">Count</th></tr></thead>' +
        '<tbody><tr><td>FlowSpec</td><td class="num">3</td></tr><tr><td><strong>Total</strong></td><td class="num"><strong>3</strong></td></tr></tbody></table></div>' +
        '<ul><li>one</li><li>two</li></ul><pre class="doc">x\n\ny</pre>',
    );
  });
  it('never turns text into markup', () => {
    expect(html('<img src=x onerror=alert(1)> **<b>**')).toBe('<p>&lt;img src=x onerror=alert(1)&gt; <strong>&lt;b&gt;</strong></p>');
  });
});
