/**
 * The package URL (purl, ECMA-427) as decoded components, and the options that parsing and building
 * share.
 */

/**
 * A valid package URL, decoded and normalised: the type lowercased, type-specific case and name
 * rules applied, qualifiers with non-empty values only, and subpath segments without `.` and `..`.
 */
export interface PackageUrl {
  /** Package type (`npm`, `maven`, `deb`…), lowercase. */
  readonly type: string;
  /** Namespace segments joined with `/` (`@angular`, `org.apache.commons`), or null. */
  readonly namespace: string | null;
  /** Package name; never empty. */
  readonly name: string;
  /** Version, or null. */
  readonly version: string | null;
  /** Qualifiers by lowercase key, sorted by key, or null when there are none. */
  readonly qualifiers: Readonly<Record<string, string>> | null;
  /** Path inside the package, segments joined with `/`, or null. */
  readonly subpath: string | null;
}

/** Decoded components to build a package URL from, as an API or an SBOM may give them. */
export interface PurlComponents {
  readonly type?: string | null;
  readonly namespace?: string | null;
  readonly name?: string | null;
  readonly version?: string | null;
  readonly qualifiers?: Readonly<Record<string, string | null | undefined>> | null;
  readonly subpath?: string | null;
}

/** How strictly to read a package URL. */
export interface PurlOptions {
  /**
   * Remediate instead of refusing the common faults that the purl test suite's `recommended` group
   * shows how to normalise: qualifier keys not in lowercase are lowercased, an unencoded `@` that
   * starts a namespace segment (`pkg:npm/@babel/core`) is taken as part of it, and `git` namespaces
   * and names are lowercased. Off by default: ECMA-427 requires lowercase keys and an encoded `@`.
   */
  readonly lenient?: boolean;
}
