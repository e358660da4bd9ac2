import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { type Kysely, sql } from 'kysely'
import { recordAudit, systemActor } from '../../../platform/audit/audit-log.js'
import { type DatabaseHandle, openDatabase } from '../../../platform/db/database.js'
import { migrateToLatest } from '../../../platform/db/migrate.js'
import type { Database } from '../../../platform/db/schema.js'
import { createTestDatabase } from '../../../testing/databases.js'
import { createAuditService } from './service.js'

// Someone with the database's superuser rights changes an entry behind the app's back; the chain
// must say so, and say where. On whichever database the suite runs on (PGlite, or PostgreSQL when
// DATABASE_URL is set), in process and through the `heard audit verify` command.

async function writeEntries(db: Kysely<Database>, count: number) {
  for (let i = 1; i <= count; i++) {
    await db.transaction().execute((trx) =>
      recordAudit(trx, {
        actor: systemActor,
        action: 'response.excluded',
        entityType: 'response',
        entityId: `r${i}`,
        details: { reason: `reason ${i}` },
      }),
    )
  }
}

/** What only a superuser can do: switch the append-only trigger off, change the entry, switch it on. */
async function tamper(db: Kysely<Database>, seq: number) {
  await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db)
  await sql`update audit_log set details = '{"reason":"a kinder reason"}'::jsonb where seq = ${seq}`.execute(
    db,
  )
  await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db)
}

test('the application cannot change, delete or empty the audit log', async () => {
  const database = await createTestDatabase()
  try {
    await writeEntries(database.db, 1)
    await assert.rejects(sql`update audit_log set action = 'x'`.execute(database.db), /append-only/)
    await assert.rejects(sql`delete from audit_log`.execute(database.db), /append-only/)
    await assert.rejects(sql`truncate audit_log`.execute(database.db), /append-only/)
    const rows = await database.db.selectFrom('audit_log').select('action').execute()
    assert.deepEqual(rows, [{ action: 'response.excluded' }])
  } finally {
    await database.close()
  }
})

test('an app role that does not own the tables can neither change the log nor switch its guard off', async (t) => {
  const database = await createTestDatabase()
  try {
    if (!database.url) {
      t.skip('roles are a PostgreSQL server matter; PGlite runs as one user')
      return
    }
    const role = `heard_app_${Math.random().toString(36).slice(2, 8)}`
    await sql.raw(`create role ${role}`).execute(database.db)
    try {
      // Even given every privilege on the table, the trigger refuses; only its owner could drop it.
      await sql.raw(`grant select, insert, update, delete on audit_log to ${role}`).execute(database.db)
      await writeEntries(database.db, 1)
      const asApp = (statement: string) =>
        database.db.transaction().execute(async (trx) => {
          await sql.raw(`set local role ${role}`).execute(trx)
          await sql.raw(statement).execute(trx)
        })
      await assert.rejects(asApp(`update audit_log set action = 'x'`), /append-only/)
      await assert.rejects(asApp('delete from audit_log'), /append-only/)
      await assert.rejects(
        asApp('alter table audit_log disable trigger audit_log_append_only'),
        /must be owner/,
      )
      const rows = await database.db.selectFrom('audit_log').select('action').execute()
      assert.deepEqual(rows, [{ action: 'response.excluded' }])
    } finally {
      await sql.raw(`revoke all on audit_log from ${role}`).execute(database.db)
      await sql.raw(`drop role ${role}`).execute(database.db)
    }
  } finally {
    await database.close()
  }
})

test('a changed entry breaks the chain at that entry, and the entries before it still hold', async () => {
  const database = await createTestDatabase()
  try {
    await writeEntries(database.db, 5)
    const audit = createAuditService({ db: database.db })
    const intact = await audit.verify()
    assert.equal(intact.checked, 5)
    assert.equal(intact.brokenAtSeq, undefined)
    const third = await database.db
      .selectFrom('audit_log')
      .select('seq')
      .orderBy('seq')
      .offset(2)
      .limit(1)
      .executeTakeFirstOrThrow()
    await tamper(database.db, Number(third.seq))
    const broken = await audit.verify()
    assert.equal(broken.brokenAtSeq, String(third.seq))
    assert.equal(broken.brokenBecause, 'hash')
    assert.equal(broken.checked, 2)
  } finally {
    await database.close()
  }
})

const heard = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, ['bin/heard.js', ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
  })

test('heard audit verify exits 0 on an intact log and names the first changed entry otherwise', async () => {
  // The command runs in its own process, so it needs a database it can open: the PostgreSQL test
  // database by its address, or an embedded database in a folder.
  const folder = mkdtempSync(path.join(tmpdir(), 'heard-audit-'))
  const onServer = process.env.DATABASE_URL ? await createTestDatabase() : undefined
  const env: Record<string, string> = onServer?.url
    ? { DATABASE_URL: onServer.url }
    : { DATABASE_URL: '', HEARD_DATA_DIR: folder }
  const open = async (): Promise<DatabaseHandle> => {
    if (onServer) return onServer
    const embedded = await openDatabase({ databaseUrl: undefined, dataDir: folder })
    await migrateToLatest(embedded.db)
    return embedded
  }
  try {
    let handle = await open()
    await writeEntries(handle.db, 4)
    if (!onServer) await handle.close()

    const intact = heard(env, 'audit', 'verify')
    assert.equal(intact.status, 0, intact.stderr)
    assert.match(intact.stdout, /The audit log holds: 4 entries checked\./)
    assert.match(intact.stdout, /Latest hash: [0-9a-f]{64}/)

    handle = await open()
    const second = await handle.db
      .selectFrom('audit_log')
      .select('seq')
      .orderBy('seq')
      .offset(1)
      .limit(1)
      .executeTakeFirstOrThrow()
    await tamper(handle.db, Number(second.seq))
    if (!onServer) await handle.close()

    const broken = heard(env, 'audit', 'verify')
    assert.equal(broken.status, 1)
    assert.match(
      broken.stderr,
      new RegExp(`The audit log is broken at entry ${second.seq}: its hash does not match what it records`),
    )

    const exported = heard(env, 'audit', 'export')
    assert.equal(exported.status, 0, exported.stderr)
    const lines = exported.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    assert.equal(lines.length, 4)
    assert.equal(lines[1].details.reason, 'a kinder reason')
    assert.equal(lines[1].prevHash, lines[0].hash)
  } finally {
    await onServer?.close()
    rmSync(folder, { recursive: true, force: true })
  }
})
