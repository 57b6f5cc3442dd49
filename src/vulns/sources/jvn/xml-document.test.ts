/** Loading JVN XML: size limit before parsing, no DOCTYPE, no entity expansion, validator positions. */
import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../../core/errors.js';
import type { VulnsResult } from '../../errors.js';
import { childText, decodeText, DEFAULT_MAX_BYTES, loadJvnXml } from './xml-document.js';

function refusal<T>(r: VulnsResult<T>, code = 'SAKIMORI_ERR_VULN_SOURCE_MALFORMED'): { message: string; details: unknown } {
  if (r.ok) throw new Error('accepted');
  expect(isSakimoriError(r.error, code)).toBe(true);
  return { message: r.error.message, details: r.error.details };
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rdf:RDF><title>&lol3;</title></rdf:RDF>`;

describe('loadJvnXml', () => {
  it('refuses a DOCTYPE, after comments and processing instructions too, before any parsing', () => {
    expect(refusal(loadJvnXml(BILLION_LAUGHS, ['rdf:RDF'])).message).toBe('malformed vulnerability source: jvn: a DOCTYPE is not accepted (entity declarations are never expanded)');
    const external = '\ufeff<?xml version="1.0"?>\n<!-- x --><?pi y?>\n<!doctype rdf:RDF SYSTEM "file:///etc/passwd"><rdf:RDF/>';
    expect(refusal(loadJvnXml(external, ['rdf:RDF'])).message).toContain('a DOCTYPE is not accepted');
  });

  it('leaves an entity reference it was never told about as written, and decodes only what XML predefines', () => {
    const r = loadJvnXml('<rdf:RDF><t>&lol3; &amp;lt; &lt;b&gt; &#x41;&#66; &quot;&apos; &#0; &#xD800;</t></rdf:RDF>', ['rdf:RDF']);
    expect(r.ok && childText(r.value.root, 't')).toBe('&lol3; &lt; <b> AB "\' &#0; &#xD800;');
    expect(decodeText('a &amp;amp; b')).toBe('a &amp; b');
  });

  it('keeps CDATA as written', () => {
    const r = loadJvnXml('<rdf:RDF><t><![CDATA[a &amp; <b>]]></t></rdf:RDF>', ['rdf:RDF']);
    expect(r.ok && childText(r.value.root, 't')).toBe('a &amp; <b>');
  });

  it('refuses a document over the byte limit before parsing it, counting UTF-8 bytes', () => {
    expect(DEFAULT_MAX_BYTES).toBe(32 * 1024 * 1024);
    const japanese = `<rdf:RDF><t>${'脆'.repeat(10)}</t></rdf:RDF>`; // 26 ASCII bytes + 10 × 3
    expect(loadJvnXml(japanese, ['rdf:RDF'], { maxBytes: 56 }).ok).toBe(true);
    const r = refusal(loadJvnXml(japanese, ['rdf:RDF'], { maxBytes: 55 }), 'SAKIMORI_ERR_VULN_SOURCE_TOO_LARGE');
    expect(r).toEqual({ message: 'vulnerability source too large: jvn: more than 55 bytes', details: { source: 'jvn', maxBytes: 55 } });
    // Not even well-formed: the size is checked first.
    expect(refusal(loadJvnXml(`<${'x'.repeat(100)}`, ['rdf:RDF'], { maxBytes: 50 }), 'SAKIMORI_ERR_VULN_SOURCE_TOO_LARGE').details).toEqual({ source: 'jvn', maxBytes: 50 });
  });

  it('refuses XML that is not well formed with the line and column the validator gives', () => {
    const r = refusal(loadJvnXml('<rdf:RDF>\n  <item><title>x</item>\n</rdf:RDF>', ['rdf:RDF']));
    expect(r.message).toMatch(/^malformed vulnerability source: jvn: not well-formed XML: .*\(line 2, column \d+\)$/);
    expect(r.details).toMatchObject({ source: 'jvn', line: 2 });
  });

  it('refuses several root elements, or a root of another kind', () => {
    expect(refusal(loadJvnXml('<rdf:RDF/><rdf:RDF/>', ['rdf:RDF'])).message).toContain('expected one root element');
    expect(refusal(loadJvnXml('<a/><b/>', ['rdf:RDF'])).message).toContain('expected one root element, found a, b');
    expect(refusal(loadJvnXml('<rss version="2.0"/>', ['rdf:RDF', 'VULDEF-Document'])).message).toBe('malformed vulnerability source: jvn: root element rss, expected rdf:RDF or VULDEF-Document');
    expect(refusal(loadJvnXml('', ['rdf:RDF'])).message).toContain('jvn:');
  });
});
