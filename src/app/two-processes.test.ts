import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'kysely'
import { sealAuditEntries, verifyAuditChain } from '../platform/audit/audit-log.js'
import { installDir } from '../platform/install-dir.js'
import { publishOpenConsultation, staffPassword } from '../testing/app.js'
import { childEntry } from '../testing/child-entry.js'
import { createTestDatabase, testDatabaseKind } from '../testing/databases.js'
import { freePort, startRelay } from '../testing/relay.js'
import { hiddenFields } from '../testing/rendered-forms.js'
import { createServices } from './services.js'

// heard-test: slow (waits for the scheduled jobs' minute), so it is started first.
// Issue 20: two web processes and one worker on one PostgreSQL, as a production set-up runs. A
// session begun on one web process is honoured by the other; each scheduled job runs once
// although two processes work jobs; and when the database connection is lost mid-load (every
// connection cut, as a restart does) and comes back, every response that got a receipt is stored
// exactly once and the audit chain is whole.

const entry = childEntry(import.meta.url, '../testing/cli-child')
const slug = 'two-processes'
const startLimitMs = 90_000
const requestLimitMs = 30_000
// The every-minute jobs: pg-boss checks schedules every 30 s, so one runs within about 90 s.
const everyMinute = ['consultations.open-and-close', 'safeguarding.scan-arrivals']

class Child {
  readonly output: string[] = []
  readonly jobsDone = new Map<string, number>()
  private child: ChildProcess | undefined

  constructor(
    readonly name: string,
    private readonly args: string[],
    private readonly env: Record<string, string>,
  ) {}

  start() {
    const child = spawn(process.execPath, [...entry, ...this.args], {
      cwd: installDir,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    })
    this.child = child
    let partial = ''
    const read = (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n')
      partial = lines.pop() ?? ''
      for (const line of lines) {
        this.output.push(line)
        if (this.output.length > 40) this.output.shift()
        // Each finished job is one JSON log line: counted here to show which process ran what.
        if (line.includes('"job done"')) {
          const job = (JSON.parse(line) as { job: string }).job
          this.jobsDone.set(job, (this.jobsDone.get(job) ?? 0) + 1)
        }
      }
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
  }

  exited(): boolean {
    return !this.child || this.child.exitCode !== null || this.child.signalCode !== null
  }

  async stop() {
    const child = this.child
    if (!child || this.exited()) return
    const gone = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await Promise.race([gone, sleep(10_000).then(() => child.kill('SIGKILL'))])
  }

  describe(): string {
    return `${this.name}: ${this.output.slice(-10).join('\n')}`
  }
}

async function untilReady(origin: string, child: Child, deadline: number) {
  while (Date.now() < deadline) {
    if (child.exited()) throw new Error(`${child.name} exited: ${child.describe()}`)
    const ready = await fetch(`${origin}/readyz`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    )
    if (ready) return
    await sleep(200)
  }
  throw new Error(`${child.name} did not start in time: ${child.describe()}`)
}

function cookiesOf(response: Response, previous = ''): string {
  const jar = new Map(
    previous
      .split('; ')
      .filter(Boolean)
      .map((c) => c.split('=', 2) as [string, string]),
  )
  for (const set of response.headers.getSetCookie()) {
    const [pair = ''] = set.split(';')
    const at = pair.indexOf('=')
    jar.set(pair.slice(0, at), pair.slice(at + 1))
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
}

interface Load {
  stopping: boolean
  deadline: number
  receipted: Set<string>
  attempted: Set<string>
  failures: number
}

/** One person's browser, sending responses to each web process in turn, retrying unanswered ones. */
async function client(origins: string[], load: Load) {
  let session: { cookie: string; fields: Record<string, string> } | undefined
  let pending: string | undefined
  for (let turn = 0; ; turn++) {
    if ((load.stopping && !pending) || Date.now() > load.deadline) return
    const origin = origins[turn % origins.length] as string
    const formUrl = `${origin}/consultations/${slug}/respond`
    try {
      if (!session) {
        const page = await fetch(formUrl, { signal: AbortSignal.timeout(requestLimitMs) })
        if (!page.ok) throw new Error(`form ${page.status}`)
        session = { cookie: cookiesOf(page), fields: hiddenFields(await page.text()) }
      }
      const key = pending ?? randomUUID()
      pending = key
      load.attempted.add(key)
      const sent = await fetch(formUrl, {
        method: 'POST',
        body: new URLSearchParams({
          ...session.fields,
          submission_key: key,
          q_single: 'bus',
          q_comments: `Response ${key}`,
        }),
        headers: { cookie: session.cookie },
        redirect: 'manual',
        signal: AbortSignal.timeout(requestLimitMs),
      })
      await sent.arrayBuffer()
      if (sent.status === 303) {
        load.receipted.add(key)
        pending = undefined
      } else {
        load.failures++
        await sleep(100)
      }
    } catch {
      load.failures++
      await sleep(100)
    }
  }
}

test('two web processes and a worker share one PostgreSQL: sessions, jobs run once, a lost connection recovered', {
  skip:
    testDatabaseKind !== 'postgres' &&
    'needs PostgreSQL (DATABASE_URL): the embedded database serves one process',
  timeout: 6 * startLimitMs,
}, async (t) => {
  const database = await createTestDatabase()
  const services = createServices({ database, now: () => new Date() })
  const consultationId = await publishOpenConsultation(services, slug)
  const observer = 'observer.two-processes@example.org'
  await services.users.createUser({
    email: observer,
    displayName: 'Olu Observer',
    roles: ['observer'],
    password: staffPassword,
  })
  const relay = await startRelay(new URL(database.url as string))
  const viaRelay = new URL(database.url as string)
  viaRelay.host = `127.0.0.1:${relay.port}`

  const [portA, portB] = [await freePort(), await freePort()]
  const common: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: viaRelay.toString(),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    HEARD_DEMO: 'off',
    HEARD_SESSION_SECRET: 'a session secret shared by every process of the test',
    HEARD_SUBMIT_FLAG_PER_HOUR: '1000000',
    HEARD_SUBMIT_LIMIT_PER_HOUR: '1000000',
  }
  // One web process works jobs as `heard serve` does by default; the other leaves them to the worker.
  const webA = new Child('web A', ['serve'], { ...common, PORT: String(portA) })
  const webB = new Child('web B', ['serve'], { ...common, PORT: String(portB), HEARD_JOBS: 'off' })
  const worker = new Child('worker', ['worker'], common)
  const children = [webA, webB, worker]
  const origins = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`]
  const load: Load = {
    stopping: false,
    deadline: Date.now() + 5 * startLimitMs,
    receipted: new Set(),
    attempted: new Set(),
    failures: 0,
  }
  try {
    for (const child of children) child.start()
    await untilReady(origins[0] as string, webA, Date.now() + startLimitMs)
    await untilReady(origins[1] as string, webB, Date.now() + startLimitMs)
    const started = Date.now()

    // Signed in on A; B knows the session.
    const signInPage = await fetch(`${origins[0]}/admin/sign-in`)
    let cookie = cookiesOf(signInPage)
    const signedIn = await fetch(`${origins[0]}/admin/sign-in`, {
      method: 'POST',
      body: new URLSearchParams({
        ...hiddenFields(await signInPage.text()),
        email: observer,
        password: staffPassword,
      }),
      headers: { cookie },
      redirect: 'manual',
    })
    assert.equal(signedIn.status, 303, 'signed in on web A')
    cookie = cookiesOf(signedIn, cookie)
    const onB = await fetch(`${origins[1]}/admin/consultations/${consultationId}/responses`, {
      headers: { cookie },
      redirect: 'manual',
    })
    assert.equal(onB.status, 200, 'the session begun on web A is honoured by web B')
    assert.match(await onB.text(), /Test consultation two-processes/)

    const clients = Array.from({ length: 6 }, () => client(origins, load))
    const until = async (count: number) => {
      const limit = Date.now() + startLimitMs
      while (load.receipted.size < count) {
        if (Date.now() > limit)
          throw new Error(`stuck at ${load.receipted.size} receipts: ${webA.describe()}`)
        await sleep(50)
      }
    }
    await until(40)
    // Every connection to the database is cut, and none can be made for three seconds.
    await relay.cut()
    await sleep(3000)
    await relay.open()
    await until(load.receipted.size + 40)
    for (const origin of origins) {
      const ready = await fetch(`${origin}/readyz`)
      assert.equal(ready.status, 200, `${origin} ready again after the outage`)
    }

    // Let the every-minute jobs run at least once after the outage, whichever process takes them.
    const jobsLimit = Date.now() + 2 * startLimitMs
    const completed = async () =>
      (
        await sql<{ name: string; n: string }>`
          select name, count(*) as n from pgboss.job
          where name in (${sql.join(everyMinute)}) and state = 'completed'
          group by name`.execute(database.db)
      ).rows
    while ((await completed()).length < everyMinute.length) {
      if (Date.now() > jobsLimit) throw new Error(`scheduled jobs did not run: ${worker.describe()}`)
      await sleep(1000)
    }

    load.stopping = true
    await Promise.all(clients)
    for (const child of children) await child.stop()

    // Each minute's run of a scheduled job is one job, run by one process.
    const perMinute = await sql<{ name: string; n: string }>`
      select name, singleton_on, count(*) as n from pgboss.job
      where name in (${sql.join(everyMinute)}) group by name, singleton_on having count(*) > 1`.execute(
      database.db,
    )
    assert.deepEqual(perMinute.rows, [], 'no scheduled minute was queued twice')
    for (const { name, n } of await completed()) {
      const ran = (webA.jobsDone.get(name) ?? 0) + (worker.jobsDone.get(name) ?? 0)
      assert.equal(ran, Number(n), `${name}: runs logged by the processes equal completed jobs`)
      assert.equal(webB.jobsDone.get(name) ?? 0, 0, `${name}: not run by the web process with jobs off`)
    }

    const rows = await database.db
      .selectFrom('responses')
      .where('consultation_id', '=', consultationId)
      .select(['id', 'submission_key'])
      .execute()
    const stored = new Map<string, number>()
    for (const row of rows) stored.set(row.submission_key, (stored.get(row.submission_key) ?? 0) + 1)
    for (const key of load.receipted) assert.equal(stored.get(key), 1, `receipted ${key} stored once`)
    assert.equal(rows.length, load.receipted.size, 'nothing stored without its receipt')
    await sealAuditEntries(database.db)
    assert.equal((await verifyAuditChain(database.db)).brokenAtSeq, undefined, 'the audit chain is whole')
    t.diagnostic(
      `${load.receipted.size} receipts across two web processes, ${load.failures} attempts unanswered during the outage and sent again; ` +
        `jobs run by web A ${JSON.stringify(Object.fromEntries(webA.jobsDone))}, by the worker ${JSON.stringify(Object.fromEntries(worker.jobsDone))}; ` +
        `${Math.round((Date.now() - started) / 1000)} s`,
    )
  } finally {
    load.stopping = true
    for (const child of children) await child.stop()
    await relay.cut()
    await database.close()
  }
})
