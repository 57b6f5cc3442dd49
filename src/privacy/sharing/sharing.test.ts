import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { formatIPv4, parseIPv4 } from '../../core/ip.js';
import { startTestLog } from '../../oversight/audit/testing/fixtures.js';
import { oversightConfig } from '../../oversight/testing/oversight-config.js';
import { auditEntries, auditText } from '../../oversight/testing/fixtures.js';
import { nodeAes128 } from '../cryptopan/aes-node.js';
import { CryptoPan } from '../cryptopan/crypto-pan.js';
import { CryptoPanKeyring } from '../cryptopan/keyring.js';
import { loadPartnerKeyring } from './partner-keys.js';
import { pseudonymiseDataset } from './pseudonymise-dataset.js';
import { shareDataset } from './share-dataset.js';

const K1 = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const K2 = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);
const KX = Uint8Array.from({ length: 32 }, (_, i) => (i * 37) & 255);
const JAN = Date.UTC(2026, 0, 1);
const JUL = Date.UTC(2026, 6, 1);

function keyring(): CryptoPanKeyring {
  const ring = new CryptoPanKeyring(nodeAes128);
  ring.add({ partner: 'cert-kr', keyId: 'k1', key: K1, validFrom: JAN });
  ring.add({ partner: 'cert-kr', keyId: 'k2', key: K2, validFrom: JUL });
  ring.add({ partner: 'isp-a', keyId: 'x1', key: KX, validFrom: JAN });
  return ring;
}

const attackers = [
  { source: '100.64.1.2', prefix: '100.64.1.0/24', related: ['100.64.1.99', '2001:db8:f000::1'], vector: 'syn', packets: 120_000 },
  { source: '2001:db8:f000::abcd', prefix: '2001:db8:f000::/48', related: [], vector: 'udp', packets: 9 },
  { source: '100.96.3.3', prefix: null, related: null, vector: 'dns_amplification', packets: 7 },
];

const shared24 = (a: string, b: string): boolean => parseIPv4(a) >>> 8 === parseIPv4(b) >>> 8;

describe('pseudonymised sharing', () => {
  it('replaces only the address columns, prefix-preserving, with the partner’s key in force', () => {
    const out = pseudonymiseDataset(attackers, keyring(), { partner: 'cert-kr', at: Date.UTC(2026, 2, 1), columns: ['source', 'prefix', 'related'] });
    expect([out.keyId, out.validFrom]).toEqual(['k1', JAN]);
    const pan = new CryptoPan(K1, nodeAes128);
    const [a, b, c] = out.rows as typeof attackers;
    expect(a!.source).toBe(formatIPv4(pan.anonymizeV4(parseIPv4('100.64.1.2'))));
    expect(a!.source).not.toBe('100.64.1.2');
    expect(shared24(a!.source, a!.related![0]!)).toBe(true);
    expect(a!.prefix).toMatch(/\/24$/);
    expect(shared24(a!.source, a!.prefix!.split('/')[0]!)).toBe(true);
    expect(a!.prefix!.split('/')[0]!.endsWith('.0')).toBe(true);
    expect(b!.prefix).toMatch(/::\/48$/);
    expect(b!.source.startsWith(b!.prefix!.split('::')[0]!)).toBe(true);
    expect([a!.vector, a!.packets, c!.prefix, c!.related]).toEqual(['syn', 120_000, null, null]);
    expect(attackers[0]!.source).toBe('100.64.1.2'); // the input is not modified
  });

  it('honours rotation dates and keeps partners apart', () => {
    const ring = keyring();
    const march = pseudonymiseDataset(attackers, ring, { partner: 'cert-kr', at: Date.UTC(2026, 2, 1), columns: ['source'] });
    const august = pseudonymiseDataset(attackers, ring, { partner: 'cert-kr', at: Date.UTC(2026, 7, 1), columns: ['source'] });
    const other = pseudonymiseDataset(attackers, ring, { partner: 'isp-a', at: Date.UTC(2026, 7, 1), columns: ['source'] });
    expect([march.keyId, august.keyId, other.keyId]).toEqual(['k1', 'k2', 'x1']);
    expect(august.rows[0]!.source).toBe(formatIPv4(new CryptoPan(K2, nodeAes128).anonymizeV4(parseIPv4('100.64.1.2'))));
    expect(new Set([march.rows[0]!.source, august.rows[0]!.source, other.rows[0]!.source]).size).toBe(3);
    expect(ring.byId('cert-kr', 'k1').pan.anonymizeV4(parseIPv4('100.64.1.2'))).toBe(parseIPv4(march.rows[0]!.source));
    let e: unknown;
    try {
      pseudonymiseDataset(attackers, ring, { partner: 'cert-kr', at: Date.UTC(2025, 11, 31), columns: ['source'] });
    } catch (x) {
      e = x;
    }
    expect(isSakimoriError(e, 'SAKIMORI_ERR_CRYPTOPAN_NO_KEY')).toBe(true);
  });

  it('refuses a value that is not an address, naming column and row', () => {
    let e: unknown;
    try {
      pseudonymiseDataset([...attackers, { source: 'mail.example', prefix: null, related: null, vector: 'x', packets: 1 }], keyring(), { partner: 'isp-a', at: JUL, columns: ['source'] });
    } catch (x) {
      e = x;
    }
    expect(isSakimoriError(e, 'SAKIMORI_ERR_SHARING_NOT_ADDRESS')).toBe(true);
    expect((e as Error).message).toBe('column source of row 3 is not an IP address or prefix');
  });

  it('audits the share with the partner and key id, and no address', async () => {
    const { log, store } = await startTestLog();
    await shareDataset(attackers, keyring(), { partner: 'cert-kr', at: JUL, columns: ['source', 'prefix', 'related'], dataset: 'attackers-01JTEST' }, log, {
      kind: 'user',
      id: 'usr_analyst',
      role: 'nco_analyst',
    });
    const [entry] = await auditEntries(store);
    expect(entry).toMatchObject({
      action: 'data.share',
      subjects: [
        { type: 'partner', id: 'cert-kr' },
        { type: 'dataset', id: 'attackers-01JTEST' },
      ],
      details: { key_id: 'k2', rows: 3 },
    });
    expect(await auditText(store)).not.toMatch(/100\.64|2001:db8/);
  });
});

describe('partner key files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sakimori-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads keys with their rotation dates and refuses files others can read', async () => {
    writeFileSync(join(dir, 'k1.key'), `${Buffer.from(K1).toString('hex')}\n`, { mode: 0o600 });
    writeFileSync(join(dir, 'k2.key'), Buffer.from(K2).toString('hex'), { mode: 0o600 });
    const config = oversightConfig({
      sharing: {
        partners: [
          {
            partner: 'cert-kr',
            keys: [
              { id: 'k1', file: 'k1.key', validFrom: '2026-01-01T00:00:00Z' },
              { id: 'k2', file: join(dir, 'k2.key'), validFrom: '2026-07-01T00:00:00+09:00' },
            ],
          },
        ],
      },
    }).sharing;
    const ring = await loadPartnerKeyring(config, dir);
    expect(ring.schedule('cert-kr')).toEqual([
      { keyId: 'k1', validFrom: JAN },
      { keyId: 'k2', validFrom: JUL - 9 * 3_600_000 },
    ]);
    chmodSync(join(dir, 'k2.key'), 0o644);
    const e = await loadPartnerKeyring(config, dir).catch((x: unknown) => x);
    expect(isSakimoriError(e, 'SAKIMORI_ERR_SHARING_KEY_FILE')).toBe(true);
    expect((e as Error).message).toMatch(/k2\.key: readable by other users \(mode 644\)/);
  });
});
