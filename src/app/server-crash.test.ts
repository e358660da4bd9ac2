import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { sealAuditEntries, verifyAuditChain } from '../platform/audit/audit-log.js'
import { type DatabaseHandle, openDatabase } from '../platform/db/database.js'
import { migrateToLatest } from '../platform/db/migrate.js'
import { installDir } from '../platform/install-dir.js'
import { publishOpenConsultation } from '../testing/app.js'
import { childEntry } from '../testing/child-entry.js'
import { createTestDatabase, testDatabaseKind } from '../testing/databases.js'
import { freePort } from '../testing/relay.js'
import { hiddenFields } from '../testing/rendered-forms.js'
import { createServices } from './services.js'

// heard-test: slow (twenty restarts of a server), so it is started first.
// Losing nothing: the real web application (src/testing/server.ts) runs as a child process on its own database
// while clients submit; it is killed with SIGKILL at random moments and restarted. Every
// submission that got a receipt must be stored exactly once, and retries of the ones that got no
// answer (same submission key) must not make a second response. Loopback only, bounded in time.

const entry = childEntry(import.meta.url, '../testing/server')
const slug = 'crash-check'
const clients = 8
// Twenty kills, the chain checked after each (issue 20), at about ten receipts a round.
const kills = 20
// A start takes about a second on an idle machine, but far longer on a busy shared one.
const startLimitMs = 60_000
// A killed server resets its connections at once; a long wait only means a slow machine, and
// giving up early would send the same response again and again, each making the machine slower.
const requestLimitMs = 30_000

async function prepare(database: DatabaseHandle) {
  await publishOpenConsultation(createServices({ database, now: () => new Date() }), slug)
}

class Server {
  child: ChildProcess | undefined
  output: string[] = []
  starts = 0

  constructor(
    readonly origin: string,
    private readonly env: Record<string, string>,
  ) {}

  async start(deadline: number) {
    this.starts++
    const child = spawn(process.execPath, entry, {
      cwd: installDir,
      env: this.env,
      // The IPC channel lets the child see this process go, however it goes, and stop too.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    })
    this.child = child
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString())
      this.output.splice(0, this.output.length - 20)
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new Error(`the server exited (${child.exitCode}): ${this.output.join('')}`)
      const ready = await fetch(`${this.origin}/readyz`, { signal: AbortSignal.timeout(1000) }).then(
        (r) => r.ok,
        () => false,
      )
      if (ready) return
      await sleep(100)
    }
    throw new Error(`the server did not start in time: ${this.output.join('')}`)
  }

  async kill() {
    const child = this.child
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }
}

/** One person's browser: opens the form once, then sends responses, retrying any that got no answer. */
async function client(
  origin: string,
  state: {
    stopping: boolean
    /** When every client gives up, whatever happens, so that the test always ends. */
    deadline: number
    receipted: Set<string>
    attempted: Set<string>
    retried: Set<string>
  },
) {
  const formUrl = `${origin}/consultations/${slug}/respond`
  let session: { cookie: string; fields: Record<string, string> } | undefined
  let pending: string | undefined
  for (;;) {
    if ((state.stopping && !pending) || Date.now() > state.deadline) return
    try {
      if (!session) {
        const page = await fetch(formUrl, { signal: AbortSignal.timeout(requestLimitMs) })
        const cookie = page.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ')
        session = { cookie, fields: hiddenFields(await page.text()) }
      }
      const key = pending ?? randomUUID()
      if (pending) state.retried.add(key)
      pending = key
      state.attempted.add(key)
      const body = new URLSearchParams({
        ...session.fields,
        submission_key: key,
        q_single: 'bus',
        q_comments: `Response ${key}`,
      })
      const sent = await fetch(formUrl, {
        method: 'POST',
        body,
        headers: { cookie: session.cookie },
        redirect: 'manual',
        signal: AbortSignal.timeout(requestLimitMs),
      })
      await sent.arrayBuffer()
      if (sent.status === 303) {
        state.receipted.add(key)
        pending = undefined
      } else await sleep(50)
    } catch {
      // No answer: the server is down or was killed mid-request. Try the same key again shortly.
      await sleep(50)
    }
  }
}

test(`responses that got a receipt survive the server being killed (${testDatabaseKind})`, {
  timeout: (kills + 10) * startLimitMs,
}, async (t) => {
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    HEARD_SESSION_SECRET: 'a session secret for the crash test, 32+ chars',
    // Every client is on 127.0.0.1: this test is about durability, not the per-address limits.
    HEARD_SUBMIT_FLAG_PER_HOUR: '1000000',
    HEARD_SUBMIT_LIMIT_PER_HOUR: '1000000',
  }
  let open: () => Promise<DatabaseHandle>
  let cleanUp: () => Promise<void>
  if (testDatabaseKind === 'postgres') {
    const database = await createTestDatabase()
    await prepare(database)
    env.DATABASE_URL = database.url as string
    open = async () => database
    cleanUp = () => database.close()
  } else {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'heard-crash-'))
    const database = await openDatabase({ databaseUrl: undefined, dataDir })
    await migrateToLatest(database.db)
    await prepare(database)
    await database.close()
    env.HEARD_DATA_DIR = dataDir
    // Opened only once the server is dead: the embedded database serves one process at a time.
    open = () => openDatabase({ databaseUrl: undefined, dataDir })
    cleanUp = () => rm(dataDir, { recursive: true, force: true })
  }
  const server = new Server(origin, env)
  const state = {
    stopping: false,
    deadline: Date.now() + (kills + 6) * startLimitMs,
    receipted: new Set<string>(),
    attempted: new Set<string>(),
    retried: new Set<string>(),
  }
  let database: DatabaseHandle | undefined
  try {
    await server.start(Date.now() + startLimitMs)
    const running = Array.from({ length: clients }, () => client(origin, state))
    for (let i = 0; i < kills; i++) {
      const before = state.receipted.size
      // Let some responses through, then kill at a random moment.
      const until = Date.now() + startLimitMs
      while (state.receipted.size < before + 10) {
        if (Date.now() > until) throw new Error(`no responses got through: ${server.output.join('')}`)
        await sleep(20)
      }
      await sleep(Math.random() * 300)
      await server.kill()
      // The chain is whole after every kill, once the entries the killed server queued are sealed.
      const checking = await open()
      try {
        await sealAuditEntries(checking.db)
        const chain = await verifyAuditChain(checking.db)
        assert.equal(chain.brokenAtSeq, undefined, `the audit chain after kill ${i + 1}`)
      } finally {
        if (testDatabaseKind === 'pglite') await checking.close()
      }
      await server.start(Date.now() + startLimitMs)
    }
    // New responses stop; those still waiting for an answer are retried until they get one.
    state.stopping = true
    await Promise.race([
      Promise.all(running),
      sleep(startLimitMs).then(() => {
        throw new Error('clients did not finish')
      }),
    ])
    await server.kill()

    database = await open()
    const rows = await database.db
      .selectFrom('responses')
      .innerJoin('consultations', 'consultations.id', 'responses.consultation_id')
      .where('consultations.slug', '=', slug)
      .select(['responses.id', 'responses.submission_key'])
      .execute()
    const stored = new Map<string, number>()
    for (const row of rows) stored.set(row.submission_key, (stored.get(row.submission_key) ?? 0) + 1)
    assert.ok(state.receipted.size >= kills * 10, `only ${state.receipted.size} receipts`)
    for (const key of state.receipted) assert.equal(stored.get(key), 1, `receipted ${key} stored once`)
    assert.equal(rows.length, state.receipted.size, 'nothing stored that was not receipted in the end')
    assert.ok([...stored.keys()].every((key) => state.attempted.has(key)))
    // Each response has its audit entry: both were written in one transaction or neither was.
    // Entries a killed server left queued are chained by the next sealing, as the next
    // submission or the housekeeping job would do; the chain is whole after that.
    await sealAuditEntries(database.db)
    assert.equal((await verifyAuditChain(database.db)).brokenAtSeq, undefined)
    const audited = await database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'response.submitted')
      .where(
        'entity_id',
        'in',
        rows.map((r) => r.id),
      )
      .executeTakeFirstOrThrow()
    assert.equal(Number(audited.n), rows.length)
    assert.equal(server.starts, kills + 1)
    t.diagnostic(
      `${state.receipted.size} receipts over ${server.starts} starts; ${state.retried.size} sent again after no answer`,
    )
  } finally {
    state.stopping = true
    await server.kill()
    await database?.close()
    await cleanUp()
  }
})
