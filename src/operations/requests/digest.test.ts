import { describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../oversight/audit/node-crypto.js';
import { normaliseAction } from '../catalogue/action.js';
import { actionDigest, digestDocument, type DigestedAction } from './digest.js';

const base = (action: unknown, durationSeconds: number | null = 3600): DigestedAction => ({ requestId: 'R1', caseId: 'C1', path: 'prior', action: normaliseAction(action), durationSeconds });
const flow = (sources: string[], treatment: unknown = { kind: 'discard' }) => ({ mechanism: 'flowspec', match: { kind: 'sources', sources, destination: '192.0.2.7' }, treatment });

describe('action digest', () => {
  it('is SHA-256 over the RFC 8785 canonical document', () => {
    const d = base({ mechanism: 'rtbh', victim: '192.0.2.7' });
    expect(digestDocument(d)).toBe('{"action":{"mechanism":"rtbh","victim":"192.0.2.7"},"case":"C1","durationSeconds":3600,"mechanism":"rtbh","path":"prior","request":"R1","v":1}');
    expect(actionDigest(d, nodeSha256)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is equal for different spellings of the same action', () => {
    const a = actionDigest(base(flow(['100.64.0.2', '100.64.0.1/32'])), nodeSha256);
    const b = actionDigest(base(flow(['100.64.0.1', '100.64.0.2', '100.64.0.1'])), nodeSha256);
    expect(a).toBe(b);
  });

  it('changes with any target, parameter, duration, mechanism, path or request', () => {
    const ref = actionDigest(base(flow(['100.64.0.1'])), nodeSha256);
    const variants = [
      base(flow(['100.64.0.1', '100.64.0.2'])),
      base(flow(['100.64.0.3'])),
      base(flow(['100.64.0.1'], { kind: 'rate_limit', bytesPerSecond: 1000 })),
      base(flow(['100.64.0.1']), 3601),
      { ...base(flow(['100.64.0.1'])), path: 'emergency' as const },
      { ...base(flow(['100.64.0.1'])), requestId: 'R2' },
      base({ mechanism: 'blocklist', prefixes: ['100.64.0.1'] }),
    ];
    const digests = variants.map((v) => actionDigest(v, nodeSha256));
    expect(new Set([ref, ...digests]).size).toBe(variants.length + 1);
  });
});
