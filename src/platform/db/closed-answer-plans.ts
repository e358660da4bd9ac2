import type { Kysely } from 'kysely'
import type { ClosedAnswerPlan } from './closed-answer-codes.js'
import type { Database } from './schema.js'

/** A consultation's closed-answer plan (migration 0013), or undefined before its first response. */
export async function findPlan(
  db: Kysely<Database>,
  consultationId: string,
): Promise<ClosedAnswerPlan | undefined> {
  const row = await db
    .selectFrom('closed_answer_plans')
    .select(['slot_keys', 'slot_kinds', 'slot_bases', 'codes'])
    .where('consultation_id', '=', consultationId)
    .executeTakeFirst()
  return (
    row && { slotKeys: row.slot_keys, slotKinds: row.slot_kinds, slotBases: row.slot_bases, codes: row.codes }
  )
}
