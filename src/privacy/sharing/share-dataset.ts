/**
 * Sharing a data set with a partner: pseudonymise its address columns under the partner's key in
 * force, and record the share in the audit log (`data.share`: partner, key id, rows, columns —
 * no address), so the commission can see what left the platform, to whom, under which key.
 */
import type { AuditActor, AuditEventInput } from '../../core/audit-event.js';
import type { CryptoPanKeyring } from '../cryptopan/keyring.js';
import { pseudonymiseDataset, type PseudonymisedDataset, type PseudonymiseOptions } from './pseudonymise-dataset.js';

/** Where shares are audited; `AuditLog` implements it. */
export interface ShareAudit {
  append(event: AuditEventInput): Promise<unknown>;
}

/** Pseudonymises `rows` for the partner and audits the share before returning the result. */
export async function shareDataset<R extends Record<string, unknown>>(
  rows: readonly R[],
  keyring: CryptoPanKeyring,
  options: PseudonymiseOptions & { readonly dataset: string },
  audit: ShareAudit,
  actor: AuditActor,
): Promise<PseudonymisedDataset<R>> {
  const out = pseudonymiseDataset(rows, keyring, options);
  await audit.append({
    actor,
    action: 'data.share',
    subjects: [
      { type: 'partner', id: options.partner },
      { type: 'dataset', id: options.dataset },
    ],
    details: { key_id: out.keyId, key_valid_from: new Date(out.validFrom).toISOString(), rows: out.rows.length, columns: [...options.columns], method: 'crypto-pan' },
  });
  return out;
}
