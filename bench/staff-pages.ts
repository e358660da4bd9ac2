import { type Kysely, sql } from 'kysely'
import { generateSync } from 'otplib'
import { referenceSlug } from '../src/demo/reference-consultation.js'
import { systemActor } from '../src/platform/audit/audit-log.js'
import { type DatabaseOptions, openDatabase } from '../src/platform/db/database.js'
import { migrateToLatest } from '../src/platform/db/migrate.js'
import type { Database } from '../src/platform/db/schema.js'
import { type AppUnderBench, startAppUnderBench } from './app-under-bench.js'
import type { BenchContext, Benchmark, FurtherFigure, Measurement } from './benchmark.js'

// Every staff page of the reference consultation, as a signed-in administrator loads them over
// HTTP: the pages its workspace menu links to, and the pages one click further that grow with the
// consultation (a deep page of the response list, one response, a question's results by a
// breakdown, one duplicate group, the coding pages). Each page is timed beside the raw time of the
// query at its heart, so a slow page can be told from a slow query. Made to take a response count,
// so the same pages are measured at the demo's size and at a million.

const demoSize = 6650
const staff = { email: 'bench.admin@example.org', password: 'a passphrase long enough for the bench' }
/** A page must answer within this at a million responses on PostgreSQL; three times it on PGlite. */
const targetMs = { postgres: 1000, pglite: 3000 }

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

/** The nearest-rank percentile of `values`. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

/** The cookies a server has set, kept as a browser keeps them. */
type CookieJar = Map<string, string>

function keepCookies(jar: CookieJar, response: Response): void {
  for (const cookie of response.headers.getSetCookie()) {
    const pair = cookie.split(';')[0] ?? ''
    const equals = pair.indexOf('=')
    if (equals > 0) jar.set(pair.slice(0, equals), pair.slice(equals + 1))
  }
}

const cookieHeader = (jar: CookieJar) => [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''

/**
 * Signs in over HTTP as a new member of staff does, setting up the authenticator that staff must
 * have at their first sign-in, and returns the session's cookies.
 */
async function signIn(origin: string): Promise<string> {
  const jar: CookieJar = new Map()
  const form = await fetch(`${origin}/admin/sign-in`)
  keepCookies(jar, form)
  const body = new URLSearchParams({
    _csrf: csrfOf(await form.text()),
    email: staff.email,
    password: staff.password,
    next: '/admin',
  })
  const signedIn = await fetch(`${origin}/admin/sign-in`, {
    method: 'POST',
    body,
    headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  })
  if (signedIn.status !== 303) throw new Error(`signing in answered ${signedIn.status}`)
  keepCookies(jar, signedIn)
  if (signedIn.headers.get('location') !== '/admin/two-factor/setup') return cookieHeader(jar)
  const setup = await fetch(`${origin}/admin/two-factor/setup`, { headers: { cookie: cookieHeader(jar) } })
  keepCookies(jar, setup)
  const page = await setup.text()
  const secret = /data-testid="totp-key">([A-Z2-7 ]+)</.exec(page)?.[1]?.replace(/ /g, '') ?? ''
  const code = generateSync({ secret, epoch: Math.floor(Date.now() / 1000) })
  const enrolled = await fetch(`${origin}/admin/two-factor/setup`, {
    method: 'POST',
    body: new URLSearchParams({ _csrf: csrfOf(page), code }),
    headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  })
  if (enrolled.status !== 200) throw new Error(`setting up two-factor sign-in answered ${enrolled.status}`)
  keepCookies(jar, enrolled)
  return cookieHeader(jar)
}

/** A page still loading after this is reported as taking this long, and not loaded again. */
export const pageTimeoutMs = 120_000

/** The page's body, which must have answered 200: a redirect (to sign in, say) is a failure, not the page. */
async function load(url: string, cookie: string): Promise<string> {
  const response = await fetch(url, {
    headers: { cookie },
    redirect: 'manual',
    signal: AbortSignal.timeout(pageTimeoutMs),
  })
  const body = await response.text()
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`)
  return body
}

/**
 * The median of `times` runs of `work`; a run over `enough` ms (ten times the target, say) is
 * not repeated, as its figure already says what matters, and one that times out counts as the
 * timeout.
 */
async function medianMs(times: number, work: () => Promise<unknown>, enough = Infinity): Promise<number> {
  const taken: number[] = []
  for (let i = 0; i < times; i++) {
    const started = performance.now()
    try {
      await work()
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'TimeoutError')) throw error
      return pageTimeoutMs
    }
    taken.push(performance.now() - started)
    if ((taken[i] ?? 0) > enough) break
  }
  return median(taken)
}

/** One staff page: where it is, what it must show, and the query at its heart, if it has one. */
interface StaffPage {
  name: string
  path: string
  expected?: RegExp
  mainQuery?: (consultationId: string) => ReturnType<typeof sql>
}

/** The workspace menu's links on a page, in order, as `[section label, path]`. */
function menuOf(html: string): { name: string; path: string }[] {
  const start = html.indexOf('data-testid="workspace-navigation"')
  const menu = html.slice(start, html.indexOf('</div>', start))
  return [...menu.matchAll(/<a[^>]*href="([^"]+)"[^>]*>\s*([^<]+?)\s*</g)].map((m) => ({
    path: m[1] ?? '',
    name: (m[2] ?? '').toLowerCase(),
  }))
}

/** The query at the heart of each menu section's page, by the section's path under the consultation. */
const mainQueries: Record<string, (id: string) => ReturnType<typeof sql>> = {
  '/overview': (id) => sql`select status, late, late_decision, channel, count(*) from responses
    where consultation_id = ${id} group by 1, 2, 3, 4`,
  '/responses': (id) => sql`select id, reference, channel, status, submitted_at from responses
    where consultation_id = ${id} order by submitted_at desc, id limit 50`,
  '/paper': (id) => sql`select r.id from paper_returns p join responses r on r.id = p.response_id
    where r.consultation_id = ${id} and p.resolved_at is null limit 50`,
  '/events': (id) => sql`select * from events where consultation_id = ${id}`,
  '/partners': (id) => sql`select partner_organisation_id, count(*) from responses
    where consultation_id = ${id} and partner_organisation_id is not null group by 1`,
  '/participation': (id) => sql`select figures from participation_figures where consultation_id = ${id}`,
  '/participation/groups': (id) => sql`select id, tier from participation_groups
    where consultation_id = ${id} order by id limit 50`,
  '/participation/scrutiny': (id) =>
    sql`select figures from participation_figures where consultation_id = ${id}`,
  '/results': (id) => sql`select a.codes[1], count(*) from closed_answers a
    where a.consultation_id = ${id} and not a.excluded and not a.late group by 1`,
  '/coding': (id) => sql`select count(*) from codings c join responses r on r.id = c.response_id
    where r.consultation_id = ${id}`,
  '/evidence': (id) =>
    sql`select seq from audit_log where consultation_id = ${id} order by seq desc limit 50`,
}

async function rawMs(db: Kysely<Database>, query: ReturnType<typeof sql>, times: number) {
  return medianMs(times, () => query.execute(db))
}

/** The pages to time: `/admin`, each menu section, and the big pages one click further. */
async function staffPagesOf(origin: string, cookie: string, consultationId: string): Promise<StaffPage[]> {
  const base = `/admin/consultations/${consultationId}`
  const overview = await load(`${origin}${base}/overview`, cookie)
  const menu = menuOf(overview)
  if (menu.length < 10) throw new Error(`the workspace menu showed ${menu.length} sections`)
  const list = await load(`${origin}${base}/responses`, cookie)
  const responseId = /href="\/admin\/responses\/([0-9a-f-]{36})"/.exec(list)?.[1]
  const last = /href="([^"]*responses\?[^"]*)"[^>]*>[^<]*(?:<[^>]+>)*\s*Last/.exec(list)?.[1]
  const groups = await load(`${origin}${base}/participation/groups`, cookie)
  const groupId = /href="\/admin\/participation\/groups\/([0-9a-f-]{36})"/.exec(groups)?.[1]
  return [
    { name: '/admin', path: '/admin', mainQuery: () => sql`select id, title from consultations` },
    ...menu.map(({ name, path }) => ({
      name,
      path,
      mainQuery: mainQueries[path.slice(base.length)],
    })),
    ...(last ? [{ name: 'responses, last page', path: last.replace(/&amp;/g, '&') }] : []),
    { name: 'responses per day', path: `${base}/responses/per-day` },
    ...(responseId
      ? [
          {
            name: 'one response',
            path: `/admin/responses/${responseId}`,
            mainQuery: () => sql`select * from responses where id = ${responseId}`,
          },
        ]
      : []),
    {
      name: 'a question by relationship',
      path: `${base}/results/p1_agreement?breakdown=relationship`,
      mainQuery: (id: string) => sql`select a.codes[1], a.codes[2], count(*) from closed_answers a
        where a.consultation_id = ${id} and not a.excluded and not a.late group by 1, 2`,
    },
    ...(groupId ? [{ name: 'one duplicate group', path: `/admin/participation/groups/${groupId}` }] : []),
    { name: 'coding: theme counts', path: `${base}/coding/theme-counts` },
    { name: 'coding: quotes', path: `${base}/coding/quotes` },
    { name: 'coding: safeguarding', path: `${base}/coding/safeguarding` },
    { name: 'coding: double coding', path: `${base}/coding/double` },
    { name: 'codeframe', path: `${base}/codeframe` },
    { name: 'paper accuracy', path: `${base}/paper/accuracy` },
    {
      name: 'audit',
      path: '/admin/audit',
      mainQuery: () => sql`select seq from audit_log order by seq desc limit 50`,
    },
  ]
}

export interface PageTime {
  name: string
  path: string
  ms: number
  /** The raw time of the query at the page's heart, when it has one. */
  mainQueryMs?: number
}

/**
 * Times every staff page of the reference consultation: the median of `loads` loads of each, one
 * after another, beside its main query run as often.
 */
export async function timeStaffPages(
  app: AppUnderBench,
  db: Kysely<Database>,
  consultationId: string,
  loads: number,
  progress: (line: string) => void,
  enough = Infinity,
): Promise<PageTime[]> {
  const cookie = await signIn(app.origin)
  const pages = await staffPagesOf(app.origin, cookie, consultationId)
  const times: PageTime[] = []
  for (const page of pages) {
    const url = `${app.origin}${page.path}`
    const ms = await medianMs(loads, () => load(url, cookie), enough)
    const mainQueryMs = page.mainQuery
      ? await rawMs(db, page.mainQuery(consultationId), ms > enough ? 1 : loads)
      : undefined
    progress(
      `${page.name}: ${Math.round(ms)} ms${mainQueryMs === undefined ? '' : ` (main query ${Math.round(mainQueryMs)} ms)`}`,
    )
    times.push({ name: page.name, path: page.path, ms, mainQueryMs })
  }
  return times
}

/** A signed-in administrator, as the bench's pages need, unless there is one already. */
async function ensureBenchStaff(app: AppUnderBench, db: Kysely<Database>): Promise<void> {
  const found = await db.selectFrom('users').select('id').where('email', '=', staff.email).executeTakeFirst()
  if (found) {
    // On a kept database: sign-in sets the authenticator up afresh, as the bench keeps no secret.
    await db.deleteFrom('user_recovery_codes').where('user_id', '=', found.id).execute()
    await db.deleteFrom('user_totp').where('user_id', '=', found.id).execute()
    return
  }
  await app.services.users.createUser({
    ...staff,
    displayName: 'Bench administrator',
    roles: ['administrator'],
  })
}

/** The bench's figures from the pages' times: the slowest page, the p95, and each page. */
export function staffPagesMeasurement(name: string, target: number, times: readonly PageTime[]): Measurement {
  const slowest = times.reduce((a, b) => (b.ms > a.ms ? b : a))
  const queryOf = (t: PageTime) => t.mainQueryMs ?? Number.NaN
  const slowestQuery = Math.max(...times.map(queryOf).filter(Number.isFinite))
  const figure = (figureName: string, value: number, baseline: number): FurtherFigure => ({
    name: `${name}: ${figureName}`,
    unit: 'ms',
    target,
    targetIs: 'at-most',
    value,
    baseline,
    baselineLabel: { label: 'main query', unit: 'ms' },
  })
  const further = [
    figure(
      'p95 of all pages',
      percentile(
        times.map((t) => t.ms),
        95,
      ),
      slowestQuery,
    ),
    ...times.filter((t) => t.mainQueryMs).map((t) => figure(t.name, t.ms, queryOf(t))),
  ]
  return { value: slowest.ms, baseline: queryOf(slowest) || slowestQuery, further }
}

/** The staff-pages benchmark at a given number of responses to the reference case. */
export function staffPagesBenchmark(responses: number = demoSize): Benchmark {
  const loads = responses > 100_000 ? 3 : 5
  return {
    name: responses === demoSize ? 'staff-pages' : `staff-pages-${responses}`,
    description: `every staff page of the reference consultation at ${responses.toLocaleString('en-GB')} responses, median of ${loads} loads each; the value is the slowest page (also the p95 of all), against the query at its heart`,
    unit: 'ms',
    target: targetMs,
    targetIs: 'at-most',
    baseline: { label: 'main query', unit: 'ms' },

    async run(ctx: BenchContext) {
      const app = await startAppUnderBench(ctx.database)
      try {
        const consultationId = await prepareReferenceCase(app, ctx.database.db, responses, ctx.progress)
        const target = targetMs[ctx.database.kind]
        const times = await timeStaffPages(
          app,
          ctx.database.db,
          consultationId,
          loads,
          ctx.progress,
          10 * target,
        )
        return staffPagesMeasurement(this.name, target, times)
      } finally {
        await app.close()
      }
    },
  }
}

/**
 * The reference case with `responses` responses, a detection run's stored figures and the bench's
 * administrator: loaded unless the database holds it already (a million takes minutes to load, so
 * a loaded database can be measured again), and detected unless a run has stored figures.
 */
export async function prepareReferenceCase(
  app: AppUnderBench,
  db: Kysely<Database>,
  responses: number,
  progress: (line: string) => void,
): Promise<string> {
  const { services } = app
  const existing = await services.consultations.getBySlug(referenceSlug).catch(() => undefined)
  if (!existing) {
    progress(`loading ${responses.toLocaleString('en-GB')} responses`)
    await services.demo.loadReferenceCase({ responses, seed: 1 })
    // As the demo does after loading: a bulk load outruns the planner's statistics, and without
    // them (autovacuum off, or not yet run) pages were planned as nested loops (coding 33 s at a million).
    await sql`analyze`.execute(db)
  }
  const consultationId = existing?.id ?? (await services.consultations.getBySlug(referenceSlug)).id
  await ensureBenchStaff(app, db)
  const stored = await db
    .selectFrom('participation_figures')
    .select('computed_at')
    .where('consultation_id', '=', consultationId)
    .executeTakeFirst()
  if (!stored) {
    progress('detecting duplicates and storing the figures, as the background job would')
    const detecting = performance.now()
    await services.participation.detect(consultationId, systemActor)
    progress(`the detection run took ${Math.round(performance.now() - detecting)} ms`)
  }
  return consultationId
}

export const staffPages = staffPagesBenchmark()

/**
 * The staff pages timed on a database of one's own that is kept between runs (`heard-bench
 * staff-pages`): the reference case is loaded into it only the first time, so a million responses
 * are loaded once and measured as often as a change needs.
 */
export async function timeStaffPagesOnKeptDatabase(
  options: DatabaseOptions & { responses: number },
  print: (line: string) => void,
): Promise<PageTime[]> {
  const database = await openDatabase(options)
  try {
    await migrateToLatest(database.db)
    const app = await startAppUnderBench(database)
    try {
      const consultationId = await prepareReferenceCase(app, database.db, options.responses, print)
      const loads = options.responses > 100_000 ? 3 : 5
      const target = targetMs[database.kind]
      const times = await timeStaffPages(app, database.db, consultationId, loads, print, 10 * target)
      const measured = staffPagesMeasurement('staff-pages', target, times)
      print(
        `slowest page ${Math.round(measured.value)} ms; p95 ${Math.round(measured.further?.[0]?.value ?? 0)} ms`,
      )
      return times
    } finally {
      await app.close()
    }
  } finally {
    await database.close()
  }
}
