/**
 * Loading JVN XML safely and reading the parsed tree. Security invariants, enforced here for every
 * JVN document: the size is checked before any parsing; a document with a DOCTYPE is refused (MyJVN
 * never sends one, and a DTD is where entity bombs and external entities live); fast-xml-parser's
 * entity processing is off, and only the five predefined entities and character references are
 * decoded, by {@link decodeText}, so nothing a document declares is ever expanded.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ERR_VULN_SOURCE_MALFORMED, ERR_VULN_SOURCE_TOO_LARGE, type Failure, ok, type VulnsResult } from '../../errors.js';

/** Limits on a JVN document. */
export interface JvnLimits {
  /** Largest document accepted, in UTF-8 bytes; default {@link DEFAULT_MAX_BYTES}. */
  readonly maxBytes?: number;
}

/** 32 MiB: far above one MyJVN response, low enough that a hostile one cannot exhaust memory. */
export const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/** An element as parsed: child elements by qualified name (always lists), `@_`-prefixed attributes, `#text`. */
export type XmlElement = { readonly [key: string]: unknown };

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  alwaysCreateTextNode: true,
  textNodeName: '#text',
  cdataPropName: '#cdata',
  // Every element a list, so that one item and many are read the same way.
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: false,
  trimValues: true,
});

/**
 * Checks and parses a JVN document and returns its root element, which must have one of `rootNames`
 * (qualified names as written, `rdf:RDF`). Too large → `SAKIMORI_ERR_VULN_SOURCE_TOO_LARGE`; a
 * DOCTYPE, XML that is not well formed (with the validator's line and column), or another root →
 * `SAKIMORI_ERR_VULN_SOURCE_MALFORMED`.
 */
export function loadJvnXml(xml: string, rootNames: readonly string[], limits: JvnLimits = {}): VulnsResult<{ name: string; root: XmlElement }> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = utf8Length(xml, maxBytes);
  if (size > maxBytes) {
    return { ok: false, error: new ERR_VULN_SOURCE_TOO_LARGE(`jvn: more than ${maxBytes} bytes`, { details: { source: 'jvn', maxBytes } }) };
  }
  if (hasDoctype(xml)) return jvnSourceFailure('a DOCTYPE is not accepted (entity declarations are never expanded)');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return jvnSourceFailure(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`, { line: valid.err.line, column: valid.err.col });
  let doc: XmlElement;
  try {
    doc = parser.parse(xml) as XmlElement;
  } catch (e) {
    return jvnSourceFailure(`not well-formed XML: ${(e as Error).message}`);
  }
  // The validator lets several top-level elements through; a document has exactly one.
  const roots = Object.keys(doc);
  const [name] = roots;
  const root = name === undefined ? undefined : children(doc, name);
  if (roots.length !== 1 || name === undefined || root?.length !== 1 || root[0] === undefined)
    return jvnSourceFailure(`expected one root element, found ${roots.length === 0 ? 'none' : roots.join(', ')}`);
  if (!rootNames.includes(name)) return jvnSourceFailure(`root element ${name}, expected ${rootNames.join(' or ')}`);
  return ok({ name, root: root[0] });
}

/** A `SAKIMORI_ERR_VULN_SOURCE_MALFORMED` failure for a JVN document. */
export function jvnSourceFailure(problem: string, details: Record<string, unknown> = {}): Failure {
  return { ok: false, error: new ERR_VULN_SOURCE_MALFORMED(`jvn: ${problem}`, { details: { source: 'jvn', ...details } }) };
}

/** The child elements of `element` named `name` (qualified, as written); none when absent. */
export function children(element: XmlElement, name: string): readonly XmlElement[] {
  const value = Object.hasOwn(element, name) ? element[name] : undefined;
  return Array.isArray(value) ? value.filter((v): v is XmlElement => typeof v === 'object' && v !== null) : [];
}

/** Follows a path of child names, taking the first child at each step. */
export function descend(element: XmlElement, ...names: string[]): XmlElement | undefined {
  let at: XmlElement | undefined = element;
  for (const name of names) at = at === undefined ? undefined : children(at, name)[0];
  return at;
}

/** The decoded text content of an element (CDATA included), trimmed. */
export function textOf(element: XmlElement): string {
  const text = typeof element['#text'] === 'string' ? decodeText(element['#text']) : '';
  const cdata = children(element, '#cdata')
    .map((c) => (typeof c['#text'] === 'string' ? c['#text'] : ''))
    .join('');
  return `${text}${cdata}`.trim();
}

/** The text of the first child named `name`, or `undefined` when there is none or it is empty. */
export function childText(element: XmlElement, name: string): string | undefined {
  const first = children(element, name)[0];
  const text = first === undefined ? '' : textOf(first);
  return text === '' ? undefined : text;
}

/** The decoded value of attribute `name` (qualified, as written), or `undefined`. */
export function attribute(element: XmlElement, name: string): string | undefined {
  const value = element[`@_${name}`];
  return typeof value === 'string' ? decodeText(value) : undefined;
}

const REFERENCE = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/g;
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Decodes XML's predefined entities and character references in one pass (so `&amp;lt;` stays
 * `&lt;`). Any other `&name;` is left as written: entity declarations are never honoured.
 */
export function decodeText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return PREDEFINED[name] ?? whole;
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
    const allowed = code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) && code !== 0;
    return allowed ? String.fromCodePoint(code) : whole;
  });
}

/** UTF-8 length of `text`, counting no further than just past `limit`. */
function utf8Length(text: string, limit: number): number {
  // Each UTF-16 unit is 1 to 3 UTF-8 bytes: the bounds often decide without counting.
  if (text.length > limit) return text.length;
  if (text.length * 3 <= limit) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= limit; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** True when the prolog (before the root element) holds a DOCTYPE declaration, the only place XML allows one. */
function hasDoctype(xml: string): boolean {
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < xml.length && /\s/.test(xml.charAt(i))) i++;
    const close = xml.startsWith('<?', i) ? '?>' : xml.startsWith('<!--', i) ? '-->' : undefined;
    if (close === undefined) return xml.slice(i, i + 9).toUpperCase() === '<!DOCTYPE';
    const end = xml.indexOf(close, i);
    if (end < 0) return false;
    i = end + close.length;
  }
}
