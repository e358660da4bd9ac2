import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, test } from 'node:test'
import { type Kysely, sql } from 'kysely'
import { sealAuditEntries, verifyAuditChain } from '../platform/audit/audit-log.js'
import { backUp, restore } from '../platform/db/backup.js'
import { BackupError } from '../platform/db/backup-error.js'
import { type DatabaseHandle, openDatabase } from '../platform/db/database.js'
import { migrateToLatest } from '../platform/db/migrate.js'
import type { Database } from '../platform/db/schema.js'
import {
  createTestDatabase,
  openFreshDatabase,
  testDatabaseKind,
  testDatabaseUrl,
} from '../testing/databases.js'
import { createServices } from './services.js'

// `heard backup` and `heard restore`, on whichever database the suite runs on: a backup restored
// into an empty database holds every table's rows and an audit chain that still verifies.

const folder = await mkdtemp(path.join(tmpdir(), 'heard-backup-'))
after(() => rm(folder, { recursive: true, force: true }))

async function tableCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db)
  const counts: Record<string, number> = {}
  for (const { table_name } of rows) {
    const counted = await sql<{ n: string }>`select count(*) as n from ${sql.table(table_name)}`.execute(db)
    counts[table_name] = Number(counted.rows[0]?.n)
  }
  return counts
}

/** A database with a consultation, responses and a sealed audit chain in it. */
async function fill(database: DatabaseHandle) {
  const services = createServices({ database, now: () => new Date() })
  await services.demo.loadOpenConsultation({ responses: 25, seed: 3 })
  await sealAuditEntries(database.db)
}

test('a backup restored into an empty database has every row and an intact audit chain', async () => {
  const file = path.join(folder, 'heard.backup')
  let source: DatabaseHandle
  let target: { databaseUrl: string | undefined; dataDir: string }
  let openTarget: () => Promise<DatabaseHandle>
  let cleanUp = async () => {}
  if (testDatabaseKind === 'postgres') {
    const fresh = await createTestDatabase()
    source = fresh
    await fill(source)
    await backUp({ databaseUrl: fresh.url, dataDir: 'memory://' }, file)
    const empty = await openFreshDatabase({
      serverUrl: testDatabaseUrl,
      prefix: 'heard_restore',
      migrated: false,
    })
    target = { databaseUrl: empty.url, dataDir: 'memory://' }
    openTarget = async () => empty
    cleanUp = () => empty.close()
  } else {
    const dataDir = path.join(folder, 'source')
    source = await openDatabase({ databaseUrl: undefined, dataDir })
    await migrateToLatest(source.db)
    await fill(source)
    // PGlite's folder is one process's: the backup opens it itself, as `heard backup` would.
    const counts = await tableCounts(source.db)
    await source.close()
    await backUp({ databaseUrl: undefined, dataDir }, file)
    source = await openDatabase({ databaseUrl: undefined, dataDir })
    assert.deepEqual(await tableCounts(source.db), counts)
    target = { databaseUrl: undefined, dataDir: path.join(folder, 'restored') }
    openTarget = () => openDatabase({ databaseUrl: undefined, dataDir: target.dataDir })
  }
  try {
    const expected = await tableCounts(source.db)
    assert.ok((expected.responses ?? 0) >= 25 && (expected.audit_log ?? 0) > 0, JSON.stringify(expected))
    await restore(target, file)
    const restored = await openTarget()
    try {
      assert.deepEqual(await tableCounts(restored.db), expected)
      const chain = await verifyAuditChain(restored.db)
      assert.equal(chain.brokenAtSeq, undefined)
      assert.equal(chain.checked, expected.audit_log)
      // A restore never lands on data: the same target, now full, is refused.
      await assert.rejects(restore(target, file), BackupError)
    } finally {
      if (testDatabaseKind === 'pglite') await restored.close()
    }
  } finally {
    await source.close()
    await cleanUp()
  }
})
