/**
 * Reading a POSTed envelope (§5.5): it must be an object with an `objects` list (else 422); each
 * STIX 2.1 object is validated with the STIX validator, and those that fail are refused one by one
 * in the status resource rather than failing the whole request.
 */
import { validateStix } from '../../stix/object/index.js';
import type { AddRequest, StatusDetail, StixJson } from './backend.js';
import { ERR_TAXII_UNPROCESSABLE } from './errors.js';

const STIX_ID = /^([a-z0-9][a-z0-9-]{1,249})--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Splits an envelope into the objects to add and the ones refused, with the reason. */
export function readEnvelope(body: unknown): AddRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ERR_TAXII_UNPROCESSABLE('the body is not a JSON object');
  const objects = (body as Record<string, unknown>).objects;
  if (!Array.isArray(objects)) throw new ERR_TAXII_UNPROCESSABLE("the envelope has no 'objects' list");
  const accepted: StixJson[] = [];
  const rejected: StatusDetail[] = [];
  for (const object of objects as unknown[]) {
    const problem = problemOf(object);
    if (problem === undefined) accepted.push(object as StixJson);
    else rejected.push({ id: idOf(object), version: versionOf(object), message: problem });
  }
  return { accepted, rejected };
}

/**
 * Why an object cannot be added, or undefined. STIX 2.1 objects get the full validator; objects of
 * other spec versions (a TAXII 2.1 collection may hold STIX 2.0) only need an id of their type.
 */
function problemOf(object: unknown): string | undefined {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return 'not a JSON object';
  const o = object as Record<string, unknown>;
  const m = typeof o.id === 'string' ? STIX_ID.exec(o.id) : null;
  if (m === null || m[1] !== o.type) return 'no STIX identifier of its type';
  if (o.type === 'bundle') return 'a bundle is not an object; send its objects';
  if (o.spec_version !== '2.1') return o.spec_version === undefined || o.spec_version === '2.0' ? undefined : `unsupported spec_version ${String(o.spec_version)}`;
  const result = validateStix(o);
  if (result.valid) return undefined;
  return result.errors
    .slice(0, 3)
    .map((e) => e.message)
    .join('; ');
}

function idOf(object: unknown): string {
  const id = typeof object === 'object' && object !== null ? (object as Record<string, unknown>).id : undefined;
  return typeof id === 'string' ? id : '';
}

function versionOf(object: unknown): string {
  const o = typeof object === 'object' && object !== null ? (object as Record<string, unknown>) : {};
  const v = o.modified ?? o.created;
  return typeof v === 'string' ? v : '';
}
