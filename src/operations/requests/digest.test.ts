import { describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../oversight/audit/node-crypto.js';
import { normaliseAction } from '../catalogue/action.js';
import { actionDocumentV1, digestDocument, digestDocumentOf, requestDigest, type DigestedRequest } from './digest.js';
import type { CountermeasureRequest } from './request.js';

const base = (action: unknown, durationSeconds: number | null = 3600): DigestedRequest => ({
  requestId: 'R1',
  caseId: 'C1',
  path: 'prior',
  action: normaliseAction(action),
  durationSeconds,
  revision: 1,
  justification: 'Botnet flood',
  harm: { life: 'none', body: 'none', property: 'low', notes: null },
  urgency: 'urgent',
  evidence: [{ kind: 'attack', ref: 'A1' }],
  abroad: false,
  requestedBy: 'officer-sato',
});
const flow = (sources: string[], treatment: unknown = { kind: 'discard' }) => ({ mechanism: 'flowspec', match: { kind: 'sources', sources, destination: '192.0.2.7' }, treatment });

describe('request digest', () => {
  it('is SHA-256 over the RFC 8785 canonical document of the whole revision', () => {
    const d = base({ mechanism: 'rtbh', victim: '192.0.2.7' });
    expect(digestDocument(d)).toBe(
      '{"abroad":false,"action":{"mechanism":"rtbh","victim":"192.0.2.7"},"case":"C1","durationSeconds":3600,"evidence":[{"kind":"attack","ref":"A1"}],"harm":{"body":"none","life":"none","notes":null,"property":"low"},"justification":"Botnet flood","mechanism":"rtbh","path":"prior","request":"R1","requestedBy":"officer-sato","revision":1,"urgency":"urgent","v":2}',
    );
    expect(requestDigest(d, nodeSha256)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is equal for different spellings of the same action', () => {
    const a = requestDigest(base(flow(['100.64.0.2', '100.64.0.1/32'])), nodeSha256);
    const b = requestDigest(base(flow(['100.64.0.1', '100.64.0.2', '100.64.0.1'])), nodeSha256);
    expect(a).toBe(b);
  });

  it('changes with any target, parameter, duration, mechanism, path, request, revision or what the members read', () => {
    const ref = requestDigest(base(flow(['100.64.0.1'])), nodeSha256);
    const b = base(flow(['100.64.0.1']));
    const variants: DigestedRequest[] = [
      base(flow(['100.64.0.1', '100.64.0.2'])),
      base(flow(['100.64.0.3'])),
      base(flow(['100.64.0.1'], { kind: 'rate_limit', bytesPerSecond: 1000 })),
      base(flow(['100.64.0.1']), 3601),
      { ...b, path: 'emergency' },
      { ...b, requestId: 'R2' },
      base({ mechanism: 'blocklist', prefixes: ['100.64.0.1'] }),
      // An amendment that keeps the action is still a new revision: earlier votes are void.
      { ...b, revision: 2 },
      { ...b, justification: 'Botnet flood, sources confirmed' },
      { ...b, harm: { ...b.harm, property: 'none' } },
      { ...b, harm: { ...b.harm, notes: 'collateral checked' } },
      { ...b, urgency: 'immediate' },
      { ...b, evidence: [...b.evidence, { kind: 'attacker_list', ref: 'A1' }] },
      { ...b, abroad: true },
      { ...b, requestedBy: 'officer-ito' },
    ];
    const digests = variants.map((v) => requestDigest(v, nodeSha256));
    expect(new Set([ref, ...digests]).size).toBe(variants.length + 1);
  });

  it('shows a request filed under version 1 the document its stored digest covers', () => {
    const d = base({ mechanism: 'rtbh', victim: '192.0.2.7' });
    const v1 = actionDocumentV1(d);
    expect(v1).toBe('{"action":{"mechanism":"rtbh","victim":"192.0.2.7"},"case":"C1","durationSeconds":3600,"mechanism":"rtbh","path":"prior","request":"R1","v":1}');
    const hex = Buffer.from(nodeSha256(new TextEncoder().encode(v1))).toString('hex');
    const stored = { ...d, id: 'R1', digest: hex } as unknown as CountermeasureRequest;
    expect(digestDocumentOf(stored, nodeSha256)).toBe(v1);
    const current = { ...d, id: 'R1', digest: requestDigest(d, nodeSha256) } as unknown as CountermeasureRequest;
    expect(digestDocumentOf(current, nodeSha256)).toBe(digestDocument(d));
  });
});
