import type { Insertable, Kysely, Selectable } from 'kysely'
import type {
  CodingSentiment,
  CodingThemesTable,
  Database,
  ThemeSuggestionsTable,
} from '../../../platform/db/schema.js'

// SQL for codings, the themes they carry and the themes a model suggests for a comment.

export function findCoding(db: Kysely<Database>, responseId: string, questionKey: string, pass: number) {
  return db
    .selectFrom('codings')
    .selectAll()
    .where('response_id', '=', responseId)
    .where('question_key', '=', questionKey)
    .where('pass', '=', pass)
    .executeTakeFirst()
}

export function listCodingThemes(db: Kysely<Database>, codingId: string) {
  return db
    .selectFrom('coding_themes')
    .selectAll()
    .where('coding_id', '=', codingId)
    .orderBy('theme_id')
    .execute()
}

/** The themes of a coding with who assigned each, for showing its provenance. */
export function listCodingThemesWithPeople(db: Kysely<Database>, codingId: string) {
  return db
    .selectFrom('coding_themes as ct')
    .leftJoin('users as u', 'u.id', 'ct.assigned_by')
    .selectAll('ct')
    .select('u.display_name as assigned_by_name')
    .where('ct.coding_id', '=', codingId)
    .orderBy('ct.theme_id')
    .execute()
}

export interface CodingValues {
  consultationId: string
  responseId: string
  questionKey: string
  pass: number
  sentiment: CodingSentiment | null
  quoteWorthy: boolean
  personalData: boolean
  safeguarding: boolean
  codedBy: string | null
  at: Date
}

/** Writes the coding row of a comment in a pass, creating it or replacing its values; returns its id. */
export async function upsertCoding(db: Kysely<Database>, v: CodingValues): Promise<string> {
  const values = {
    sentiment: v.sentiment,
    quote_worthy: v.quoteWorthy,
    personal_data: v.personalData,
    safeguarding: v.safeguarding,
    coded_by: v.codedBy,
    coded_at: v.at,
  }
  const row = await db
    .insertInto('codings')
    .values({
      consultation_id: v.consultationId,
      response_id: v.responseId,
      question_key: v.questionKey,
      pass: v.pass,
      ...values,
    })
    .onConflict((oc) => oc.columns(['response_id', 'question_key', 'pass']).doUpdateSet(values))
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export type ThemeAssignment = Selectable<CodingThemesTable>

export async function removeCodingThemes(
  db: Kysely<Database>,
  codingId: string,
  themeIds: readonly string[],
) {
  if (themeIds.length === 0) return
  await db
    .deleteFrom('coding_themes')
    .where('coding_id', '=', codingId)
    .where('theme_id', 'in', [...themeIds])
    .execute()
}

export async function insertCodingThemes(db: Kysely<Database>, rows: readonly ThemeAssignment[]) {
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('coding_themes')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) => oc.columns(['coding_id', 'theme_id']).doNothing())
      .execute()
}

/** Every theme assignment of first-pass and second-pass codings that uses one of the themes. */
export function listAssignmentsOf(
  db: Kysely<Database>,
  themeIds: readonly string[],
): Promise<ThemeAssignment[]> {
  if (themeIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('coding_themes')
    .selectAll()
    .where('coding_id', 'in', (eb) =>
      eb
        .selectFrom('coding_themes')
        .select('coding_id')
        .where('theme_id', 'in', [...themeIds]),
    )
    .execute()
}

export async function deleteAssignments(
  db: Kysely<Database>,
  rows: readonly { coding_id: string; theme_id: string }[],
) {
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500)
    await db
      .deleteFrom('coding_themes')
      .where((eb) =>
        eb.or(batch.map((r) => eb.and([eb('coding_id', '=', r.coding_id), eb('theme_id', '=', r.theme_id)]))),
      )
      .execute()
  }
}

// Suggestions.

export function listPendingSuggestions(db: Kysely<Database>, responseId: string, questionKey: string) {
  return db
    .selectFrom('theme_suggestions')
    .selectAll()
    .where('response_id', '=', responseId)
    .where('question_key', '=', questionKey)
    .where('status', '=', 'pending')
    .orderBy('confidence', 'desc')
    .execute()
}

/** Deletes the undecided suggestions of every model but the given one; returns how many went. */
export async function deletePendingSuggestionsOfOtherModels(
  db: Kysely<Database>,
  consultationId: string,
  model: { name: string; version: string },
): Promise<number> {
  const result = await db
    .deleteFrom('theme_suggestions')
    .where('consultation_id', '=', consultationId)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('model_name', '!=', model.name), eb('model_version', '!=', model.version)]))
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function insertSuggestions(
  db: Kysely<Database>,
  rows: readonly Insertable<ThemeSuggestionsTable>[],
) {
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('theme_suggestions')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) =>
        oc.columns(['response_id', 'question_key', 'theme_id', 'model_name', 'model_version']).doNothing(),
      )
      .execute()
}

export function findSuggestion(db: Kysely<Database>, consultationId: string, suggestionId: string) {
  return db
    .selectFrom('theme_suggestions')
    .selectAll()
    .where('id', '=', suggestionId)
    .where('consultation_id', '=', consultationId)
    .executeTakeFirst()
}

export async function markSuggestionDecided(
  db: Kysely<Database>,
  suggestionId: string,
  decision: { accepted: boolean; by: string; at: Date },
) {
  await db
    .updateTable('theme_suggestions')
    .set({
      status: decision.accepted ? 'accepted' : 'rejected',
      decided_by: decision.by,
      decided_at: decision.at,
    })
    .where('id', '=', suggestionId)
    .execute()
}
