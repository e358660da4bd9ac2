import type { Insertable, Kysely, Updateable } from 'kysely'
import type { CodeframeVersionsTable, Database, ThemesTable } from '../../../platform/db/schema.js'

// SQL for the codeframe: its themes and the versions it went through.

export function listThemes(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('themes')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .orderBy('code')
    .execute()
}

export async function insertTheme(db: Kysely<Database>, values: Insertable<ThemesTable>): Promise<string> {
  const row = await db.insertInto('themes').values(values).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function updateTheme(db: Kysely<Database>, themeId: string, values: Updateable<ThemesTable>) {
  await db.updateTable('themes').set(values).where('id', '=', themeId).execute()
}

/** Marks themes as merged or split, naming the themes that replace them. */
export async function markThemesReplaced(
  db: Kysely<Database>,
  themeIds: readonly string[],
  status: 'merged' | 'split',
  replacedBy: readonly string[],
) {
  await db
    .updateTable('themes')
    .set({ status, replaced_by: JSON.stringify(replacedBy) })
    .where('id', 'in', [...themeIds])
    .execute()
}

/** Moves the children of some themes under another parent. */
export async function reparentThemes(db: Kysely<Database>, parentIds: readonly string[], to: string | null) {
  await db
    .updateTable('themes')
    .set({ parent_id: to })
    .where('parent_id', 'in', [...parentIds])
    .execute()
}

export function listCodeframeVersions(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('codeframe_versions')
    .select(['version', 'change', 'changed_at'])
    .where('consultation_id', '=', consultationId)
    .orderBy('version', 'desc')
    .execute()
}

export async function nextCodeframeVersion(db: Kysely<Database>, consultationId: string): Promise<number> {
  const row = await db
    .selectFrom('codeframe_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('consultation_id', '=', consultationId)
    .executeTakeFirst()
  return Number(row?.v ?? 0) + 1
}

export async function insertCodeframeVersion(
  db: Kysely<Database>,
  values: Insertable<CodeframeVersionsTable>,
) {
  await db.insertInto('codeframe_versions').values(values).execute()
}
