/**
 * An audit sink for tests that validates every event exactly as the audit log does (so an address
 * in `details` fails the test) and keeps them for assertions.
 */
import { validateEvent, type AuditAction, type AuditEventInput } from '../../oversight/audit/entry.js';
import type { AuditSink } from '../audit.js';

/** Audit events in memory. */
export class MemoryAuditSink implements AuditSink {
  readonly events: AuditEventInput[] = [];

  async append(event: AuditEventInput): Promise<void> {
    validateEvent(event);
    this.events.push(event);
  }

  /** Events of one action. */
  of(action: AuditAction): AuditEventInput[] {
    return this.events.filter((e) => e.action === action);
  }

  /** `action/outcome` of every event, in order: a compact view for assertions. */
  trail(): string[] {
    return this.events.map((e) => `${e.action}/${e.outcome ?? 'success'}`);
  }
}
