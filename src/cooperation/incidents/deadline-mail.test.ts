import { beforeEach, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { OrganizationStore } from '../../registry/organization-store.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { type DeadlineMail, deadlineMailer } from './deadline-mail.js';
import type { IncidentDeadlineEvent } from './subjects.js';

describeStorage(
  'incident deadline reminders by e-mail',
  (ctx) => {
    let withContact: string;
    let without: string;
    beforeEach(async () => {
      await ctx.reset();
      const orgs = new OrganizationStore(ctx.db, ctx.clock);
      withContact = (await orgs.create({ name: 'Aozora Airlines', sector: 'aviation', contactEmail: 'soc@aozora.example' })).id;
      without = (await orgs.create({ name: 'Kohaku Bank', sector: 'finance' })).id;
    });
    const event = (organizationId: string, kind: 'due-soon' | 'overdue'): IncidentDeadlineEvent => ({
      kind,
      incidentId: 'inc-1',
      organizationId,
      sector: 'aviation',
      regime: 'jp-act',
      ref: 'written-report',
      dueAt: Date.UTC(2026, 11, 7, 15),
      overdueBySeconds: kind === 'overdue' ? 60 : 0,
    });

    it('mails the organisation’s contact the incident, stage and due time — not the report — and only where there is a contact', async () => {
      const sent: DeadlineMail[] = [];
      const remind = deadlineMailer({ db: ctx.db, logger: silentLogger(), send: async (m) => void sent.push(m) });
      await remind(event(withContact, 'overdue'));
      await remind(event(without, 'due-soon'));
      expect(sent).toEqual([
        {
          key: `inc-1-written-report-${Date.UTC(2026, 11, 7, 15)}-overdue`,
          to: 'soc@aozora.example',
          subject: 'Sakimori: incident inc-1 — the written report is overdue (due 2026-12-07T15:00:00.000Z)',
          text: expect.stringContaining('has not been submitted'),
        },
      ]);
    });

    it('never holds the alert back when the mail fails', async () => {
      const remind = deadlineMailer({ db: ctx.db, logger: silentLogger(), send: async () => Promise.reject(new Error('relay down')) });
      await expect(remind(event(withContact, 'due-soon'))).resolves.toBeUndefined();
    });
  },
  { dialects: ['sqlite'] },
);
