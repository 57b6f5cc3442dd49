/**
 * Open-vocabulary best practices (§10): values SHOULD come from the vocabulary (one named check per
 * vocabulary) and SHOULD be lowercase words joined by hyphens (`open-vocab-format`). Kill-chain
 * names follow the same style (`kill-chain-names`), and hash names SHOULD be from
 * hash-algorithm-ov or carry the `x_` prefix (`hash-algo`) and be at most 30 characters
 * (`hash-length`).
 */
import { SCO_EXTENSION_SPECS } from './cyber-observable-specs.js';
import { isPredefinedExtension } from './extensions.js';
import { childPath } from './finding.js';
import { isRecord, type ObjectContext } from './finding-sink.js';
import { objectSpecFor } from './object-catalogue.js';
import type { ObjectSpec, PropertyType } from './property-type.js';
import { OPEN_VOCABULARIES, type OpenVocabulary } from './vocabularies.js';

/** Best-practice check name of each open vocabulary. */
const VOCABULARY_CHECK: Readonly<Record<OpenVocabulary, string>> = {
  'account-type': 'account-type',
  'attack-motivation': 'attack-motivation',
  'attack-resource-level': 'attack-resource-level',
  'grouping-context': 'grouping-context',
  'hash-algorithm': 'hash-algo',
  'identity-class': 'identity-class',
  'implementation-language': 'implementation-languages',
  'indicator-type': 'indicator-types',
  'industry-sector': 'industry-sector',
  'infrastructure-type': 'infrastructure-types',
  'malware-capabilities': 'malware-capabilities',
  'malware-result': 'malware-result',
  'malware-type': 'malware-types',
  'pattern-type': 'indicator-pattern-types',
  'processor-architecture': 'processor-architecture',
  region: 'region',
  'report-type': 'report-types',
  'threat-actor-role': 'threat-actor-role',
  'threat-actor-sophistication': 'threat-actor-sophistication',
  'threat-actor-type': 'threat-actor-types',
  'tool-type': 'tool-types',
  'windows-pebinary-type': 'windows-pebinary-type',
};

/** Mirrors the reference's `str.islower()`: some cased letter, none uppercase. */
function isLowerWords(v: string): boolean {
  return v.toLowerCase() === v && v.toUpperCase() !== v && !v.includes('_') && !v.includes(' ');
}

function vocabularyOf(t: PropertyType | undefined): OpenVocabulary | undefined {
  if (t === undefined || typeof t === 'string') return undefined;
  if (t.kind === 'ov') return t.vocabulary;
  if (t.kind === 'list') return vocabularyOf(t.of);
  return undefined;
}

function checkVocabularies(ctx: ObjectContext, spec: ObjectSpec, value: Record<string, unknown>, path: string, formatToo: boolean): void {
  for (const [name, v] of Object.entries(value)) {
    const vocab = vocabularyOf(spec.properties[name]);
    if (vocab === undefined) continue;
    const values = Array.isArray(v) ? v : [v];
    const at = childPath(path, name);
    if (values.some((x) => typeof x === 'string' && !(OPEN_VOCABULARIES[vocab] as readonly string[]).includes(x))) {
      ctx.sink.warn(ctx.id, at, VOCABULARY_CHECK[vocab], `${name} contains a value not in the ${vocab}-ov vocabulary`);
    }
    if (!formatToo) continue;
    for (const x of values) {
      if (typeof x === 'string' && !isLowerWords(x)) {
        ctx.sink.warn(ctx.id, at, 'open-vocab-format', `open vocabulary value ${JSON.stringify(x)} should be lowercase words separated by hyphens`);
      }
    }
  }
}

/** Applies the vocabulary and naming best practices to an object of `type`. */
export function checkVocabularyPractices(ctx: ObjectContext, type: string): void {
  const { obj, path } = ctx;
  const spec = objectSpecFor(type);
  if (spec === undefined) return;
  checkVocabularies(ctx, spec, obj, path, !['user-account'].includes(type));
  if (isRecord(obj.extensions)) {
    for (const [key, ext] of Object.entries(obj.extensions)) {
      const extSpec = isPredefinedExtension(type, key) ? SCO_EXTENSION_SPECS[key] : undefined;
      if (extSpec !== undefined && isRecord(ext)) checkVocabularies(ctx, extSpec, ext, childPath(childPath(path, 'extensions'), key), false);
    }
  }
  if (Array.isArray(obj.kill_chain_phases)) {
    obj.kill_chain_phases.forEach((p, i) => {
      if (!isRecord(p)) return;
      for (const k of ['kill_chain_name', 'phase_name']) {
        const v = p[k];
        if (typeof v === 'string' && !isLowerWords(v)) {
          ctx.sink.warn(ctx.id, childPath(childPath(childPath(path, 'kill_chain_phases'), i), k), 'kill-chain-names', `${k} ${JSON.stringify(v)} should be lowercase words separated by hyphens`);
        }
      }
    });
  }
  checkHashNames(ctx, type, obj, path);
}

const HASHED_TYPES = new Set(['file', 'artifact', 'x509-certificate']);

function checkHashDict(ctx: ObjectContext, hashes: unknown, at: string): void {
  if (!isRecord(hashes)) return;
  for (const name of Object.keys(hashes)) {
    const p = childPath(at, name);
    if (!(OPEN_VOCABULARIES['hash-algorithm'] as readonly string[]).includes(name) && !name.startsWith('x_')) {
      ctx.sink.warn(ctx.id, p, 'hash-algo', `hash name ${JSON.stringify(name)} is not in hash-algorithm-ov and has no x_ prefix`);
    }
    if (name.length > 30) ctx.sink.warn(ctx.id, p, 'hash-length', `hash name ${JSON.stringify(name)} is longer than 30 characters`);
  }
}

/** Hash dictionaries of files, artifacts and certificates, and inside the NTFS and PE extensions. */
export function checkHashNames(ctx: ObjectContext, type: string, obj: Record<string, unknown>, path: string): void {
  if (!HASHED_TYPES.has(type)) return;
  checkHashDict(ctx, obj.hashes, childPath(path, 'hashes'));
  if (type !== 'file' || !isRecord(obj.extensions)) return;
  const extPath = childPath(path, 'extensions');
  const ntfs = obj.extensions['ntfs-ext'];
  if (isRecord(ntfs) && Array.isArray(ntfs.alternate_data_streams)) {
    ntfs.alternate_data_streams.forEach((s, i) => {
      if (isRecord(s)) checkHashDict(ctx, s.hashes, childPath(childPath(childPath(childPath(extPath, 'ntfs-ext'), 'alternate_data_streams'), i), 'hashes'));
    });
  }
  const pe = obj.extensions['windows-pebinary-ext'];
  if (!isRecord(pe)) return;
  const pePath = childPath(extPath, 'windows-pebinary-ext');
  checkHashDict(ctx, pe.file_header_hashes, childPath(pePath, 'file_header_hashes'));
  if (isRecord(pe.optional_header)) checkHashDict(ctx, pe.optional_header.hashes, childPath(childPath(pePath, 'optional_header'), 'hashes'));
  if (Array.isArray(pe.sections)) {
    pe.sections.forEach((s, i) => {
      if (isRecord(s)) checkHashDict(ctx, s.hashes, childPath(childPath(childPath(pePath, 'sections'), i), 'hashes'));
    });
  }
}
