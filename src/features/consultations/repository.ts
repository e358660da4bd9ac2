import { type Kysely, sql } from 'kysely'
import type { ConsultationStatus, Database } from '../../platform/db/schema.js'

export function listConsultationsByStatus(db: Kysely<Database>, statuses: readonly ConsultationStatus[]) {
  return db
    .selectFrom('consultations')
    .select(['id', 'slug', 'title', 'summary', 'status', 'opens_at', 'closes_at', 'postal_deadline_at'])
    .where('status', 'in', statuses)
    .orderBy('closes_at')
    .execute()
}

/** Every consultation with its counted figure, read from the totals kept as responses arrive. */
export function listAllConsultations(db: Kysely<Database>) {
  return db
    .selectFrom('consultations as c')
    .select(['c.id', 'c.slug', 'c.title', 'c.status', 'c.opens_at', 'c.closes_at'])
    .select((eb) =>
      eb
        .selectFrom('response_tallies as s')
        .whereRef('s.consultation_id', '=', 'c.id')
        .where('s.standing', '=', 'counted')
        .select(sql<number>`coalesce(sum(s.n), 0)::int`.as('n'))
        .as('response_count'),
    )
    .orderBy('c.opens_at', 'desc')
    .execute()
}

export function findConsultationBySlug(db: Kysely<Database>, slug: string) {
  return db.selectFrom('consultations').selectAll().where('slug', '=', slug).executeTakeFirst()
}

export function findConsultationById(db: Kysely<Database>, id: string) {
  return db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirst()
}

export function listProposals(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('proposals')
    .select(['id', 'position', 'title', 'summary'])
    .where('consultation_id', '=', consultationId)
    .orderBy('position')
    .execute()
}

export function findLatestPublishedQuestionnaire(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('questionnaire_versions')
    .select(['id', 'version', 'definition', 'published_at', 'wording_revision'])
    .where('consultation_id', '=', consultationId)
    .where('published_at', 'is not', null)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/**
 * A consultation with the identity of its latest published questionnaire version, in one query:
 * not the definition, which a caller that has this version at this wording revision already holds.
 */
export function findConsultationWithPublishedVersion(db: Kysely<Database>, slug: string) {
  return db
    .selectFrom('consultations')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('questionnaire_versions')
          .select(['id', 'version', 'wording_revision'])
          .whereRef('questionnaire_versions.consultation_id', '=', 'consultations.id')
          .where('published_at', 'is not', null)
          .orderBy('version', 'desc')
          .limit(1)
          .as('published'),
      (join) => join.onTrue(),
    )
    .selectAll('consultations')
    .select([
      'published.id as published_id',
      'published.version as published_version',
      'published.wording_revision as published_wording_revision',
    ])
    .where('slug', '=', slug)
    .executeTakeFirst()
}

export function findQuestionnaireVersion(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('questionnaire_versions')
    .select(['id', 'consultation_id', 'version', 'definition', 'published_at', 'wording_revision'])
    .where('id', '=', id)
    .executeTakeFirst()
}
