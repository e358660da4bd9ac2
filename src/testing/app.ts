import { randomBytes, randomUUID } from 'node:crypto'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Kysely } from 'kysely'
import { generateSync } from 'otplib'
import { buildApp } from '../app/build-app.js'
import { loadConfig } from '../app/config.js'
import { allJobs } from '../app/jobs.js'
import { createServices, type Services } from '../app/services.js'
import { publicActor, systemActor } from '../platform/audit/audit-log.js'
import type { PasswordHashCost } from '../platform/auth/passwords.js'
import type { Database, Role } from '../platform/db/schema.js'
import { createLogger } from '../platform/logging/logger.js'
import { everyQuestionType } from '../questionnaire/examples.js'
import { createTestDatabase, type TestDatabase } from './databases.js'
import { hiddenFields } from './rendered-forms.js'

// Staff passwords are still hashed and checked with argon2id, at a cost a fraction of the
// standard one: every route test signs people in, and the standard cost is slow by design.
const testPasswordHashCost: PasswordHashCost = { memoryCost: 1024, timeCost: 1 }

export interface TestAppOptions {
  env?: Record<string, string>
  now?: () => Date
  /** Responses to the open demo consultation, which is always loaded. */
  demoResponses?: number
  /** When set, the reference case is loaded too, with this many responses. */
  referenceResponses?: number
}

export interface TestApp {
  app: FastifyInstance
  /** The clock the services read. */
  now: () => Date
  services: Services
  database: TestDatabase
  /** Jobs sent and not yet run, oldest first. */
  jobs: SentJob[]
  /** Runs the jobs sent so far (and any they send) as a worker would, and says how many ran. */
  runJobs(): Promise<number>
  close(): Promise<void>
}

export interface SentJob {
  name: string
  data: Record<string, unknown>
}

/** The whole app on a database of its own, with the demo consultation loaded. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase()
  const config = loadConfig({ LOG_LEVEL: 'silent', ...options.env })
  // Jobs are recorded rather than sent to pg-boss, so a test runs them when it chooses.
  const jobs: SentJob[] = []
  const now = options.now ?? (() => new Date())
  const services = createServices({
    database,
    now,
    passwordHashCost: testPasswordHashCost,
    disclosureThreshold: config.disclosureThreshold,
    jobs: {
      send: async (name, data) => {
        jobs.push({ name, data })
        return true
      },
    },
  })
  await services.demo.loadOpenConsultation({ responses: options.demoResponses ?? 0, seed: 1 })
  if (options.referenceResponses !== undefined) {
    await services.demo.loadReferenceCase({ responses: options.referenceResponses, seed: 1 })
  }
  const app = await buildApp({ config, db: database.db, services, logger: createLogger(config.logLevel) })
  await app.ready()
  const definitions = allJobs(database, services)
  return {
    app,
    now,
    services,
    database,
    jobs,
    async runJobs() {
      let ran = 0
      for (let job = jobs.shift(); job; job = jobs.shift()) {
        const { name, data } = job
        const definition = definitions.find((d) => d.name === name)
        if (!definition) throw new Error(`No job is defined with the name ${name}`)
        await definition.run(data)
        ran++
      }
      return ran
    },
    async close() {
      await app.close()
      await database.close()
    },
  }
}

/** A minimal cookie jar over `app.inject`, so tests can act like a browser across requests. */
export class TestBrowser {
  readonly cookies = new Map<string, string>()

  constructor(
    private readonly app: FastifyInstance,
    /** The clock the app's services read, for the codes of an authenticator app. */
    private readonly now: () => Date = () => new Date(),
  ) {}

  private remember(response: LightMyRequestResponse) {
    for (const cookie of response.cookies) {
      if (cookie.maxAge === 0 || (cookie.expires && new Date(cookie.expires).getTime() < Date.now())) {
        this.cookies.delete(cookie.name)
      } else this.cookies.set(cookie.name, cookie.value)
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  async get(url: string, headers: Record<string, string> = {}) {
    const response = await this.app.inject({
      method: 'GET',
      url,
      headers: { cookie: this.cookieHeader(), ...headers },
    })
    this.remember(response)
    return response
  }

  async post(url: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}) {
    const body = new URLSearchParams()
    for (const [name, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(name, v)
    }
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: this.cookieHeader(),
        ...headers,
      },
    })
    this.remember(response)
    return response
  }

  /** Loads a page and returns the hidden fields of its first form, CSRF token included. */
  async formFields(url: string): Promise<Record<string, string>> {
    return hiddenFields((await this.get(url)).body)
  }

  /** Posts a form from the page at `from`, with the CSRF token that page carries. */
  async postFrom(from: string, url: string, form: Record<string, string | string[]>) {
    const csrf = (await this.formFields(from))._csrf ?? ''
    return this.post(url, { _csrf: csrf, ...form })
  }

  /** Sends a multipart form as an upload form would, with the file under `fileField` when there is one. */
  async upload(
    url: string,
    fields: Record<string, string>,
    fileField: string,
    file: { name: string; data: Buffer } | undefined,
  ) {
    const form = new FormData()
    for (const [name, value] of Object.entries(fields)) form.append(name, value)
    if (file) form.append(fileField, new Blob([file.data]), file.name)
    const request = new Request('http://localhost/', { method: 'POST', body: form })
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload: Buffer.from(await request.arrayBuffer()),
      headers: { 'content-type': request.headers.get('content-type') ?? '', cookie: this.cookieHeader() },
    })
    this.remember(response)
    return response
  }

  /**
   * Signs in as a person would, second factor included: someone who must set up an authenticator
   * does so (the helper keeps its key and recovery codes for the next time), signs out, and signs
   * in again with a code, so the answer is always the one a person sees after their last step.
   */
  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    const fields = await this.formFields('/admin/sign-in')
    const response = await this.post('/admin/sign-in', { ...fields, email, password })
    const location = response.headers.location
    if (location === '/admin/two-factor/setup') {
      await this.setUpAuthenticator(email)
      await this.postFrom('/admin/sign-out', '/admin/sign-out', {})
      return this.signIn(email, password)
    }
    if (location === '/admin/two-factor') return this.giveSecondFactor(email)
    return response
  }

  private authenticators(): Map<string, TestAuthenticator> {
    let known = authenticators.get(this.app)
    if (!known) {
      known = new Map()
      authenticators.set(this.app, known)
    }
    return known
  }

  private async setUpAuthenticator(email: string): Promise<void> {
    const page = await this.get('/admin/two-factor/setup')
    const secret = /data-testid="totp-key">([A-Z2-7 ]+)</.exec(page.body)?.[1]?.replace(/ /g, '')
    if (!secret) throw new Error(`The two-factor setup page for ${email} shows no key`)
    const step = Math.floor(this.now().getTime() / 30_000)
    const code = generateSync({ secret, epoch: step * 30 })
    const done = await this.post('/admin/two-factor/setup', { ...hiddenFields(page.body), code })
    const recoveryCodes = [...done.body.matchAll(/<li><code>([a-z2-9-]+)<\/code><\/li>/g)].map(
      (m) => m[1] ?? '',
    )
    if (done.statusCode !== 200 || recoveryCodes.length === 0)
      throw new Error(`Setting up two-factor sign-in for ${email} gave status ${done.statusCode}`)
    this.authenticators().set(email, { secret, lastStep: step, recoveryCodes })
  }

  /** A code for a step not used yet (the app accepts the next one too), else a recovery code. */
  private async giveSecondFactor(email: string): Promise<LightMyRequestResponse> {
    const authenticator = this.authenticators().get(email)
    if (!authenticator) throw new Error(`${email} has an authenticator this test did not set up`)
    const current = Math.floor(this.now().getTime() / 30_000)
    const step = Math.max(current, authenticator.lastStep + 1)
    let code: string
    if (step <= current + 1) {
      code = generateSync({ secret: authenticator.secret, epoch: step * 30 })
      authenticator.lastStep = step
    } else {
      code = authenticator.recoveryCodes.shift() ?? ''
    }
    return this.postFrom('/admin/two-factor', '/admin/two-factor', { code })
  }
}

interface TestAuthenticator {
  secret: string
  lastStep: number
  recoveryCodes: string[]
}

// The authenticators the helper set up, per app, by email: as a person keeps their phone.
const authenticators = new WeakMap<FastifyInstance, Map<string, TestAuthenticator>>()

/** The password every member of staff made by the helpers below signs in with. */
export const staffPassword = 'a test passphrase that is long enough'

export interface StaffMember {
  email: string
  displayName: string
  roles: readonly Role[]
  organisationId?: string
}

/** One member of staff for each role, keyed by it, for tests that go through the roles. */
export function onePerRole<R extends Role>(roles: readonly R[]): Record<R, StaffMember> {
  return Object.fromEntries(
    roles.map((role): [R, StaffMember] => [
      role,
      { email: `${role}@example.org`, displayName: role, roles: [role] },
    ]),
  ) as Record<R, StaffMember>
}

/** A browser that has signed in with these credentials, or an error saying why it could not. */
export async function signedInAs(t: TestApp, email: string, password = staffPassword): Promise<TestBrowser> {
  const browser = new TestBrowser(t.app, t.now)
  const response = await browser.signIn(email, password)
  if (response.statusCode !== 303)
    throw new Error(`Signing in as ${email} gave status ${response.statusCode}`)
  return browser
}

/**
 * Members of staff made together, each signed in once on first use: tests ask for the browser of
 * whoever they act as, and nobody signs in (and has a password checked) more often than needed.
 */
export interface TestStaff<K extends string> {
  ids: Record<K, string>
  as(who: K): Promise<TestBrowser>
}

export async function createStaff<K extends string>(
  t: TestApp,
  people: Record<K, StaffMember>,
  password = staffPassword,
): Promise<TestStaff<K>> {
  const entries = Object.entries(people) as [K, StaffMember][]
  const ids = Object.fromEntries(
    await Promise.all(
      entries.map(async ([key, person]) => [key, await t.services.users.createUser({ ...person, password })]),
    ),
  ) as Record<K, string>
  const browsers = new Map<K, Promise<TestBrowser>>()
  return {
    ids,
    as(who) {
      let browser = browsers.get(who)
      if (!browser) {
        browser = signedInAs(t, people[who].email, password)
        browsers.set(who, browser)
      }
      return browser
    },
  }
}

/** Publishes a consultation open from a day ago to a day ahead, with one question of every type unless told otherwise. */
export function publishOpenConsultation(
  services: Services,
  slug: string,
  questionnaire: unknown = everyQuestionType,
): Promise<string> {
  const now = Date.now()
  return services.consultations.createPublished(
    {
      slug,
      title: `Test consultation ${slug}`,
      summary: 'A consultation for a test.',
      status: 'open',
      opensAt: new Date(now - 86_400_000),
      closesAt: new Date(now + 86_400_000),
      proposals: [],
      questionnaire,
    },
    systemActor,
  )
}

/** A response stored as the online form stores it (with a submission key of its own), and its id. */
export async function storeOnlineResponse(
  t: TestApp,
  response: Omit<
    Parameters<Services['responses']['storeResponse']>[0],
    'submissionKey' | 'channel' | 'actor'
  >,
): Promise<string> {
  const submissionKey = randomUUID()
  await t.services.responses.storeResponse({
    ...response,
    submissionKey,
    channel: 'online',
    actor: publicActor,
  })
  const row = await t.database.db
    .selectFrom('responses')
    .select('id')
    .where('submission_key', '=', submissionKey)
    .executeTakeFirstOrThrow()
  return row.id
}

/** How many responses the database holds, in every consultation. */
export async function countAllResponses(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** A browser signed in as a new member of staff with the given role. */
export async function signedInStaff(t: TestApp, role: Role): Promise<TestBrowser> {
  const email = `${role}.${randomBytes(4).toString('hex')}@example.org`
  await t.services.users.createUser({
    email,
    password: staffPassword,
    displayName: `Test ${role}`,
    roles: [role],
  })
  return signedInAs(t, email)
}
