import type { Insertable, Kysely } from 'kysely'
import type { Database, SafeguardingFlagsTable } from '../../../platform/db/schema.js'

// SQL for safeguarding flags raised on comments and their follow-up.

export function listFlags(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('safeguarding_flags as f')
    .innerJoin('responses as r', 'r.id', 'f.response_id')
    .leftJoin('users as h', 'h.id', 'f.handled_by')
    .select([
      'f.id',
      'f.response_id',
      'r.reference',
      'f.question_key',
      'f.source',
      'f.kinds',
      'f.excerpt',
      'f.raised_at',
      'f.status',
      'f.handled_at',
      'h.display_name as handled_by_name',
      'f.action_taken',
    ])
    .where('f.consultation_id', '=', consultationId)
    .orderBy('f.status', 'desc')
    .orderBy('f.raised_at')
    .execute()
}

/** Inserts a flag unless the comment has one; returns the new flag's id, or undefined. */
export async function insertFlag(
  db: Kysely<Database>,
  values: Insertable<SafeguardingFlagsTable>,
): Promise<string | undefined> {
  const row = await db
    .insertInto('safeguarding_flags')
    .values(values)
    .onConflict((oc) => oc.columns(['response_id', 'question_key']).doNothing())
    .returning('id')
    .executeTakeFirst()
  return row?.id
}

/** Records an open flag's follow-up; returns whether the consultation had that open flag. */
export async function markFlagHandled(
  db: Kysely<Database>,
  consultationId: string,
  flagId: string,
  handling: { action: string; by: string; at: Date },
): Promise<boolean> {
  const row = await db
    .updateTable('safeguarding_flags')
    .set({
      status: 'handled',
      handled_by: handling.by,
      handled_at: handling.at,
      action_taken: handling.action,
    })
    .where('id', '=', flagId)
    .where('consultation_id', '=', consultationId)
    .where('status', '=', 'open')
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}
