import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../../core/errors.js';
import { nodeSha256 } from '../node-crypto.js';
import { formatCheckpoint, parseCheckpoint } from './checkpoint.js';
import { generateSigningKey, signerFromKey, verifierFromKey } from './ed25519.js';
import { openNote, parseVerifierKey, signNote } from './signed-note.js';

// The example key and note of golang.org/x/mod/sumdb/note, the reference implementation.
const SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const NOTE = `${TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isSakimoriError(e) ? e.code : `not a SakimoriError: ${String(e)}`;
  }
  return undefined;
}

describe('signed notes', () => {
  it('signs byte for byte like the Go reference implementation', () => {
    const signer = signerFromKey(SKEY);
    expect(signer.verifierKey).toBe(VKEY);
    expect(signNote(TEXT, [signer])).toBe(NOTE);
  });

  it('verifies the reference note and rejects altered text, signature or key', () => {
    const v = verifierFromKey(VKEY);
    expect(openNote(NOTE, [v])).toEqual({ kind: 'verified', text: TEXT, signedBy: ['PeterNeumann'] });
    expect(openNote(NOTE.replace('problem,', 'problem;'), [v])).toEqual({ kind: 'bad-signature', name: 'PeterNeumann', keyId: 0xc74f20a3 });
    expect(openNote(NOTE.replace('x08go/ZJ', 'x08go/ZK'), [v]).kind).toBe('bad-signature');
    const other = verifierFromKey(signerFromKey(generateSigningKey('PeterNeumann')).verifierKey);
    const opened = openNote(NOTE, [other]);
    expect(opened.kind).toBe('not-signed');
  });

  it('refuses malformed notes and keys with coded errors', () => {
    expect(openNote(TEXT, [verifierFromKey(VKEY)]).kind).toBe('malformed');
    expect(openNote(`${TEXT}\n- PeterNeumann abc=\n`, [verifierFromKey(VKEY)]).kind).toBe('malformed');
    expect(codeOf(() => parseVerifierKey(nodeSha256, VKEY.replace('c74f20a3', 'c74f20a4')))).toBe('SAKIMORI_ERR_AUDIT_KEY_INVALID');
    expect(codeOf(() => parseVerifierKey(nodeSha256, 'PeterNeumann+c74f20a3'))).toBe('SAKIMORI_ERR_AUDIT_KEY_INVALID');
    expect(codeOf(() => signerFromKey(SKEY.replace('AYEK', 'AYEL')))).toBe('SAKIMORI_ERR_AUDIT_KEY_INVALID');
    expect(codeOf(() => generateSigningKey('has space'))).toBe('SAKIMORI_ERR_AUDIT_KEY_INVALID');
  });

  it('round-trips generated keys', () => {
    const signer = signerFromKey(generateSigningKey('sakimori.example/audit'));
    const note = signNote('hello\n', [signer]);
    expect(openNote(note, [verifierFromKey(signer.verifierKey)]).kind).toBe('verified');
  });
});

describe('checkpoints', () => {
  // The example of c2sp.org/tlog-checkpoint.
  const BODY = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

  it('parses and formats the spec example', () => {
    const cp = parseCheckpoint(BODY);
    expect(cp.origin).toBe('example.com/behind-the-sofa');
    expect(cp.size).toBe(20852163);
    expect(formatCheckpoint(cp)).toBe(BODY);
  });

  it.each([
    ['leading zero', BODY.replace('20852163', '020852163')],
    ['negative size', BODY.replace('20852163', '-1')],
    ['short root', BODY.replace('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'CsUYapGG')],
    ['non-canonical base64', BODY.replace('jxq2I=', 'jxq2J=')],
    ['missing root', 'example.com/x\n5\n'],
    ['empty extension', `${BODY}\n`],
  ])('rejects a checkpoint with %s', (_, text) => {
    expect(codeOf(() => parseCheckpoint(text))).toBe('SAKIMORI_ERR_AUDIT_NOTE_MALFORMED');
  });
});
