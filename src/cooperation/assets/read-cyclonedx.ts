/**
 * CycloneDX SBOMs (JSON, specification 1.2 to 1.6) as asset inputs: every component, nested ones
 * included, becomes one asset — its name as the product, its version, its publisher (else supplier,
 * manufacturer or group) as the vendor, its `cpe` and `purl` — with the role, site, status and
 * introduction date the importer gives for the whole document. Pure.
 *
 * The JSON is parsed here into a typed shape and only what the register uses is checked (the
 * CycloneDX library's JSON-schema validator needs optional dependencies the platform does not
 * carry); the library provides the specification versions and which component types each allows.
 */
import { Enums, Spec } from '@cyclonedx/cyclonedx-library';
import { ERR_SBOM_INVALID, ERR_SBOM_TOO_LARGE } from './errors.js';
import { decodeUtf8, isOverBytes, type LocatedInput, type LocatedProblem, refuseProblems } from './located-input.js';
import type { AssetInput, AssetInputField } from './validate-asset.js';

/** The specification versions read (JSON exists from 1.2). */
export const SBOM_SPEC_VERSIONS: readonly string[] = [Spec.Version.v1dot2, Spec.Version.v1dot3, Spec.Version.v1dot4, Spec.Version.v1dot5, Spec.Version.v1dot6];

/** Limits of {@link readCycloneDx}. */
export interface SbomLimits {
  readonly maxBytes: number;
  readonly maxComponents: number;
  readonly maxDepth: number;
}

/** What the importer says of every component of the document (untrusted; validated like any input). */
export interface SbomImportOptions {
  /** The day the components went into service (`YYYY-MM-DD`); required unless `status` is `planned`. */
  readonly introducedOn?: unknown;
  /** Default `other`. */
  readonly role?: unknown;
  readonly site?: unknown;
  readonly network?: unknown;
  readonly addresses?: unknown;
  /** Default `in-service`. */
  readonly status?: unknown;
  /** Make the document's subject (`metadata.component`) an asset too; default false. */
  readonly includeMetadataComponent?: boolean;
}

/** A CycloneDX document as read. */
export interface SbomDocument {
  readonly specVersion: string;
  readonly serialNumber: string | null;
  /** One input per component, in document order (depth first). */
  readonly components: readonly LocatedInput[];
}

/** The fields of a component the register reads. */
interface Component {
  readonly type: string;
  readonly name: string;
  readonly version: string | undefined;
  readonly vendor: string | undefined;
  readonly cpe: string | undefined;
  readonly purl: string | undefined;
  readonly bomRef: string | undefined;
  readonly children: readonly unknown[];
}

const COMPONENT_LABELS: Partial<Record<AssetInputField, string>> = { vendor: 'publisher', product: 'name', version: 'version', cpe: 'cpe', purl: 'purl' };
const labelOf = (field: AssetInputField): string => COMPONENT_LABELS[field] ?? `import option ${field}`;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function invalid(where: string, message: string): never {
  throw new ERR_SBOM_INVALID(where, message);
}

/** Parses the text and checks it is a CycloneDX JSON document of a version read here. */
function readEnvelope(text: string): { doc: Record<string, unknown>; spec: NonNullable<(typeof Spec.SpecVersionDict)[Spec.Version]> } {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('<')) invalid('document', 'this is XML; export the SBOM as CycloneDX JSON');
  if (/^SPDXVersion\s*:/i.test(body)) invalid('document', 'this is an SPDX tag-value document, not CycloneDX; export the SBOM as CycloneDX JSON');
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (e) {
    invalid('document', `not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isRecord(doc)) invalid('document', 'not a JSON object');
  if ('spdxVersion' in doc || 'SPDXID' in doc) invalid('document', 'this is an SPDX document, not CycloneDX; export the SBOM as CycloneDX JSON');
  if (doc.bomFormat !== 'CycloneDX') invalid('bomFormat', `${JSON.stringify(doc.bomFormat ?? null)} instead of "CycloneDX"`);
  const version = doc.specVersion;
  const spec = typeof version === 'string' && SBOM_SPEC_VERSIONS.includes(version) ? Spec.SpecVersionDict[version as Spec.Version] : undefined;
  if (spec === undefined) invalid('specVersion', `${JSON.stringify(version ?? null)} is not read (${SBOM_SPEC_VERSIONS.join(', ')})`);
  return { doc, spec };
}

function optionalText(c: Record<string, unknown>, key: string, where: string, problems: LocatedProblem[]): string | undefined {
  const v = c[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  problems.push({ where: `${where}, ${key}`, error: ERR_SBOM_INVALID, message: 'must be text' });
  return undefined;
}

function entityName(v: unknown): string | undefined {
  return isRecord(v) && typeof v.name === 'string' && v.name.trim() !== '' ? v.name : undefined;
}

/** Reads one component's fields, or records why it cannot be read. */
function readComponent(raw: unknown, path: string, spec: { supportsComponentType(t: unknown): boolean }, problems: LocatedProblem[]): Component | undefined {
  if (!isRecord(raw)) {
    problems.push({ where: `component ${path}`, error: ERR_SBOM_INVALID, message: 'not a JSON object' });
    return undefined;
  }
  const bomRef = typeof raw['bom-ref'] === 'string' ? raw['bom-ref'] : undefined;
  const where = `component ${bomRef === undefined ? path : `${JSON.stringify(bomRef)} (${path})`}`;
  const before = problems.length;
  const { type, name } = raw;
  if (typeof type !== 'string' || !spec.supportsComponentType(type)) {
    const known = Object.values(Enums.ComponentType).filter((t) => spec.supportsComponentType(t));
    problems.push({ where: `${where}, type`, error: ERR_SBOM_INVALID, message: `${JSON.stringify(type ?? null)} is not a component type of this version (${known.join(', ')})` });
  }
  if (typeof name !== 'string' || name.trim() === '') problems.push({ where: `${where}, name`, error: ERR_SBOM_INVALID, message: 'required text' });
  const publisher = optionalText(raw, 'publisher', where, problems);
  const group = optionalText(raw, 'group', where, problems);
  const component: Component = {
    type: String(type),
    name: String(name),
    version: optionalText(raw, 'version', where, problems),
    vendor: publisher ?? entityName(raw.supplier) ?? entityName(raw.manufacturer) ?? (group === '' ? undefined : group),
    cpe: optionalText(raw, 'cpe', where, problems),
    purl: optionalText(raw, 'purl', where, problems),
    bomRef: bomRef,
    children: [],
  };
  const children = raw.components;
  if (children !== undefined && !Array.isArray(children)) problems.push({ where: `${where}, components`, error: ERR_SBOM_INVALID, message: 'must be an array' });
  return problems.length > before ? undefined : { ...component, children: Array.isArray(children) ? children : [] };
}

function toLocated(c: Component, path: string, options: SbomImportOptions): LocatedInput {
  const input: AssetInput = {
    vendor: c.vendor,
    product: c.name,
    version: c.version,
    cpe: c.cpe,
    purl: c.purl,
    role: options.role,
    site: options.site,
    network: options.network,
    addresses: options.addresses,
    introducedOn: options.introducedOn,
    status: options.status,
  };
  return { input, where: `component ${c.bomRef === undefined ? path : `${JSON.stringify(c.bomRef)} (${path})`}`, label: labelOf };
}

/**
 * Reads a CycloneDX JSON SBOM into one located input per component (nested components included,
 * depth first).
 *
 * @throws {@link ERR_SBOM_TOO_LARGE} over `maxBytes`, `maxComponents` or `maxDepth`;
 * {@link ERR_SBOM_INVALID} for XML, SPDX, JSON that is not CycloneDX 1.2–1.6, or components without
 * a name or with a type the version does not know (naming each by bom-ref and path).
 */
export function readCycloneDx(data: string | Uint8Array, limits: SbomLimits, options: SbomImportOptions = {}): SbomDocument {
  if (isOverBytes(data, limits.maxBytes)) throw new ERR_SBOM_TOO_LARGE(`${limits.maxBytes} bytes`);
  const text = decodeUtf8(data);
  if (text === undefined) invalid('document', 'not UTF-8 text');
  const { doc, spec } = readEnvelope(text);
  const roots: { raw: unknown; path: string }[] = [];
  if (options.includeMetadataComponent === true && isRecord(doc.metadata) && doc.metadata.component !== undefined) roots.push({ raw: doc.metadata.component, path: 'metadata.component' });
  if (doc.components !== undefined && !Array.isArray(doc.components)) invalid('components', 'must be an array');
  for (const [k, raw] of ((doc.components as unknown[] | undefined) ?? []).entries()) roots.push({ raw, path: `components[${k}]` });

  const out: LocatedInput[] = [];
  const problems: LocatedProblem[] = [];
  // Depth first, in document order, without recursion: the stack holds what is still to read.
  const stack = roots.reverse().map((r) => ({ ...r, depth: 1 }));
  let seen = 0;
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (next.depth > limits.maxDepth) throw new ERR_SBOM_TOO_LARGE(`${limits.maxDepth} levels of nested components (at ${next.path})`);
    if (++seen > limits.maxComponents) throw new ERR_SBOM_TOO_LARGE(`${limits.maxComponents} components`);
    const c = readComponent(next.raw, next.path, spec, problems);
    if (c === undefined) continue;
    out.push(toLocated(c, next.path, options));
    for (let k = c.children.length - 1; k >= 0; k--) stack.push({ raw: c.children[k], path: `${next.path}.components[${k}]`, depth: next.depth + 1 });
  }
  refuseProblems(problems);
  const serialNumber = typeof doc.serialNumber === 'string' ? doc.serialNumber : null;
  return { specVersion: spec.version, serialNumber, components: out };
}
