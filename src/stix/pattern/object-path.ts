/**
 * Selection of values by an object path in one root object (STIX 2.1 §9.4): key steps, list
 * indexes, `[*]` over every element, and `_ref` / `_refs` properties replaced by the objects they
 * reference. Properties ending in `_hex` or `_bin` are read as bytes.
 */
import type { ObjectPath } from './ast.js';
import { base64ToBytes, hexToBytes } from './literals.js';
import { invalid } from './values.js';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function bytesOf(key: string, value: unknown): unknown {
  const hex = key.endsWith('_hex');
  if (!hex && !key.endsWith('_bin')) return value;
  if (typeof value !== 'string') invalid(`property ${key} must be a string`);
  if (hex) {
    if (!/^(?:[0-9a-fA-F]{2})*$/.test(value)) invalid(`property ${key} is not hex: ${value}`);
    return hexToBytes(value);
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) invalid(`property ${key} is not base64: ${value}`);
  return base64ToBytes(value);
}

function resolve(id: unknown, key: string, scope: ReadonlyMap<string, unknown>): unknown {
  if (typeof id !== 'string') invalid(`a value of reference property '${key}' is not a string`);
  return scope.get(id);
}

function stepKey(values: readonly unknown[], key: string, scope: ReadonlyMap<string, unknown>): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    if (!isRecord(v) || !Object.hasOwn(v, key)) continue;
    const value = bytesOf(key, v[key]);
    if (key.endsWith('_ref')) {
      const target = resolve(value, key, scope);
      if (target !== undefined) out.push(target);
    } else if (key.endsWith('_refs')) {
      if (!Array.isArray(value)) invalid(`the value of reference list property '${key}' is not a list`);
      // Unresolved references are dropped; the list stays a list, for a following `[*]` or `[n]`.
      const targets = value.map((id) => resolve(id, key, scope)).filter((t) => t !== undefined);
      if (targets.length > 0) out.push(targets);
    } else {
      out.push(value);
    }
  }
  return out;
}

/** Values that `path` selects in `root`, or an empty list (also when the type differs). */
export function selectValues(root: unknown, path: ObjectPath, scope: ReadonlyMap<string, unknown>): unknown[] {
  if (!isRecord(root) || root.type !== path.objectType) return [];
  let values: unknown[] = [root];
  for (const step of path.steps) {
    if (values.length === 0) break;
    if (step.kind === 'key') {
      values = stepKey(values, step.key, scope);
    } else if (step.kind === 'index') {
      if (step.index < 0) invalid(`invalid list index: ${step.index}`);
      values = values.filter((v): v is unknown[] => Array.isArray(v) && step.index < v.length).map((v) => v[step.index]);
    } else {
      values = values.filter((v): v is unknown[] => Array.isArray(v)).flat(1);
    }
    // Reference cycles fanned out by `[*]` would otherwise grow without bound; a value tested
    // twice gives the same answer, so duplicates are dropped.
    values = [...new Set(values)];
  }
  return values;
}
