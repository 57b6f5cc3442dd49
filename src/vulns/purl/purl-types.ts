/**
 * Rules of the known purl types (purl-spec `types/*-definition.json`): whether a namespace is
 * required or prohibited, which components are case-insensitive (and so lowercased), and the few
 * types with checks of their own. A type not listed here follows the generic rules only, as
 * ECMA-427 allows any well-formed type.
 */

/** A purl being completed: decoded components that type rules may still rewrite. */
export interface PurlDraft {
  type: string;
  namespace: string[];
  name: string;
  version: string | null;
  qualifiers: Record<string, string>;
}

/** What a type requires of a package URL, and how it normalises one. */
export interface PurlTypeRule {
  /** Whether the type has namespaces; a required one is named in the message when it is missing. */
  readonly namespace: 'required' | 'optional' | 'prohibited';
  /** Components that are case-insensitive for this type, hence lowercased. */
  readonly lowercase?: readonly ('namespace' | 'name' | 'version')[];
  /** Qualifiers every purl of the type carries. */
  readonly requiredQualifiers?: readonly string[];
  /** The namespace is one segment and the name may hold `/` (git: host, then repository path). */
  readonly nameIsPath?: boolean;
  /** Rewrites the draft in place (extra normalisation), before the checks. */
  readonly normalise?: (draft: PurlDraft, lenient: boolean) => void;
  /** Why the draft is not a purl of this type, as `[component, problem]`, or undefined. */
  readonly check?: (draft: PurlDraft) => readonly [string, string] | undefined;
}

const lowerNamespaceAndName = ['namespace', 'name'] as const;

/** The rules of every purl type Sakimori knows, by type. */
export const PURL_TYPES: Readonly<Record<string, PurlTypeRule>> = Object.freeze({
  alpm: { namespace: 'required', lowercase: lowerNamespaceAndName },
  apk: { namespace: 'required', lowercase: lowerNamespaceAndName },
  bazel: { namespace: 'prohibited' },
  bitbucket: { namespace: 'required', lowercase: lowerNamespaceAndName },
  bitnami: { namespace: 'prohibited', lowercase: ['name'] },
  brew: { namespace: 'optional', lowercase: lowerNamespaceAndName },
  cargo: { namespace: 'prohibited' },
  'chrome-extension': {
    namespace: 'prohibited',
    lowercase: ['name'],
    check: (d) => {
      if (!/^[a-p]{32}$/.test(d.name)) return ['name', 'a Chrome extension id is 32 letters from a to p'];
      if (d.version !== null && !/^\d+(\.\d+){0,3}$/.test(d.version)) return ['version', 'a Chrome extension version is one to four dot-separated integers'];
      return undefined;
    },
  },
  cocoapods: { namespace: 'prohibited' },
  composer: { namespace: 'optional', lowercase: lowerNamespaceAndName },
  conan: { namespace: 'optional' },
  cpan: {
    namespace: 'optional',
    // The former cpan type named modules (URI::PackageURL); a distribution name never holds "::".
    check: (d) => (d.name.includes('::') ? ['name', `"${d.name}" is a module name; a cpan purl names the distribution (URI-PackageURL)`] : undefined),
  },
  cran: { namespace: 'prohibited' },
  deb: { namespace: 'required', lowercase: lowerNamespaceAndName },
  gem: { namespace: 'prohibited' },
  git: {
    namespace: 'required',
    nameIsPath: true,
    // The suite's recommended remediation: owner and repository names compared without case.
    normalise: (d, lenient) => {
      if (!lenient) return;
      d.namespace = d.namespace.map((s) => s.toLowerCase());
      d.name = d.name.toLowerCase();
    },
  },
  github: { namespace: 'required', lowercase: lowerNamespaceAndName },
  golang: { namespace: 'required' },
  hackage: { namespace: 'prohibited' },
  hex: { namespace: 'optional', lowercase: lowerNamespaceAndName },
  huggingface: { namespace: 'optional', lowercase: ['version'] },
  julia: { namespace: 'prohibited', requiredQualifiers: ['uuid'] },
  maven: { namespace: 'required' },
  mlflow: {
    namespace: 'prohibited',
    // Databricks model names are case-insensitive, Azure ML ones are not (mlflow-definition.json).
    normalise: (d) => {
      if (/databricks/i.test(d.qualifiers.repository_url ?? '')) d.name = d.name.toLowerCase();
    },
  },
  nuget: { namespace: 'prohibited' },
  oci: { namespace: 'prohibited', lowercase: ['name'] },
  otp: { namespace: 'prohibited' },
  pub: { namespace: 'prohibited', lowercase: ['name'] },
  pypi: {
    namespace: 'prohibited',
    normalise: (d) => {
      d.name = d.name.toLowerCase().replace(/_/g, '-');
    },
  },
  qpkg: { namespace: 'required', lowercase: ['namespace'] },
  rpm: { namespace: 'required', lowercase: ['namespace'] },
  swid: { namespace: 'optional', requiredQualifiers: ['tag_id'] },
  swift: { namespace: 'required' },
  vcpkg: { namespace: 'prohibited' },
  'vscode-extension': { namespace: 'required' },
});

/** The rules of `type`, or undefined for a type Sakimori does not know (never an inherited property such as `constructor`). */
export function purlTypeRule(type: string): PurlTypeRule | undefined {
  return Object.hasOwn(PURL_TYPES, type) ? PURL_TYPES[type] : undefined;
}

/** Says why a purl with (or without) a namespace breaks its type's namespace rule, or undefined when it does not. */
export function namespaceProblem(type: string, rule: PurlTypeRule, hasNamespace: boolean): string | undefined {
  if (rule.namespace === 'required' && !hasNamespace) return `purls of type ${type} need a namespace`;
  if (rule.namespace === 'prohibited' && hasNamespace) return `purls of type ${type} have no namespace`;
  return undefined;
}
