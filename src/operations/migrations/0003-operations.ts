/**
 * Operations: cases with their evidence and notes, countermeasure requests with their votes, and
 * executions with their per-target, per-peer state.
 * Frozen once released: change the schema in a later migration, never here.
 */
import type { Kysely } from 'kysely';

/** Creates cases, case_evidence, case_notes, countermeasure_requests, request_votes, executions and execution_targets. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('serious', 'integer', (c) => c.notNull())
    .addColumn('assignee', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .execute();
  await db.schema.createIndex('cases_state').on('cases').column('state').execute();

  await db.schema
    .createTable('case_evidence')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('case_evidence_unique', ['case_id', 'kind', 'ref'])
    .execute();
  // "Which cases cite this attack?"
  await db.schema.createIndex('case_evidence_ref').on('case_evidence').columns(['kind', 'ref']).execute();

  await db.schema
    .createTable('case_notes')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_notes_case').on('case_notes').columns(['case_id', 'id']).execute();

  await db.schema
    .createTable('countermeasure_requests')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    // RESTRICT: a case with requests is never deleted; requests are part of the oversight record.
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('restrict'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('mechanism', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    // Rules the action puts in force, so the concurrency guard sums a column instead of parsing actions.
    .addColumn('rule_count', 'integer', (c) => c.notNull())
    .addColumn('duration_seconds', 'bigint')
    .addColumn('justification', 'text', (c) => c.notNull())
    .addColumn('harm', 'text', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('abroad', 'integer', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requester_role', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('gates', 'text', (c) => c.notNull())
    .addColumn('rejection_reasons', 'text', (c) => c.notNull())
    .addColumn('review_due_at', 'bigint')
    .addColumn('review_state', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'bigint')
    .addColumn('review_reason', 'text')
    .addColumn('escalated_at', 'bigint')
    .addColumn('outcome', 'text')
    .addColumn('end_reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .execute();
  await db.schema.createIndex('countermeasure_requests_case').on('countermeasure_requests').column('case_id').execute();
  await db.schema.createIndex('countermeasure_requests_state').on('countermeasure_requests').columns(['state', 'mechanism']).execute();
  await db.schema.createIndex('countermeasure_requests_review').on('countermeasure_requests').columns(['review_state', 'review_due_at']).execute();

  await db.schema
    .createTable('request_votes')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('request_id', 'text', (c) => c.notNull().references('countermeasure_requests.id').onDelete('cascade'))
    .addColumn('voter', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // One vote per member per exact action: the database refuses a second one even under a race.
    .addUniqueConstraint('request_votes_one_each', ['request_id', 'voter', 'digest'])
    .execute();

  await db.schema
    .createTable('executions')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('request_id', 'text', (c) => c.notNull().unique().references('countermeasure_requests.id').onDelete('restrict'))
    .addColumn('mechanism', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    // The persisted deadline: reconciled at start so rules expire on time across restarts.
    .addColumn('expires_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .addColumn('end_reason', 'text')
    .addColumn('last_error', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('executions_state').on('executions').columns(['state', 'expires_at']).execute();

  await db.schema
    .createTable('execution_targets')
    .addColumn('execution_id', 'text', (c) => c.notNull().references('executions.id').onDelete('cascade'))
    .addColumn('rule_key', 'text', (c) => c.notNull())
    .addColumn('peer', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('execution_targets_pkey', ['execution_id', 'rule_key', 'peer'])
    .execute();
}

/** Drops the operations tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('execution_targets').execute();
  await db.schema.dropTable('executions').execute();
  await db.schema.dropTable('request_votes').execute();
  await db.schema.dropTable('countermeasure_requests').execute();
  await db.schema.dropTable('case_notes').execute();
  await db.schema.dropTable('case_evidence').execute();
  await db.schema.dropTable('cases').execute();
}
