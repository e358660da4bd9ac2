import { type Kysely, sql } from 'kysely'
import type { CopyRows } from '../../../platform/db/bulk-copy.js'
import { bytesValue, fromHex, hexOf } from '../../../platform/db/bytes.js'
import type { Database, ImportProblem, ImportStatus } from '../../../platform/db/schema.js'
import type { RespondentIdentity } from '../../../platform/identity/identity-fields.js'
import type { ImportMapping } from './rows.js'

export function insertImport(
  db: Kysely<Database>,
  row: {
    consultationId: string
    fileName: string
    format: 'csv' | 'xlsx'
    sheet: string | null
    createdBy: string | null
    createdAt: Date
  },
) {
  return db
    .insertInto('imports')
    .values({
      consultation_id: row.consultationId,
      file_name: row.fileName,
      format: row.format,
      sheet: row.sheet,
      byte_size: 0,
      sha256: '',
      created_by: row.createdBy,
      created_at: row.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
}

export function insertFileChunk(db: Kysely<Database>, importId: string, seq: number, data: Buffer) {
  return db
    .insertInto('import_file_chunks')
    .values({ import_id: importId, seq, data: bytesValue(data) })
    .execute()
}

export function finishUpload(db: Kysely<Database>, importId: string, size: number, sha256: string) {
  return sql`update imports set byte_size = ${size}, sha256 = ${sha256} where id = ${importId}`.execute(db)
}

/** One chunk of a stored file. */
export async function readFileChunk(db: Kysely<Database>, importId: string, seq: number) {
  const row = await db
    .selectFrom('import_file_chunks')
    .select(hexOf('data').as('hex'))
    .where('import_id', '=', importId)
    .where('seq', '=', seq)
    .executeTakeFirst()
  return row ? fromHex(row.hex) : undefined
}

export function findImport(db: Kysely<Database>, id: string) {
  return db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst()
}

export function listImports(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('imports')
    .select(['id', 'file_name', 'status', 'dry_run', 'rows_read', 'rows_new', 'rows_already', 'created_at'])
    .where('consultation_id', '=', consultationId)
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute()
}

/** An earlier import of a file with the same contents into the same consultation that was committed. */
export function findImportedFile(
  db: Kysely<Database>,
  consultationId: string,
  sha256: string,
  except: string,
) {
  return db
    .selectFrom('imports')
    .select(['id', 'finished_at', 'rows_new'])
    .where('consultation_id', '=', consultationId)
    .where('sha256', '=', sha256)
    .where('status', '=', 'imported')
    .where('id', '<>', except)
    .orderBy('finished_at', 'desc')
    .executeTakeFirst()
}

export function setImportMapping(
  db: Kysely<Database>,
  id: string,
  mapping: ImportMapping,
  sheet: string | null,
) {
  return db
    .updateTable('imports')
    .set({ columns: JSON.stringify(mapping.columns), id_column: mapping.idColumn, sheet })
    .where('id', '=', id)
    .execute()
}

export function markImport(
  db: Kysely<Database>,
  id: string,
  change: {
    status: ImportStatus
    dryRun?: boolean
    startedAt?: Date | null
    finishedAt?: Date | null
    rowsRead?: number
    rowsNew?: number
    rowsAlready?: number
    formulaLike?: number
    problemCount?: number
    problems?: ImportProblem[]
  },
) {
  return db
    .updateTable('imports')
    .set({
      status: change.status,
      ...(change.dryRun !== undefined ? { dry_run: change.dryRun } : {}),
      ...(change.startedAt !== undefined ? { started_at: change.startedAt } : {}),
      ...(change.finishedAt !== undefined ? { finished_at: change.finishedAt } : {}),
      ...(change.rowsRead !== undefined ? { rows_read: change.rowsRead } : {}),
      ...(change.rowsNew !== undefined ? { rows_new: change.rowsNew } : {}),
      ...(change.rowsAlready !== undefined ? { rows_already: change.rowsAlready } : {}),
      ...(change.formulaLike !== undefined ? { formula_like: change.formulaLike } : {}),
      ...(change.problemCount !== undefined ? { problem_count: change.problemCount } : {}),
      ...(change.problems !== undefined ? { problems: JSON.stringify(change.problems) } : {}),
    })
    .where('id', '=', id)
    .execute()
}

/** Moves the progress of a running import on, for status pages served by other connections. */
export function markProgress(db: Kysely<Database>, id: string, rowsRead: number, at: Date) {
  return db
    .insertInto('import_progress')
    .values({ import_id: id, rows_read: rowsRead, updated_at: at })
    .onConflict((oc) => oc.column('import_id').doUpdateSet({ rows_read: rowsRead, updated_at: at }))
    .execute()
}

/** How far an import has read, as its last progress said; none once it has finished. */
export async function findProgress(db: Kysely<Database>, id: string) {
  const row = await db
    .selectFrom('import_progress')
    .select('rows_read')
    .where('import_id', '=', id)
    .executeTakeFirst()
  return row?.rows_read
}

export function clearProgress(db: Kysely<Database>, id: string) {
  return db.deleteFrom('import_progress').where('import_id', '=', id).execute()
}

export function listMappings(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('import_mappings')
    .select(['id', 'name', 'columns', 'id_column', 'updated_at'])
    .where('consultation_id', '=', consultationId)
    .orderBy('name')
    .execute()
}

export function upsertMapping(
  db: Kysely<Database>,
  row: { consultationId: string; name: string; mapping: ImportMapping; by: string | null; at: Date },
) {
  return db
    .insertInto('import_mappings')
    .values({
      consultation_id: row.consultationId,
      name: row.name,
      columns: JSON.stringify(row.mapping.columns),
      id_column: row.mapping.idColumn,
      updated_by: row.by,
      updated_at: row.at,
    })
    .onConflict((oc) =>
      oc.columns(['consultation_id', 'name']).doUpdateSet((eb) => ({
        columns: eb.ref('excluded.columns'),
        id_column: eb.ref('excluded.id_column'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .returning('id')
    .executeTakeFirstOrThrow()
}

/** Which of these submission keys and references are already taken. */
export async function findTaken(db: Kysely<Database>, keys: string[], references: string[]) {
  const result = await sql<{ submission_key: string; reference: string }>`
    select submission_key, reference from responses
    where submission_key = any(${keys}::text[]) or reference = any(${references}::text[])
  `.execute(db)
  return result.rows
}

export interface ImportedResponse {
  reference: string
  submissionKey: string
  rowKey: string
  /** The answers as JSON: a row waiting in a batch holds one string, not a tree of objects. */
  answersJson: string
  /** The printed form's contact box, when the row gave it. */
  identity: RespondentIdentity | null
}

/**
 * The contact boxes of a batch just copied in, joined to their responses by submission key.
 * A paper form's contact box carries no consent to contact: it is kept only to tell repeats apart.
 */
export async function insertImportedContacts(db: Kysely<Database>, rows: readonly ImportedResponse[]) {
  const given = rows.filter((r) => r.identity !== null)
  if (given.length === 0) return
  const column = (field: keyof RespondentIdentity) => given.map((r) => r.identity?.[field] ?? null)
  await sql`
    insert into respondent_contacts (response_id, name, email, phone, postcode)
    select r.id, c.name, c.email, c.phone, c.postcode
    from unnest(${given.map((r) => r.submissionKey)}::text[], ${column('name')}::text[], ${column('email')}::text[],
      ${column('phone')}::text[], ${column('postcode')}::text[]) as c(submission_key, name, email, phone, postcode)
    join responses r on r.submission_key = c.submission_key
  `.execute(db)
}

export const importedResponseColumns = [
  'consultation_id',
  'questionnaire_version_id',
  'reference',
  'submission_key',
  'channel',
  'answers',
  'submitted_at',
  'received_at',
  'import_id',
  'import_row_key',
] as const

/** Writes one batch of imported responses with COPY, inside the caller's transaction. */
export function copyImportedResponses(
  copy: CopyRows,
  target: { consultationId: string; versionId: string; importId: string; at: Date },
  rows: readonly ImportedResponse[],
) {
  return copy(
    'responses',
    importedResponseColumns,
    rows.map((r) => [
      target.consultationId,
      target.versionId,
      r.reference,
      r.submissionKey,
      'import',
      r.answersJson,
      target.at,
      target.at,
      target.importId,
      r.rowKey,
    ]),
  )
}
