import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createMailer } from './mailer.js';

it('writes a plain mail to the outbox as an .eml file, and a retry overwrites it instead of adding one', async () => {
  const outbox = mkdtempSync(join(tmpdir(), 'sakimori-outbox-'));
  const mail = createMailer({ outboxDir: outbox, from: 'desk@sakimori.invalid', now: () => Date.UTC(2026, 11, 6) });
  const m = { folder: 'incident-deadlines', key: 'inc-1-written-report-due-soon', to: 'soc@aozora.example', subject: '報告期限のお知らせ', text: 'Submit it on the Incidents page.\n' };
  await mail(m);
  await mail(m);
  const files = readdirSync(join(outbox, 'incident-deadlines'));
  expect(files).toEqual(['inc-1-written-report-due-soon.eml']);
  const eml = readFileSync(join(outbox, 'incident-deadlines', files[0] ?? ''), 'utf8');
  expect(eml).toContain('To: soc@aozora.example');
  expect(eml).toContain('From: desk@sakimori.invalid');
  expect(eml).toContain('Subject: =?UTF-8?');
  expect(eml).toContain('Submit it on the Incidents page.');
});
