import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSakimoriError, type SakimoriError } from '../../core/errors.js';
import { readCycloneDx } from './read-cyclonedx.js';

const limits = { maxBytes: 1 << 20, maxComponents: 100, maxDepth: 8 };
const testdata = (name: string) => readFileSync(new URL(`testdata/${name}`, import.meta.url), 'utf8');
const bom = (components: unknown, specVersion = '1.6') => JSON.stringify({ bomFormat: 'CycloneDX', specVersion, version: 1, components });

function refusal(fn: () => unknown): SakimoriError {
  try {
    fn();
  } catch (e) {
    if (isSakimoriError(e)) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('readCycloneDx', () => {
  it('reads every component of the sample, nested ones depth first, with the importer’s options', () => {
    const doc = readCycloneDx(testdata('substation-gateway.cdx.json'), limits, { introducedOn: '2025-11-20', role: 'vpn-gateway', site: 'Substation 7' });
    expect(doc.specVersion).toBe('1.5');
    expect(doc.serialNumber).toBe('urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79');
    expect(doc.components.map((c) => c.where)).toEqual([
      'component "fortios" (components[0])',
      'component "openssl" (components[0].components[0])',
      'component "busybox" (components[0].components[1])',
      'component "wincc" (components[1])',
      'component "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1" (components[2])',
      'component "openssl-again" (components[2].components[0])',
      'component "ubuntu" (components[3])',
    ]);
    expect(doc.components.map((c) => c.input.vendor)).toEqual(['Fortinet', 'OpenSSL Software Foundation', undefined, 'Siemens', 'org.apache.logging.log4j', undefined, 'Canonical']);
    expect(doc.components[1]?.input).toEqual({
      vendor: 'OpenSSL Software Foundation',
      product: 'openssl',
      version: '1.1.1w',
      cpe: 'cpe:/a:openssl:openssl:1.1.1w',
      purl: 'pkg:generic/openssl@1.1.1w',
      role: 'vpn-gateway',
      site: 'Substation 7',
      network: undefined,
      addresses: undefined,
      introducedOn: '2025-11-20',
      status: undefined,
    });
    expect(doc.components[0]?.label('product')).toBe('name');
    expect(doc.components[0]?.label('introducedOn')).toBe('import option introducedOn');
  });

  it('makes the document’s subject an asset only when asked', () => {
    const doc = readCycloneDx(testdata('substation-gateway.cdx.json'), limits, { includeMetadataComponent: true });
    expect(doc.components[0]).toMatchObject({ where: 'component "gateway" (metadata.component)', input: { product: 'Substation remote-access gateway', vendor: 'Kaminari Power Engineering' } });
    expect(doc.components).toHaveLength(8);
  });

  it('refuses SPDX, XML, other JSON and other versions', () => {
    expect(refusal(() => readCycloneDx(testdata('spdx-2.3.json'), limits))).toMatchObject({
      code: 'SAKIMORI_ERR_SBOM_INVALID',
      message: 'not a usable CycloneDX JSON SBOM at document: this is an SPDX document, not CycloneDX; export the SBOM as CycloneDX JSON',
    });
    expect(refusal(() => readCycloneDx('SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n', limits)).message).toMatch(/SPDX tag-value/);
    expect(refusal(() => readCycloneDx('<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5"/>', limits)).message).toMatch(/this is XML/);
    expect(refusal(() => readCycloneDx('{"bomFormat":"CycloneDX",', limits)).message).toMatch(/at document: not JSON/);
    expect(refusal(() => readCycloneDx('[1,2]', limits)).message).toMatch(/not a JSON object/);
    expect(refusal(() => readCycloneDx('{"name":"x"}', limits)).message).toBe('not a usable CycloneDX JSON SBOM at bomFormat: null instead of "CycloneDX"');
    expect(refusal(() => readCycloneDx(bom([], '1.1'), limits)).message).toBe('not a usable CycloneDX JSON SBOM at specVersion: "1.1" is not read (1.2, 1.3, 1.4, 1.5, 1.6)');
    expect(refusal(() => readCycloneDx(bom([], '1.7'), limits)).code).toBe('SAKIMORI_ERR_SBOM_INVALID');
    expect(refusal(() => readCycloneDx(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.4', components: {} }), limits)).message).toMatch(/at components: must be an array/);
  });

  it('names every bad component by bom-ref and path', () => {
    const e = refusal(() =>
      readCycloneDx(
        bom([
          { type: 'library', name: 'ok' },
          { type: 'library', 'bom-ref': 'anon', name: '' },
          { type: 'library', name: 'x', components: [{ type: 'gadget', name: 'y' }, 'z'] },
          { type: 'library', name: 'v', version: 2 },
        ]),
        limits,
      ),
    );
    expect(e.code).toBe('SAKIMORI_ERR_SBOM_INVALID');
    expect(e.details?.problems).toEqual([
      { where: 'component "anon" (components[1]), name', code: 'SAKIMORI_ERR_SBOM_INVALID', message: 'required text' },
      {
        where: 'component components[2].components[0], type',
        code: 'SAKIMORI_ERR_SBOM_INVALID',
        message: expect.stringMatching(/^"gadget" is not a component type of this version \(application, framework, library, /),
      },
      { where: 'component components[2].components[1]', code: 'SAKIMORI_ERR_SBOM_INVALID', message: 'not a JSON object' },
      { where: 'component components[3], version', code: 'SAKIMORI_ERR_SBOM_INVALID', message: 'must be text' },
    ]);
  });

  it('checks component types against the document’s version (the library’s Spec)', () => {
    // `data` and `machine-learning-model` exist from 1.5 on.
    expect(refusal(() => readCycloneDx(bom([{ type: 'data', name: 'weights' }], '1.4'), limits)).message).toMatch(/"data" is not a component type of this version/);
    expect(readCycloneDx(bom([{ type: 'data', name: 'weights' }], '1.5'), limits).components).toHaveLength(1);
  });

  it('refuses documents over the byte, component or depth limit', () => {
    const many = bom(Array.from({ length: 101 }, (_, k) => ({ type: 'library', name: `lib${k}` })));
    expect(refusal(() => readCycloneDx(many, limits))).toMatchObject({ code: 'SAKIMORI_ERR_SBOM_TOO_LARGE', message: 'SBOM refused: over the limit of 100 components' });
    let nested: Record<string, unknown> = { type: 'library', name: 'leaf' };
    for (let k = 0; k < 8; k++) nested = { type: 'library', name: `level${k}`, components: [nested] };
    expect(refusal(() => readCycloneDx(bom([nested]), limits)).message).toMatch(/over the limit of 8 levels of nested components/);
    expect(refusal(() => readCycloneDx(many, { ...limits, maxBytes: 1024 })).message).toBe('SBOM refused: over the limit of 1024 bytes');
  });

  it('reads an empty BOM and a UTF-8 byte upload with a BOM', () => {
    expect(readCycloneDx(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.2' }), limits).components).toEqual([]);
    const bytes = new TextEncoder().encode(`\uFEFF${bom([{ type: 'firmware', name: 'ファームウェア' }])}`);
    expect(readCycloneDx(bytes, limits).components[0]?.input.product).toBe('ファームウェア');
  });
});
