import { type Kysely, sql } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'

// SQL for a response's provenance: where it came from and every decision taken on it. Each read
// is by the response's id or a key it holds, through an index.

export async function findProvenance(db: Kysely<Database>, responseId: string) {
  const response = await db
    .selectFrom('responses')
    .leftJoin('users as excluder', 'excluder.id', 'responses.excluded_by')
    .leftJoin('users as decider', 'decider.id', 'responses.late_decided_by')
    .leftJoin('organisations', 'organisations.id', 'responses.partner_organisation_id')
    .leftJoin('events', 'events.id', 'responses.event_id')
    .leftJoin('imports', 'imports.id', 'responses.import_id')
    .leftJoin('users as importer', 'importer.id', 'imports.created_by')
    .select([
      'responses.consultation_id',
      'responses.started_at',
      'responses.submitted_at',
      'responses.received_at',
      'responses.late',
      'responses.late_decision',
      'responses.late_decided_at',
      'responses.late_decision_reason',
      'decider.email as late_decided_by',
      'responses.admitted_under_grace',
      'responses.excluded_at',
      'responses.exclusion_reason',
      'excluder.email as excluded_by',
      'organisations.name as partner',
      'events.title as event',
      'events.held_at as event_held_at',
      'imports.file_name as import_file',
      'imports.sha256 as import_sha256',
      'imports.created_at as imported_at',
      'importer.email as imported_by',
      'responses.import_row_key',
    ])
    .where('responses.id', '=', responseId)
    .executeTakeFirst()
  if (!response) return undefined
  const paper = await db
    .selectFrom('paper_returns')
    .leftJoin('users', 'users.id', 'paper_returns.resolved_by')
    .select([
      'paper_returns.id',
      'paper_returns.paper_reference',
      'paper_returns.double_entry',
      'paper_returns.resolved_at',
      'users.email as resolved_by',
    ])
    .where('paper_returns.response_id', '=', responseId)
    .executeTakeFirst()
  const keyings = paper
    ? await db
        .selectFrom('paper_keyings')
        .innerJoin('users', 'users.id', 'paper_keyings.keyed_by')
        .select([
          'paper_keyings.copy',
          'paper_keyings.keyed_at',
          // As text: node-postgres would turn a date into a Date at local midnight.
          sql<string>`paper_keyings.received_on::text`.as('received_on'),
          'paper_keyings.batch',
          'users.email as keyed_by',
        ])
        .where('paper_keyings.paper_return_id', '=', paper.id)
        .orderBy('paper_keyings.copy')
        .execute()
    : []
  const duplicates = await db
    .selectFrom('participation_group_members as m')
    .innerJoin('participation_groups as g', 'g.id', 'm.group_id')
    .leftJoin('participation_decisions as d', (join) =>
      join.onRef('d.consultation_id', '=', 'g.consultation_id').onRef('d.group_key', '=', 'g.group_key'),
    )
    .leftJoin('users', 'users.id', 'd.decided_by')
    .select(['g.tier', 'd.decision', 'd.reason', 'd.decided_at', 'users.email as decided_by'])
    .where('m.response_id', '=', responseId)
    .execute()
  return { ...response, paper, keyings, duplicates }
}

export type Provenance = NonNullable<Awaited<ReturnType<typeof findProvenance>>>
