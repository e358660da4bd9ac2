import { type Kysely, sql } from 'kysely'
import type { AnswerValue, Database, DraftRespondent } from '../../../platform/db/schema.js'

// SQL for drafts: answers of an online response not yet sent. Never read by any count.

export interface DraftInsert {
  consultationId: string
  questionnaireVersionId: string
  tokenHash: string
  submissionKey: string
  startedAt: Date
  language: string
}

export function insertDraft(db: Kysely<Database>, draft: DraftInsert) {
  return db
    .insertInto('response_drafts')
    .values({
      consultation_id: draft.consultationId,
      questionnaire_version_id: draft.questionnaireVersionId,
      token_hash: draft.tokenHash,
      submission_key: draft.submissionKey,
      language: draft.language,
      started_at: draft.startedAt,
      updated_at: draft.startedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
}

const draftColumns = [
  'id',
  'consultation_id',
  'questionnaire_version_id',
  'resume_code',
  'submission_key',
  'answers',
  'respondent',
  'language',
  'started_at',
] as const

export function findDraftByToken(db: Kysely<Database>, consultationId: string, tokenHash: string) {
  return db
    .selectFrom('response_drafts')
    .select(draftColumns)
    .where('consultation_id', '=', consultationId)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst()
}

export function findDraftByCode(db: Kysely<Database>, consultationId: string, code: string) {
  return db
    .selectFrom('response_drafts')
    .select([...draftColumns, 'token_hash'])
    .where('consultation_id', '=', consultationId)
    .where('resume_code', '=', code)
    .executeTakeFirst()
}

export type DraftRow = NonNullable<Awaited<ReturnType<typeof findDraftByToken>>>

export function updateDraft(
  db: Kysely<Database>,
  id: string,
  change: {
    answers?: Record<string, AnswerValue>
    respondent?: DraftRespondent
    language?: string
    updatedAt: Date
  },
) {
  return db
    .updateTable('response_drafts')
    .set({
      ...(change.answers ? { answers: JSON.stringify(change.answers) } : {}),
      ...(change.respondent ? { respondent: JSON.stringify(change.respondent) } : {}),
      ...(change.language ? { language: change.language } : {}),
      updated_at: change.updatedAt,
    })
    .where('id', '=', id)
    .execute()
}

/** Gives the draft a resume code unless it has one; returns the code it holds. */
export async function setResumeCode(db: Kysely<Database>, id: string, code: string) {
  await db
    .updateTable('response_drafts')
    .set({ resume_code: code })
    .where('id', '=', id)
    .where('resume_code', 'is', null)
    .execute()
  const row = await db
    .selectFrom('response_drafts')
    .select('resume_code')
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  return row.resume_code ?? code
}

/** A new token for the draft, so a resume code or link hands it over to another browser. */
export function replaceDraftToken(db: Kysely<Database>, id: string, tokenHash: string) {
  return db.updateTable('response_drafts').set({ token_hash: tokenHash }).where('id', '=', id).execute()
}

export function deleteDraft(db: Kysely<Database>, id: string) {
  return db.deleteFrom('response_drafts').where('id', '=', id).execute()
}

/** Deletes the drafts of consultations closed longer ago than the grace period; returns how many. */
export async function deleteExpiredDrafts(db: Kysely<Database>, now: Date, graceMinutes: number) {
  const result = await sql`
    delete from response_drafts d
    using consultations c
    where c.id = d.consultation_id
      and c.closes_at + make_interval(mins => ${graceMinutes}::int) < ${now}
  `.execute(db)
  return Number(result.numAffectedRows ?? 0)
}

export async function countDrafts(db: Kysely<Database>, consultationId: string) {
  const row = await db
    .selectFrom('response_drafts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('consultation_id', '=', consultationId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
