/**
 * A plain e-mail sender for heads-ups outside countermeasures (an advisory published to an
 * operator, say): the message is written to the outbox as an `.eml` file first, then handed to the
 * SMTP relay when one is configured — the same path notices take, so an operator of the platform
 * finds every mail it sent in one place.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-file.js';
import { renderMime } from './mime.js';
import { slug } from './outbox.js';
import { sendMail, type SmtpOptions } from './smtp-client.js';

/** One plain-text mail. `key` names its file in the outbox (`<folder>/<key>.eml`) and makes a retry overwrite, not duplicate. */
export interface PlainMail {
  readonly folder: string;
  readonly key: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Creates the sender over the notices' outbox and relay. */
export function createMailer(o: { readonly outboxDir: string; readonly from: string; readonly smtp?: SmtpOptions | undefined; readonly now: () => number }): (mail: PlainMail) => Promise<void> {
  return async (mail) => {
    const now = o.now();
    const message = renderMime(
      {
        from: o.from,
        to: [mail.to],
        subject: mail.subject,
        dateMs: now,
        messageId: `${slug(mail.key)}.${now}@sakimori.invalid`,
        multipart: 'mixed',
        parts: [{ contentType: 'text/plain; charset=utf-8', body: mail.text }],
      },
      mail.key,
    );
    await writeFileAtomic(join(o.outboxDir, slug(mail.folder), `${slug(mail.key)}.eml`), message);
    if (o.smtp !== undefined) await sendMail(o.smtp, o.from, [mail.to], message);
  };
}
