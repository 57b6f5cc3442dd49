import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.js';
import { normaliseAction, type ActionOf } from '../../catalogue/action.js';
import type { ExecutionContext } from '../../execution/executor.js';
import { MemoryAttackLookup } from '../../testing/memory-attacks.js';
import { SmtpSink } from '../../testing/smtp-sink.js';
import { createIspNoticeExecutor } from '../isp-notice/isp-notice-executor.js';
import { createAbuseNoticeExecutor } from './abuse-notice-executor.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const clock = new ManualClock(Date.UTC(2026, 0, 3, 9, 0, 0));
const OWNERS = [
  { prefix: '100.64.0.0/11', name: 'Hoshi Broadband', abuseEmail: 'abuse@hoshi.example', asn: 64601, country: 'ZZ' },
  { prefix: '100.64.8.0/21', name: 'Tsuki Cable', abuseEmail: 'abuse@tsuki.example', asn: 64602 },
];

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sakimori-outbox-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

function ctx<M extends 'abuse_notice' | 'isp_notice'>(action: unknown, attempt = 1): ExecutionContext<M> {
  return { executionId: 'E1', requestId: 'R1', caseId: 'C1', action: normaliseAction(action) as ActionOf<M>, startedAt: clock.now(), expiresAt: null, attempt, finalAttempt: attempt >= 2 };
}

/** The MIME parts of a multipart message: headers and body of each. */
function parts(message: string): { headers: string; body: string }[] {
  const boundary = /boundary="([^"]+)"/.exec(message)![1]!;
  return message
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((p) => {
      // The CRLF before a boundary belongs to the boundary (RFC 2046 §5.1.1).
      const [headers, ...body] = p.replace(/^\r\n/, '').replace(/\r\n$/, '').split('\r\n\r\n');
      return { headers: headers!, body: body.join('\r\n\r\n') };
    });
}

describe('abuse-notice executor', () => {
  it('writes one ARF-style report per network owner and sends it to the loopback relay', async () => {
    const outbox = dir();
    const sink = await SmtpSink.start();
    cleanups.push(() => sink.close());
    const attacks = new MemoryAttackLookup();
    attacks.add({ id: 'A1', target: '192.0.2.7', organizationId: 'aozora', vectors: [{ vector: 'reflection', service: 'dns', port: 53, share: 1 }] }, [
      '100.64.0.1',
      '100.64.0.2',
      '100.64.9.9',
      '172.16.5.5',
    ]);
    const ex = createAbuseNoticeExecutor({
      attacks,
      owners: OWNERS,
      reporter: 'Sakimori NCO',
      clock,
      delivery: { outboxDir: outbox, from: 'abuse-desk@sakimori.invalid', smtp: { host: '127.0.0.1', port: sink.port, heloName: 'sakimori.test', timeoutMs: 2000 } },
    });
    const updates = await ex.apply(ctx({ mechanism: 'abuse_notice', attackId: 'A1', sources: ['100.64.0.1', '100.64.0.2', '100.64.9.9', '172.16.5.5'] }));
    expect(updates).toEqual([
      { executionId: 'E1', ruleKey: 'notice abuse@hoshi.example', peer: 'outbox', state: 'active' },
      { executionId: 'E1', ruleKey: 'notice abuse@tsuki.example', peer: 'outbox', state: 'active' },
      { executionId: 'E1', ruleKey: 'notice abuse@hoshi.example', peer: 'smtp', state: 'active' },
      { executionId: 'E1', ruleKey: 'notice abuse@tsuki.example', peer: 'smtp', state: 'active' },
      { executionId: 'E1', ruleKey: 'unresolved 172.16.5.5', peer: 'outbox', state: 'failed', error: 'no abuse contact known for this source' },
    ]);
    expect(readdirSync(join(outbox, 'R1'))).toEqual(['001-abuse_hoshi.example.eml', '002-abuse_tsuki.example.eml']);
    const hoshi = readFileSync(join(outbox, 'R1', '001-abuse_hoshi.example.eml'), 'utf8');
    expect(hoshi).toMatch(/^From: abuse-desk@sakimori\.invalid\r\nTo: abuse@hoshi\.example\r\n/);
    expect(hoshi).toContain('Content-Type: multipart/report; report-type=feedback-report; boundary=');
    const [human, report, csv] = parts(hoshi);
    expect(human!.headers).toContain('Content-Type: text/plain; charset=utf-8');
    expect(human!.body).toContain('observed 2 host(s) in your network (AS64601)');
    expect(human!.body).toContain('Attack vectors: reflection (dns, UDP source port 53).');
    expect(human!.body).not.toContain('192.0.2.7'); // the victim is not the owner's business
    expect(report!.headers).toContain('Content-Type: message/feedback-report');
    expect(report!.body).toBe('Feedback-Type: other\r\nUser-Agent: Sakimori/0.1.0\r\nVersion: 1\r\nArrival-Date: Thu, 01 Jan 2026 00:00:00 +0000\r\nIncidents: 2\r\n');
    expect(csv!.headers).toContain('Content-Disposition: attachment; filename="sources.csv"');
    expect(csv!.body).toBe(
      'source,first_seen,last_seen,packets,bytes,vectors\r\n100.64.0.1,2026-01-01T00:00:00.000Z,2026-01-01T00:01:00.000Z,100,6000,syn_flood\r\n100.64.0.2,2026-01-01T00:00:00.000Z,2026-01-01T00:01:00.000Z,100,6000,syn_flood\r\n',
    );
    // One source: Source-IP, which RFC 5965 allows once per report, is given.
    expect(readFileSync(join(outbox, 'R1', '002-abuse_tsuki.example.eml'), 'utf8')).toContain('Source-IP: 100.64.9.9\r\nIncidents: 1');
    expect(sink.messages.map((m) => m.to)).toEqual([['abuse@hoshi.example'], ['abuse@tsuki.example']]);
    expect(sink.messages[0]!.data).toBe(hoshi);
  });

  it('retries a refused delivery without sending twice, then reports it failed', async () => {
    const outbox = dir();
    const sink = await SmtpSink.start();
    cleanups.push(() => sink.close());
    sink.refuse.add('abuse@tsuki.example');
    const attacks = new MemoryAttackLookup();
    attacks.add({ id: 'A1', target: '192.0.2.7', organizationId: 'aozora' }, ['100.64.0.1', '100.64.9.9']);
    const ex = createAbuseNoticeExecutor({
      attacks,
      owners: OWNERS,
      reporter: 'Sakimori NCO',
      clock,
      delivery: { outboxDir: outbox, from: 'abuse-desk@sakimori.invalid', smtp: { host: '127.0.0.1', port: sink.port, heloName: 'sakimori.test', timeoutMs: 2000 } },
    });
    const action = { mechanism: 'abuse_notice', attackId: 'A1', sources: ['100.64.0.1', '100.64.9.9'] };
    await expect(ex.apply(ctx(action, 1))).rejects.toThrow(/550 no such user/);
    const final = await ex.apply(ctx(action, 2));
    expect(final.filter((u) => u.peer === 'smtp')).toEqual([
      { executionId: 'E1', ruleKey: 'notice abuse@hoshi.example', peer: 'smtp', state: 'active' },
      { executionId: 'E1', ruleKey: 'notice abuse@tsuki.example', peer: 'smtp', state: 'failed', error: 'SMTP delivery failed: RCPT TO abuse@tsuki.example: 550 no such user' },
    ]);
    expect(sink.messages.map((m) => m.to[0])).toEqual(['abuse@hoshi.example']);
  });
});

describe('ISP-notice executor', () => {
  it("writes the notice of infected customers to the ISP's security contact, with the hosts as CSV", async () => {
    const outbox = dir();
    const ex = createIspNoticeExecutor({
      organizations: { get: async (id) => (id === 'kumo' ? { name: 'Kumo Mobile', contactEmail: 'abuse@kumo.example' } : id === 'hikari' ? { name: 'Hikari Power', contactEmail: null } : undefined) },
      delivery: { outboxDir: outbox, from: 'abuse-desk@sakimori.invalid' },
      reporter: 'Sakimori NCO',
      clock,
    });
    const hosts = [
      { address: '198.18.1.20', evidence: 'outbound SYN flood, 40 kpps', detectedAt: Date.UTC(2026, 0, 2) },
      { address: '198.18.0.9', evidence: 'traffic to MirrorFace C2, "LODEINFO"', detectedAt: Date.UTC(2026, 0, 2, 1) },
    ];
    expect(await ex.apply(ctx({ mechanism: 'isp_notice', organizationId: 'kumo', hosts }))).toEqual([{ executionId: 'E1', ruleKey: 'notice kumo', peer: 'outbox', state: 'active' }]);
    const mail = readFileSync(join(outbox, 'R1', '001-abuse_kumo.example.eml'), 'utf8');
    expect(mail).toContain('To: abuse@kumo.example\r\n');
    expect(parts(mail)[1]!.body).toBe(
      'address,evidence,detected_at\r\n198.18.0.9,"traffic to MirrorFace C2, ""LODEINFO""",2026-01-02T01:00:00.000Z\r\n198.18.1.20,"outbound SYN flood, 40 kpps",2026-01-02T00:00:00.000Z\r\n',
    );
    expect(await ex.apply(ctx({ mechanism: 'isp_notice', organizationId: 'hikari', hosts }))).toEqual([
      { executionId: 'E1', ruleKey: 'notice hikari', peer: 'outbox', state: 'failed', error: 'organisation has no contact e-mail' },
    ]);
  });
});
