import { type Kysely, sql } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'

const versionColumns = ['id', 'version', 'definition', 'published_at', 'wording_revision'] as const

/** Holds the consultation's row until the transaction ends, so edits to its questionnaire queue. */
export function lockConsultation(trx: Kysely<Database>, consultationId: string) {
  return trx
    .selectFrom('consultations')
    .select('id')
    .where('id', '=', consultationId)
    .forUpdate()
    .executeTakeFirst()
}

export function findLatestVersion(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('questionnaire_versions')
    .select(versionColumns)
    .where('consultation_id', '=', consultationId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** The newest version people can answer, if any is published. */
export function findLatestPublishedVersion(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('questionnaire_versions')
    .select(versionColumns)
    .where('consultation_id', '=', consultationId)
    .where('published_at', 'is not', null)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst()
}

export function findVersionByNumber(db: Kysely<Database>, consultationId: string, version: number) {
  return db
    .selectFrom('questionnaire_versions')
    .select(versionColumns)
    .where('consultation_id', '=', consultationId)
    .where('version', '=', version)
    .executeTakeFirst()
}

export function listVersions(db: Kysely<Database>, consultationId: string) {
  return (
    db
      .selectFrom('questionnaire_versions as v')
      .select(['v.id', 'v.version', 'v.published_at', 'v.created_at', 'v.wording_revision'])
      // Every response received on the version, from the totals kept as responses arrive.
      .select((eb) =>
        eb
          .selectFrom('response_tallies as r')
          .whereRef('r.consultation_id', '=', 'v.consultation_id')
          .whereRef('r.questionnaire_version_id', '=', 'v.id')
          .select(sql<number>`coalesce(sum(r.n), 0)::int`.as('n'))
          .as('response_count'),
      )
      .where('v.consultation_id', '=', consultationId)
      .orderBy('v.version', 'desc')
      .execute()
  )
}

export function insertVersion(
  trx: Kysely<Database>,
  consultationId: string,
  version: number,
  definition: unknown,
) {
  return trx
    .insertInto('questionnaire_versions')
    .values({ consultation_id: consultationId, version, definition: JSON.stringify(definition) })
    .returning('id')
    .executeTakeFirstOrThrow()
}

export function updateDraftDefinition(trx: Kysely<Database>, id: string, definition: unknown) {
  return trx
    .updateTable('questionnaire_versions')
    .set({ definition: JSON.stringify(definition) })
    .where('id', '=', id)
    .where('published_at', 'is', null)
    .executeTakeFirstOrThrow()
}

export function updatePublishedWording(
  trx: Kysely<Database>,
  id: string,
  definition: unknown,
  revision: number,
) {
  return trx
    .updateTable('questionnaire_versions')
    .set({ definition: JSON.stringify(definition), wording_revision: revision })
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}

export function markPublished(trx: Kysely<Database>, id: string, at: Date) {
  return trx
    .updateTable('questionnaire_versions')
    .set({ published_at: at })
    .where('id', '=', id)
    .where('published_at', 'is', null)
    .executeTakeFirstOrThrow()
}
