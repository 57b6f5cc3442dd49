/**
 * E-mail reminders of incident deadlines: each deadline alert (`deadline-alerts.ts`, once per
 * deadline and kind) also goes to the reporting organisation's contact, through the notices' outbox
 * and SMTP relay. The mail names the incident, the stage and the due time only — never the report's
 * content. A failed mail is logged and does not hold the alert back: the alert is on the bus and in
 * the console either way.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../storage/database.js';
import type { IncidentDeadlineEvent } from './subjects.js';

/** One reminder to send. */
export interface DeadlineMail {
  readonly key: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Wraps `send` into the alert's side effect: look up the contact, write the reminder, never throw. */
export function deadlineMailer(deps: { readonly db: Kysely<Database>; readonly logger: Logger; readonly send: (mail: DeadlineMail) => Promise<void> }): (e: IncidentDeadlineEvent) => Promise<void> {
  return async (e) => {
    try {
      const org = await deps.db.selectFrom('organizations').select(['name', 'contact_email']).where('id', '=', e.organizationId).executeTakeFirst();
      if (org?.contact_email === null || org?.contact_email === undefined) return;
      const due = new Date(e.dueAt).toISOString();
      const stage = e.ref.replaceAll('-', ' ');
      const what = e.ref.startsWith('order:') ? 'the answer to a correction order' : `the ${stage.endsWith('report') ? stage : `${stage} report`}`;
      const subject = e.kind === 'overdue' ? `Sakimori: incident ${e.incidentId} — ${what} is overdue (due ${due})` : `Sakimori: incident ${e.incidentId} — ${what} is due ${due}`;
      const text = `${org.name}: ${what} of incident ${e.incidentId} under ${e.regime} ${e.kind === 'overdue' ? `was due ${due} and has not been submitted` : `is due ${due}`}.\nSubmit it on the Incidents page of Sakimori.\n`;
      await deps.send({ key: `${e.incidentId}-${e.ref}-${e.dueAt}-${e.kind}`, to: org.contact_email, subject, text });
    } catch (err) {
      deps.logger.warn({ err, incident: e.incidentId }, 'incident deadline reminder could not be mailed');
    }
  };
}
