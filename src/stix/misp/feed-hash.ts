/**
 * MISP's feed hash of an attribute (PyMISP `MISPAttribute.hash_values('md5')`): the MD5 of the value,
 * of each part for composite types (`domain|ip`, `filename|md5`) and `malware-sample`. PyMISP hashes
 * the text of its parsed value, so a `datetime` attribute is hashed as Python writes a datetime
 * (`2018-04-10 14:41:38`, not the ISO `2018-04-10T14:41:38` of the event file).
 */
import type { MispHashing } from './hashing.js';

const ISO_DATETIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)(Z|[+-]\d{2}:?\d{2})?$/;

/** The value text PyMISP hashes for a `datetime` attribute (`str(datetime)`). */
function pythonDatetimeText(value: string): string {
  const m = ISO_DATETIME.exec(value);
  if (m === null) return value;
  const zone = m[3] === undefined ? '' : m[3] === 'Z' ? '+00:00' : m[3].length === 5 ? `${m[3].slice(0, 3)}:${m[3].slice(3)}` : m[3];
  let time = m[2] ?? '';
  const dot = time.indexOf('.');
  // Python prints microseconds with six digits, and none when they are zero.
  if (dot >= 0) {
    const micro = time.slice(dot + 1).padEnd(6, '0');
    time = Number(micro) === 0 ? time.slice(0, dot) : `${time.slice(0, dot)}.${micro}`;
  }
  return `${m[1]} ${time}${zone}`;
}

/**
 * The feed hashes (hex MD5) of one attribute.
 *
 * @example
 * ```ts
 * feedHashes({ type: 'domain|ip', value: 'circl.lu|149.13.33.14' }, md5); // [md5('circl.lu'), md5('149.13.33.14')]
 * ```
 */
export function feedHashes(attribute: { readonly type: string; readonly value: string }, md5: MispHashing['md5']): string[] {
  if (attribute.type.includes('|') || attribute.type === 'malware-sample') return attribute.value.split('|').map((v) => md5(v));
  return [md5(attribute.type === 'datetime' ? pythonDatetimeText(attribute.value) : attribute.value)];
}
