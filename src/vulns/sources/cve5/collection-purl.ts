/**
 * A CVE 5 product's `collectionURL` + `packageName` as a Package URL, for the collections whose
 * package names map onto a purl type without guessing. The schema lists example collection URLs
 * (`definitions/product/properties/collectionURL/examples`); the purl types and their namespace
 * rules are those of the purl specification (`types/*-definition.json`).
 */
import { buildPurl, formatPurl } from '../../purl/index.js';

/** How one collection's package names become purl components. */
interface Collection {
  readonly type: string;
  readonly hosts: readonly string[];
  /** Path the collection URL must start with on those hosts (Red Hat serves other things there). */
  readonly pathPrefix?: string;
  /** How `packageName` splits into namespace and name; `none` keeps it whole. */
  readonly split: 'none' | 'last-slash' | 'colon';
  /** A fixed namespace (the distribution, for OS package collections). */
  readonly namespace?: string;
}

const COLLECTIONS: readonly Collection[] = [
  // npm scopes (`@babel/core`) are the purl namespace.
  { type: 'npm', hosts: ['registry.npmjs.org', 'www.npmjs.com', 'npmjs.com'], split: 'last-slash' },
  { type: 'pypi', hosts: ['pypi.org', 'pypi.python.org'], split: 'none' },
  // Maven coordinates are written `groupId:artifactId`.
  { type: 'maven', hosts: ['repo.maven.apache.org', 'repo1.maven.org', 'central.sonatype.com', 'search.maven.org'], split: 'colon' },
  { type: 'cargo', hosts: ['crates.io'], split: 'none' },
  // A Go module path: everything before the last segment is the purl namespace.
  { type: 'golang', hosts: ['proxy.golang.org', 'pkg.go.dev', 'golang.org'], split: 'last-slash' },
  { type: 'gem', hosts: ['rubygems.org'], split: 'none' },
  { type: 'nuget', hosts: ['nuget.org', 'www.nuget.org', 'api.nuget.org'], split: 'none' },
  { type: 'composer', hosts: ['packagist.org', 'repo.packagist.org'], split: 'last-slash' },
  { type: 'hex', hosts: ['hex.pm', 'repo.hex.pm'], split: 'none' },
  { type: 'pub', hosts: ['pub.dev'], split: 'none' },
  // Red Hat's package browser names source RPMs; Red Hat's own VEX files write them pkg:rpm/redhat/<name>.
  { type: 'rpm', hosts: ['access.redhat.com'], pathPrefix: '/downloads/content/package-browser', split: 'none', namespace: 'redhat' },
  { type: 'deb', hosts: ['packages.debian.org'], split: 'none', namespace: 'debian' },
];

/** `url` as host and path, or undefined when it is not an http(s) URL. */
function locate(url: string): { host: string; path: string } | undefined {
  if (!URL.canParse(url)) return undefined;
  const u = new URL(url);
  return u.protocol === 'https:' || u.protocol === 'http:' ? { host: u.hostname.toLowerCase(), path: u.pathname.replace(/\/+$/, '') } : undefined;
}

/**
 * Gives the canonical purl of `packageName` in the collection at `collectionURL`, or undefined when
 * the collection is not one of the known ecosystems or the name breaks its type's rules. A GitHub
 * URL is a collection of repositories: `https://github.com` with `owner/repo`, or the repository's
 * own URL when its last segment is the package name (as the xz record writes it).
 *
 * @example
 * ```ts
 * collectionPurl('https://registry.npmjs.org', '@babel/core'); // 'pkg:npm/%40babel/core'
 * collectionPurl('https://github.com/tukaani-project/xz', 'xz'); // 'pkg:github/tukaani-project/xz'
 * ```
 */
export function collectionPurl(collectionURL: string, packageName: string): string | undefined {
  const where = locate(collectionURL);
  if (where === undefined) return undefined;
  if (where.host === 'github.com') return githubPurl(where.path, packageName);
  const c = COLLECTIONS.find((k) => k.hosts.includes(where.host) && (k.pathPrefix === undefined || where.path.startsWith(k.pathPrefix)));
  if (c === undefined) return undefined;
  const at = c.split === 'colon' ? packageName.indexOf(':') : c.split === 'last-slash' ? packageName.lastIndexOf('/') : -1;
  if (c.split === 'colon' && at < 0) return undefined;
  const namespace = at < 0 ? (c.namespace ?? null) : packageName.slice(0, at);
  return purlOf(c.type, namespace, at < 0 ? packageName : packageName.slice(at + 1));
}

function githubPurl(path: string, packageName: string): string | undefined {
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.length === 0) {
    const [owner, repo, ...more] = packageName.split('/');
    return more.length === 0 && owner !== undefined && repo !== undefined ? purlOf('github', owner, repo) : undefined;
  }
  const [owner, repo] = segments;
  return segments.length === 2 && owner !== undefined && repo?.toLowerCase() === packageName.toLowerCase() ? purlOf('github', owner, repo) : undefined;
}

function purlOf(type: string, namespace: string | null, name: string): string | undefined {
  const r = buildPurl({ type, namespace, name });
  return r.ok ? formatPurl(r.value) : undefined;
}
