import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../core/errors.js';
import { describeExternal, missingFixtures, sharedFixture } from '../testing/external.js';
import { parseIndicatorFile } from './indicator-file.js';
import { IndicatorSet } from './indicator-set.js';
import { readIndicatorFile } from './read-indicator-file.js';

function errorOf(fn: () => unknown): { code: string; message: string } | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (!isSakimoriError(e)) throw e;
    return { code: e.code, message: e.message };
  }
}

describe('indicator files', () => {
  it('reads the text form with comments, labels, ports, protocols and defanged addresses', () => {
    const text = [
      '# MirrorFace C2 (ESET)',
      '',
      '45.32.13.180            # LODEINFO C2',
      '103.175.16.39,443,tcp',
      '5[.]8[.]95[.]174,,udp',
      '2001:db8:bad::/48 #  IPv6 block  ',
      '  198.18.0.0/15,53',
    ].join('\n');
    const inputs = parseIndicatorFile(text, 'iocs.txt', { label: 'default label' });
    expect(inputs).toEqual([
      { value: '45.32.13.180', port: null, protocol: null, label: 'LODEINFO C2', kind: undefined },
      { value: '103.175.16.39', port: 443, protocol: 6, label: 'default label', kind: undefined },
      { value: '5.8.95.174', port: null, protocol: 17, label: 'default label', kind: undefined },
      { value: '2001:db8:bad::/48', port: null, protocol: null, label: 'IPv6 block', kind: undefined },
      { value: '198.18.0.0/15', port: 53, protocol: null, label: 'default label', kind: undefined },
    ]);
    const set = new IndicatorSet();
    set.add('t', inputs);
    expect(set.list().map((i) => i.key)).toEqual(['103.175.16.39,443,tcp', '198.18.0.0/15,53', '2001:db8:bad::/48', '45.32.13.180', '5.8.95.174,,udp']);
  });

  it('names the file, line and field of the first error in text files', () => {
    const cases: Array<[string, string]> = [
      ['45.32.13.180\n45.32.13.999 # typo', 'iocs.txt line 2, field address: not an IPv4 or IPv6 address, or a prefix with host bits set'],
      ['45.32.13.180,https', 'iocs.txt line 1, field port: "https" is not a port 0-65535'],
      ['\n\n45.32.13.180,443,tpc', 'iocs.txt line 3, field protocol: "tpc" is not a protocol name (tcp, udp, icmp, …) or number 0-255'],
      ['10.0.0.1/8', 'iocs.txt line 1, field address: not an IPv4 or IPv6 address, or a prefix with host bits set'],
      ['1.2.3.4,1,tcp,extra', 'iocs.txt line 1, field line: expected address-or-prefix[,port][,protocol], found 4 fields'],
      ['1.2.3.4 # ' + 'x'.repeat(201), 'iocs.txt line 1, field label: label longer than 200 characters'],
    ];
    for (const [text, message] of cases) expect(errorOf(() => parseIndicatorFile(text, 'iocs.txt'))).toEqual({ code: 'SAKIMORI_ERR_INTEL_INDICATOR_FILE', message });
  });

  it('reads JSON arrays of lines or objects, and objects with ipv4/ipv6 lists', () => {
    const json = JSON.stringify(
      { indicators: ['45.32.13.180,443,tcp # C2', { value: '2001:db8:bad::1', label: 'v6 C2', kind: 'watch' }], ipv4: ['5.8.95.174'], ipv6: ['2001:db8:dead::/48'] },
      null,
      2,
    );
    const inputs = parseIndicatorFile(json, 'feed.json', { label: 'MirrorFace' });
    expect(inputs.map((i) => [i.value, i.port, i.protocol, i.label, i.kind])).toEqual([
      ['45.32.13.180', 443, 6, 'C2', undefined],
      ['2001:db8:bad::1', undefined, undefined, 'v6 C2', 'watch'],
      ['5.8.95.174', null, null, 'MirrorFace', undefined],
      ['2001:db8:dead::/48', null, null, 'MirrorFace', undefined],
    ]);
  });

  it('names the line and JSON path of the first error in JSON files', () => {
    const json = '{\n  "ipv4": [\n    "5.8.95.174",\n    "45.32.13.1800"\n  ]\n}\n';
    expect(errorOf(() => parseIndicatorFile(json, 'eset.json'))?.message).toBe('eset.json line 4, field $.ipv4[1] address: not an IPv4 or IPv6 address, or a prefix with host bits set');
    const objects = '[\n  { "value": "45.32.13.180" },\n  {\n    "value": "103.175.16.39",\n    "port": "443"\n  }\n]';
    expect(errorOf(() => parseIndicatorFile(objects, 'o.json'))?.message).toBe('o.json line 3, field $[1].port: port "443" is not an integer 0-65535');
    expect(errorOf(() => parseIndicatorFile('[\n  "1.2.3.4",\n  oops\n]', 'bad.json'))).toMatchObject({
      code: 'SAKIMORI_ERR_INTEL_INDICATOR_FILE',
      message: 'bad.json line 3, field json: not valid JSON: unexpected "o"',
    });
    expect(errorOf(() => parseIndicatorFile('{"sha1": []}', 'x.json'))?.message).toBe(
      'x.json line 1, field $: expected an array of indicators, or an object with "indicators", "ipv4" or "ipv6" arrays',
    );
  });

  it('reads files from disk under a source named after the file, or says why not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakimori-iocs-'));
    writeFileSync(join(dir, 'c2.txt'), '45.32.13.180\n');
    expect(readIndicatorFile(join(dir, 'c2.txt'))).toEqual({ source: 'file:c2.txt', inputs: [{ value: '45.32.13.180', port: null, protocol: null, label: undefined, kind: undefined }] });
    expect(errorOf(() => readIndicatorFile(join(dir, 'missing.txt')))?.code).toBe('SAKIMORI_ERR_INTEL_INDICATOR_FILE_UNREADABLE');
  });
});

describeExternal('indicator files: ESET MirrorFace IOCs', missingFixtures(), () => {
  it("loads the ipv4 list of ESET's published JSON directly, with a label", () => {
    const { source, inputs } = readIndicatorFile(sharedFixture('iocs', 'mirrorface-eset-liberalface.json'), { label: 'MirrorFace C2 (ESET LiberalFace)' });
    expect(source).toBe('file:mirrorface-eset-liberalface.json');
    const set = new IndicatorSet();
    set.replaceSource(source, inputs);
    expect(set.list().map((i) => [i.value, i.label, i.kind])).toEqual([
      ['103.175.16.39', 'MirrorFace C2 (ESET LiberalFace)', 'c2'],
      ['45.32.13.180', 'MirrorFace C2 (ESET LiberalFace)', 'c2'],
      ['5.8.95.174', 'MirrorFace C2 (ESET LiberalFace)', 'c2'],
    ]);
    expect(set.test('45.32.13.180', 8443, 'tcp')?.label).toBe('MirrorFace C2 (ESET LiberalFace)');
  });
});

describe('JSON scanning', () => {
  it('accepts exactly what JSON.parse accepts', async () => {
    const { scanJson } = await import('./json-locate.js');
    const docs = [
      '[]',
      '{}',
      ' [1, -2.5e3, "a\\"b", true, false, null, {"x": [ ]}] ',
      '{"a":1,}',
      '[1,]',
      '[01]',
      '["\\x"]',
      '"\t"',
      '[1 2]',
      '{"a" 1}',
      'nul',
      '[1e]',
      '{"a":{"b":[{"c":"d"}]}}',
      '[] []',
      '',
      '-',
      '[-0.0E+1]',
      '["\\u12g4"]',
    ];
    for (const d of docs) {
      let parses = true;
      try {
        JSON.parse(d);
      } catch {
        parses = false;
      }
      expect(scanJson(d).error === undefined, d).toBe(parses);
    }
  });
});
