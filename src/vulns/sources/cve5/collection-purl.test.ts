/**
 * `collectionURL` + `packageName` to purl for the collections the CVE 5 schema lists, and none
 * where the mapping would be a guess.
 */
import { describe, expect, it } from 'vitest';
import { collectionPurl } from './collection-purl.js';

describe('cve5/collectionPurl', () => {
  it('maps the package registries to their purl types, splitting names as each type does', () => {
    const cases: readonly (readonly [string, string, string])[] = [
      ['https://registry.npmjs.org', 'left-pad', 'pkg:npm/left-pad'],
      ['https://registry.npmjs.org/', '@babel/core', 'pkg:npm/%40babel/core'],
      ['https://pypi.python.org', 'Django_Rest', 'pkg:pypi/django-rest'],
      ['https://pypi.org/', 'urllib3', 'pkg:pypi/urllib3'],
      ['https://repo.maven.apache.org/maven2', 'org.apache.logging.log4j:log4j-core', 'pkg:maven/org.apache.logging.log4j/log4j-core'],
      ['https://crates.io', 'tokio', 'pkg:cargo/tokio'],
      ['https://pkg.go.dev', 'github.com/gin-gonic/gin', 'pkg:golang/github.com/gin-gonic/gin'],
      ['https://rubygems.org', 'rails', 'pkg:gem/rails'],
      ['https://nuget.org/packages', 'Newtonsoft.Json', 'pkg:nuget/Newtonsoft.Json'],
      ['https://packagist.org', 'symfony/http-kernel', 'pkg:composer/symfony/http-kernel'],
      ['https://repo.hex.pm', 'plug', 'pkg:hex/plug'],
      ['https://pub.dev', 'http', 'pkg:pub/http'],
      ['https://access.redhat.com/downloads/content/package-browser/', 'xz', 'pkg:rpm/redhat/xz'],
      ['https://packages.debian.org', 'openssl', 'pkg:deb/debian/openssl'],
      ['https://github.com', 'tukaani-project/xz', 'pkg:github/tukaani-project/xz'],
      ['https://github.com/protocolbuffers/protobuf/', 'protobuf', 'pkg:github/protocolbuffers/protobuf'],
    ];
    for (const [url, name, purl] of cases) expect(collectionPurl(url, name), `${url} ${name}`).toBe(purl);
  });

  it('gives none where the mapping would be a guess', () => {
    const cases: readonly (readonly [string, string])[] = [
      // A repository whose name is not the package's (libdwarf-code / libdwarf).
      ['https://github.com/davea42/libdwarf-code/', 'libdwarf'],
      ['https://github.com', 'xz'],
      // A Red Hat page that is not the package browser.
      ['https://access.redhat.com/jbossnetwork/restricted/listSoftware.html', 'xz'],
      // Maven coordinates need a group.
      ['https://repo.maven.apache.org/maven2', 'log4j-core'],
      ['https://sourceforge.net', 'foo'],
      ['not a url', 'foo'],
      ['ftp://crates.io', 'tokio'],
    ];
    for (const [url, name] of cases) expect(collectionPurl(url, name), `${url} ${name}`).toBeUndefined();
  });
});
