/**
 * Language tags: `lang` properties are RFC 5646 tags (§3.2), whose primary subtag is an ISO 639
 * code; software `languages` are ISO 639-2 codes (§6.13).
 */
import { ISO_639_1, ISO_639_2 } from './code-lists.js';

const TAG_RE =
  /^([a-zA-Z]{2,3})(?:-[a-zA-Z]{3}){0,3}(?:-[a-zA-Z]{4})?(?:-(?:[a-zA-Z]{2}|\d{3}))?(?:-(?:[a-zA-Z0-9]{5,8}|\d[a-zA-Z0-9]{3}))*(?:-[a-wyzA-WYZ0-9](?:-[a-zA-Z0-9]{2,8})+)*(?:-x(?:-[a-zA-Z0-9]{1,8})+)?$/;

/** True when `tag` is an RFC 5646 language tag with a known ISO 639 primary language. */
export function isLanguageTag(tag: unknown): boolean {
  if (typeof tag !== 'string') return false;
  const m = TAG_RE.exec(tag);
  if (m === null || m[1] === undefined) return /^x(?:-[a-zA-Z0-9]{1,8})+$/i.test(tag);
  const primary = m[1].toLowerCase();
  return ISO_639_1.has(primary) || ISO_639_2.has(primary);
}

/** True when `code` is an ISO 639-2 (or ISO 639-1) language code. */
export function isIso639(code: unknown): boolean {
  return typeof code === 'string' && (ISO_639_2.has(code.toLowerCase()) || ISO_639_1.has(code.toLowerCase()));
}
