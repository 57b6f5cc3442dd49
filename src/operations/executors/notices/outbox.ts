/**
 * Delivery of notices: every notice is first written to the outbox directory as an `.eml` file
 * (atomically), so it exists and can be inspected or sent by hand whatever happens next; then,
 * when an SMTP relay is configured, it is handed to it.
 */
import { join } from 'node:path';
import type { TargetUpdate } from '../../execution/execution.js';
import { writeFileAtomic } from '../files/atomic-file.js';
import { sendMail, type SmtpOptions } from './smtp-client.js';

/** Peer name of a notice written to the outbox. */
export const OUTBOX_PEER = 'outbox';
/** Peer name of a notice handed to the SMTP relay. */
export const SMTP_PEER = 'smtp';

/** Where notices go. */
export interface NoticeDelivery {
  readonly outboxDir: string;
  readonly from: string;
  readonly smtp?: SmtpOptions | undefined;
}

/** One rendered notice. */
export interface RenderedNotice {
  /** Rule key of the notice (`notice <recipient>`). */
  readonly ruleKey: string;
  readonly to: string;
  /** File name inside the request's outbox folder. */
  readonly fileName: string;
  readonly message: string;
}

/**
 * Writes each notice to `<outbox>/<requestId>/<fileName>` and sends it when SMTP is configured.
 * A failed send throws unless `finalAttempt` (the engine retries the whole delivery, and the
 * outbox write is idempotent); on the final attempt it is reported as a failed target.
 */
export async function deliverNotices(
  d: NoticeDelivery,
  executionId: string,
  requestId: string,
  notices: readonly RenderedNotice[],
  finalAttempt: boolean,
  /** Rule keys already handed to SMTP on an earlier attempt: never sent twice. */
  sent: Set<string> = new Set(),
): Promise<TargetUpdate[]> {
  const out: TargetUpdate[] = [];
  for (const n of notices) {
    await writeFileAtomic(join(d.outboxDir, requestId, n.fileName), n.message);
    out.push({ executionId, ruleKey: n.ruleKey, peer: OUTBOX_PEER, state: 'active' });
  }
  if (d.smtp === undefined) return out;
  for (const n of notices) {
    if (sent.has(n.ruleKey)) {
      out.push({ executionId, ruleKey: n.ruleKey, peer: SMTP_PEER, state: 'active' });
      continue;
    }
    try {
      await sendMail(d.smtp, d.from, [n.to], n.message);
      sent.add(n.ruleKey);
      out.push({ executionId, ruleKey: n.ruleKey, peer: SMTP_PEER, state: 'active' });
    } catch (e) {
      if (!finalAttempt) throw e;
      out.push({ executionId, ruleKey: n.ruleKey, peer: SMTP_PEER, state: 'failed', error: (e as Error).message });
    }
  }
  return out;
}

/** A file-name-safe slug of a recipient address. */
export function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '_')
    .slice(0, 80);
}
