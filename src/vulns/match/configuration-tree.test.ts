import { describe, expect, it } from 'vitest';
import type { ConfigurationMatch, CriterionMatch } from './finding.js';
import { createExposureIndex } from './exposure-index.js';
import { realVersions } from './testing/comparator.js';
import { findingsOf, match } from './testing/match.js';
import { configuration, cpe, criterion, node, nvdRecord, platform, runningOn } from './testing/records.js';

const FIRMWARE = cpe('o', 'acme', 'cam_firmware');
const FIRMWARE_200 = cpe('o', 'acme', 'cam_firmware', '2.0.0');
const X1 = cpe('h', 'acme', 'cam_x1', '-');
const X2 = cpe('h', 'acme', 'cam_x2', '-');
const FIRMWARE_CRITERION = criterion(FIRMWARE, { endIncluding: '2.1.0' });
const FIRMWARE_MATCH: CriterionMatch = { node: 0, index: 0, criterion: FIRMWARE_CRITERION, cpe: FIRMWARE_200, version: { version: '2.0.0', scheme: 'generic' } };
/** "Firmware ≤ 2.1.0 (vulnerable) running on camera X1 or X2 (not vulnerable)", as NVD writes hardware-bound firmware. */
const CAMERA = nvdRecord('CVE-2024-0001', [runningOn([FIRMWARE_CRITERION], [platform(X1), platform(X2)])]);

describe('platforms (vulnerable: false)', () => {
  it('confirms firmware on the required hardware, naming the platform present', () => {
    const why = 'cam_firmware 2.0.0 is in (*, 2.1.0] of cpe:2.3:o:acme:cam_firmware:*:… running on cpe:2.3:h:acme:cam_x2:-:… (configuration 1, node 1)';
    const matches: ConfigurationMatch[] = [
      { basis: 'nvd-configuration', configuration: 0, certainty: 'confirmed', matched: [FIRMWARE_MATCH], platforms: [{ node: 1, index: 1, criterion: platform(X2), cpe: X2 }], unstatedNodes: [], why },
    ];
    expect(findingsOf([FIRMWARE_200, X2], CAMERA)).toEqual([{ recordId: 'CVE-2024-0001', assetRef: 0, certainty: 'confirmed', basis: 'nvd-configuration', why, matches }]);
  });

  it('gives firmware whose hardware the asset does not name as platform-unstated, for a person to check', () => {
    const why = 'cam_firmware 2.0.0 is in (*, 2.1.0] of cpe:2.3:o:acme:cam_firmware:*:… (configuration 1, node 1); platform not stated: node 2 needs cpe:2.3:h:acme:cam_x1:-:… or 1 more';
    const matches: ConfigurationMatch[] = [{ basis: 'nvd-configuration', configuration: 0, certainty: 'platform-unstated', matched: [FIRMWARE_MATCH], platforms: [], unstatedNodes: [1], why }];
    expect(findingsOf([FIRMWARE_200], CAMERA)).toEqual([{ recordId: 'CVE-2024-0001', assetRef: 0, certainty: 'platform-unstated', basis: 'nvd-configuration', why, matches }]);
    // Naming an application beside the firmware states no hardware either.
    expect(findingsOf([FIRMWARE_200, cpe('a', 'acme', 'viewer', '1.0')], CAMERA).map((f) => f.certainty)).toEqual(['platform-unstated']);
  });

  it('finds nothing for the same firmware on other hardware (Dependency-Track 5070)', () => {
    expect(findingsOf([FIRMWARE_200, cpe('h', 'acme', 'cam_y9', '-')], CAMERA)).toEqual([]);
  });

  it('finds nothing for firmware outside the bounds, on the right hardware or none', () => {
    expect(findingsOf([cpe('o', 'acme', 'cam_firmware', '2.2.0'), X1], CAMERA)).toEqual([]);
    expect(findingsOf([cpe('o', 'acme', 'cam_firmware', '2.2.0')], CAMERA)).toEqual([]);
  });

  it('never makes a finding of a platform alone', () => {
    expect(findingsOf([X1], CAMERA)).toEqual([]);
    const platformsOnly = nvdRecord('CVE-2024-0004', [configuration('OR', [node('OR', [platform(X1)])])]);
    expect(findingsOf([X1], platformsOnly)).toEqual([]);
    // An OR node mixing both: the platform satisfied, the vulnerable product absent.
    const mixed = nvdRecord('CVE-2024-0005', [configuration('OR', [node('OR', [FIRMWARE_CRITERION, platform(X1)])])]);
    expect(findingsOf([X1], mixed)).toEqual([]);
    expect(findingsOf([FIRMWARE_200], mixed).map((f) => f.why)).toEqual(['cam_firmware 2.0.0 is in (*, 2.1.0] of cpe:2.3:o:acme:cam_firmware:*:… (configuration 1, node 1)']);
  });
});

describe('operators and negation', () => {
  const LIB = criterion(cpe('a', 'acme', 'lib'), { endExcluding: '2.0' });
  const TOOL = criterion(cpe('a', 'acme', 'tool'), { endExcluding: '5.0' });
  const LIB_1 = cpe('a', 'acme', 'lib', '1.0');
  const TOOL_4 = cpe('a', 'acme', 'tool', '4.0');

  it('needs one criterion of an OR node and every criterion of an AND node', () => {
    const or = nvdRecord('CVE-2024-0010', [configuration('OR', [node('OR', [LIB, TOOL])])]);
    const and = nvdRecord('CVE-2024-0011', [configuration('OR', [node('AND', [LIB, TOOL])])]);
    expect(findingsOf([TOOL_4], or, and).map((f) => [f.recordId, f.why])).toEqual([['CVE-2024-0010', 'tool 4.0 is in (*, 5.0) of cpe:2.3:a:acme:tool:*:… (configuration 1, node 1)']]);
    const both = findingsOf([LIB_1, TOOL_4], or, and);
    expect(both.map((f) => f.recordId)).toEqual(['CVE-2024-0010', 'CVE-2024-0011']);
    const why = 'lib 1.0 is in (*, 2.0) of cpe:2.3:a:acme:lib:*:… (configuration 1, node 1)';
    const version = (v: string) => ({ version: v, scheme: 'generic' as const });
    expect(both[1]).toEqual({
      recordId: 'CVE-2024-0011',
      assetRef: 0,
      certainty: 'confirmed',
      basis: 'nvd-configuration',
      why,
      matches: [
        {
          basis: 'nvd-configuration',
          configuration: 0,
          certainty: 'confirmed',
          matched: [
            { node: 0, index: 0, criterion: LIB, cpe: LIB_1, version: version('1.0') },
            { node: 0, index: 1, criterion: TOOL, cpe: TOOL_4, version: version('4.0') },
          ],
          platforms: [],
          unstatedNodes: [],
          why,
        },
      ],
    });
  });

  it('needs every node of an AND configuration', () => {
    const record = nvdRecord('CVE-2024-0012', [configuration('AND', [node('OR', [LIB]), node('OR', [TOOL])])]);
    expect(findingsOf([LIB_1], record)).toEqual([]);
    expect(findingsOf([LIB_1, TOOL_4], record).map((f) => f.why)).toEqual(['lib 1.0 is in (*, 2.0) of cpe:2.3:a:acme:lib:*:… (configuration 1, node 1)']);
  });

  it('inverts a negated node: the library, except on the operating system the node names', () => {
    const windows = cpe('o', 'microsoft', 'windows');
    const record = nvdRecord('CVE-2024-0013', [configuration('AND', [node('OR', [LIB]), node('OR', [platform(windows)], true)])]);
    expect(findingsOf([LIB_1, cpe('o', 'linux', 'linux_kernel', '6.1')], record).map((f) => f.certainty)).toEqual(['confirmed']);
    expect(findingsOf([LIB_1, cpe('o', 'microsoft', 'windows', '11')], record)).toEqual([]);
    // No operating system named: "not on Windows" cannot be known, and assuming one cannot make it hold.
    expect(match([{ ref: 0, cpes: [LIB_1] }], [record])).toEqual({ findings: [], undecided: [] });
  });

  it('never turns an undecided comparison into a finding through negation (three-valued logic)', () => {
    const record = nvdRecord('CVE-2024-0014', [configuration('AND', [node('OR', [LIB]), node('OR', [criterion(cpe('a', 'acme', 'lib'), { endExcluding: '1..5' })], true)])]);
    expect(findingsOf([LIB_1], record)).toEqual([]);
  });

  it('gives one finding per record and asset, listing every configuration that applies', () => {
    const record = nvdRecord('CVE-2024-0015', [configuration('OR', [node('OR', [LIB])]), configuration('OR', [node('OR', [criterion(cpe('a', 'acme', 'other'))])]), runningOn([TOOL], [platform(X1)])]);
    const findings = findingsOf([LIB_1, TOOL_4], record);
    expect(findings.map((f) => [f.certainty, f.why])).toEqual([['confirmed', 'lib 1.0 is in (*, 2.0) of cpe:2.3:a:acme:lib:*:… (configuration 1, node 1)']]);
    expect(findings[0]?.matches.map((m) => [m.basis, m.basis === 'nvd-configuration' ? m.configuration : -1, m.certainty])).toEqual([
      ['nvd-configuration', 0, 'confirmed'],
      ['nvd-configuration', 2, 'platform-unstated'],
    ]);
  });
});

describe('malformed criteria', () => {
  it('are reported when the record is put and never match', () => {
    const index = createExposureIndex(realVersions);
    const record = nvdRecord('CVE-2024-0016', [configuration('OR', [node('OR', [criterion('cpe:2.3:a:acme'), criterion(cpe('a', 'acme', 'lib'))])])]);
    expect(index.putRecord(record)).toEqual({
      malformed: [{ recordId: 'CVE-2024-0016', where: 'configuration 1, node 1, criterion 1', text: 'cpe:2.3:a:acme', problem: expect.stringMatching(/too few components/) }],
    });
    expect(index.putAsset({ ref: 0, cpes: [cpe('a', 'acme', 'lib', '1.0')] })).toEqual({ ok: true, value: undefined });
    expect(index.findingsForAsset(0).map((f) => f.why)).toEqual(['lib 1.0 matches cpe:2.3:a:acme:lib:*:… (configuration 1, node 1)']);
  });
});
