import { type Kysely, sql } from 'kysely'
import { isCounted } from '../../../platform/db/counted.js'
import type { CodingRunsTable, Database } from '../../../platform/db/schema.js'

// SQL of auto-coding and theme discovery runs, and of the comments they read.

export type RunKind = CodingRunsTable['kind']

export async function insertRun(
  db: Kysely<Database>,
  run: {
    consultationId: string
    kind: RunKind
    requestedBy: string
    at: Date
    settings?: { themes?: number }
  },
) {
  const row = await db
    .insertInto('coding_runs')
    .values({
      consultation_id: run.consultationId,
      kind: run.kind,
      requested_by: run.requestedBy,
      requested_at: run.at,
      settings: JSON.stringify(run.settings ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** A run of this kind still waiting or under way, so a second request does not queue the same work twice. */
export function findUnfinishedRun(db: Kysely<Database>, consultationId: string, kind: RunKind) {
  return db
    .selectFrom('coding_runs')
    .select(['id', 'status'])
    .where('consultation_id', '=', consultationId)
    .where('kind', '=', kind)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst()
}

/** Runs left running by a process that stopped are recorded as failed, so they block nothing. */
export async function failStaleRuns(db: Kysely<Database>, startedBefore: Date, at: Date) {
  const result = await db
    .updateTable('coding_runs')
    .set({ status: 'failed', finished_at: at, error: 'interrupted: the process running it stopped' })
    .where('status', '=', 'running')
    .where('started_at', '<', startedBefore)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** Takes the oldest queued run for this worker; `skip locked` lets several workers share the queue. */
export async function claimQueuedRun(db: Kysely<Database>, at: Date) {
  const result = await sql<{
    id: string
    consultation_id: string
    kind: RunKind
    requested_by: string | null
    settings: { themes?: number }
  }>`
    update coding_runs set status = 'running', started_at = ${at}
    where id = (
      select id from coding_runs where status = 'queued'
      order by requested_at limit 1 for update skip locked
    )
    returning id, consultation_id, kind, requested_by, settings`.execute(db)
  return result.rows[0]
}

export async function finishRun(
  db: Kysely<Database>,
  id: string,
  outcome: {
    status: 'done' | 'failed'
    at: Date
    result?: unknown
    error?: string
    model?: { name: string; version: string }
  },
) {
  await db
    .updateTable('coding_runs')
    .set({
      status: outcome.status,
      finished_at: outcome.at,
      result: outcome.result === undefined ? null : JSON.stringify(outcome.result),
      error: outcome.error ?? null,
      model_name: outcome.model?.name ?? null,
      model_version: outcome.model?.version ?? null,
    })
    .where('id', '=', id)
    .execute()
}

export function listRuns(db: Kysely<Database>, consultationId: string, kind: RunKind, limit: number) {
  return db
    .selectFrom('coding_runs as r')
    .leftJoin('users as u', 'u.id', 'r.requested_by')
    .select([
      'r.id',
      'r.status',
      'r.requested_at',
      'r.started_at',
      'r.finished_at',
      'r.model_name',
      'r.model_version',
      'r.result',
      'r.error',
      'u.display_name as requested_by_name',
    ])
    .where('r.consultation_id', '=', consultationId)
    .where('r.kind', '=', kind)
    .orderBy('r.requested_at', 'desc')
    .limit(limit)
    .execute()
}

export function findRun(db: Kysely<Database>, consultationId: string, id: string) {
  return db
    .selectFrom('coding_runs')
    .selectAll()
    .where('id', '=', id)
    .where('consultation_id', '=', consultationId)
    .executeTakeFirst()
}

/** How many training runs of the consultation have finished with a model, for the next model's version. */
export async function countModels(db: Kysely<Database>, consultationId: string) {
  const row = await db
    .selectFrom('coding_runs')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('consultation_id', '=', consultationId)
    .where('kind', '=', 'train')
    .where('model_version', 'is not', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export interface CommentText {
  response_id: string
  question_key: string
  reference: string
  text: string
}

/** Every counted comment of the consultation under these questions, with its text, in workspace order. */
export async function listCommentTexts(
  db: Kysely<Database>,
  consultationId: string,
  questionKeys: readonly string[],
): Promise<CommentText[]> {
  if (questionKeys.length === 0) return []
  const keys = sql.join(questionKeys.map((k) => sql`(${k}::text)`))
  const result = await sql<CommentText>`
    select r.id as response_id, q.key as question_key, r.reference, r.answers ->> q.key as text
    from responses r cross join (values ${keys}) as q(key)
    where r.consultation_id = ${consultationId} and ${isCounted('r')}
      and jsonb_typeof(r.answers -> q.key) = 'string'
    order by r.reference, q.key`.execute(db)
  return result.rows
}

/** The active themes of every coding, either pass, with where each came from: what a model may learn from. */
export async function listCodedThemes(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('codings as c')
    .innerJoin('coding_themes as ct', 'ct.coding_id', 'c.id')
    .innerJoin('themes as th', 'th.id', 'ct.theme_id')
    .select(['c.response_id', 'c.question_key', 'c.pass', 'ct.theme_id', 'ct.provenance'])
    .where('c.consultation_id', '=', consultationId)
    .where('th.status', '=', 'active')
    .execute()
}
