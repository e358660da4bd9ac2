import { type Insertable, type Kysely, sql } from 'kysely'
import { canCode } from '../../../platform/auth/roles.js'
import type {
  Database,
  DoubleCodingItemsTable,
  DoubleCodingSamplesTable,
} from '../../../platform/db/schema.js'

// SQL for double coding: samples drawn for a second, blind pass and their items.

/** First-pass coded comments, as (response, question) keys with who coded each. */
export async function listCodedKeys(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('codings')
    .select(['response_id', 'question_key', 'coded_by'])
    .where('consultation_id', '=', consultationId)
    .where('pass', '=', 1)
    .execute()
}

export function listSamples(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('double_coding_samples as s')
    .innerJoin('users as u', 'u.id', 's.second_coder_id')
    .select([
      's.id',
      's.percent',
      's.seed',
      's.second_coder_id',
      'u.display_name as second_coder',
      's.created_at',
    ])
    .select((eb) =>
      eb
        .selectFrom('double_coding_items as i')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('i.sample_id', '=', 's.id')
        .as('items'),
    )
    .where('s.consultation_id', '=', consultationId)
    .orderBy('s.created_at', 'desc')
    .execute()
}

export function findSample(db: Kysely<Database>, sampleId: string) {
  return db.selectFrom('double_coding_samples').selectAll().where('id', '=', sampleId).executeTakeFirst()
}

/** The items of a sample with both passes' themes (null when a pass is not coded yet). */
export async function listSampleItems(db: Kysely<Database>, sampleId: string) {
  const result = await sql<{
    response_id: string
    question_key: string
    reference: string
    adjudicated_at: Date | null
    first: string[] | null
    second: string[] | null
    second_coded: boolean
  }>`
    select i.response_id, i.question_key, r.reference, i.adjudicated_at,
      (select array_agg(ct.theme_id::text) from codings c join coding_themes ct on ct.coding_id = c.id
        where c.response_id = i.response_id and c.question_key = i.question_key and c.pass = 1) as first,
      (select array_agg(ct.theme_id::text) from codings c join coding_themes ct on ct.coding_id = c.id
        where c.response_id = i.response_id and c.question_key = i.question_key and c.pass = 2) as second,
      exists (select 1 from codings c where c.response_id = i.response_id and c.question_key = i.question_key
        and c.pass = 2) as second_coded
    from double_coding_items i join responses r on r.id = i.response_id
    where i.sample_id = ${sampleId}
    order by r.reference, i.question_key`.execute(db)
  return result.rows
}

/** Sample items the person must still code blind, across the consultation's samples. */
export async function listPendingBlindItems(db: Kysely<Database>, consultationId: string, userId: string) {
  const result = await sql<{
    sample_id: string
    response_id: string
    question_key: string
    reference: string
  }>`
    select i.sample_id, i.response_id, i.question_key, r.reference
    from double_coding_items i join double_coding_samples s on s.id = i.sample_id
      join responses r on r.id = i.response_id
    where s.consultation_id = ${consultationId} and s.second_coder_id = ${userId}
      and not exists (select 1 from codings c where c.response_id = i.response_id
        and c.question_key = i.question_key and c.pass = 2)
    order by r.reference, i.question_key`.execute(db)
  return result.rows
}

/** People who may code, for choosing a second coder. */
export function listCoders(db: Kysely<Database>) {
  return db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.display_name', 'u.email'])
    .where('r.role', 'in', canCode)
    .where('u.disabled_at', 'is', null)
    .distinct()
    .orderBy('u.display_name')
    .execute()
}

export async function insertSample(
  db: Kysely<Database>,
  values: Insertable<DoubleCodingSamplesTable>,
): Promise<string> {
  const row = await db
    .insertInto('double_coding_samples')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function insertSampleItems(
  db: Kysely<Database>,
  items: readonly Insertable<DoubleCodingItemsTable>[],
) {
  for (let i = 0; i < items.length; i += 1000)
    await db
      .insertInto('double_coding_items')
      .values(items.slice(i, i + 1000))
      .execute()
}

/** Marks a sample item settled; returns whether the sample had that item. */
export async function markAdjudicated(
  db: Kysely<Database>,
  item: { sampleId: string; responseId: string; questionKey: string },
  by: string,
  at: Date,
): Promise<boolean> {
  const row = await db
    .updateTable('double_coding_items')
    .set({ adjudicated_by: by, adjudicated_at: at })
    .where('sample_id', '=', item.sampleId)
    .where('response_id', '=', item.responseId)
    .where('question_key', '=', item.questionKey)
    .returning('sample_id')
    .executeTakeFirst()
  return row !== undefined
}
