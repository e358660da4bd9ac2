import { generateSync } from 'otplib'
import { referenceSlug } from '../src/demo/reference-consultation.js'
import { systemActor } from '../src/platform/audit/audit-log.js'
import { startAppUnderBench } from './app-under-bench.js'
import type { BenchContext, Benchmark } from './benchmark.js'

// The slowest staff pages of a consultation, as a signed-in member of staff loads them over HTTP:
// the scrutiny answer and "Who we heard from", which read the stored results of the last detection
// run. Made to take a response count, so the same pages can be measured at the demo's size and at
// a million.

const demoSize = 6650
const loads = 15
const staff = { email: 'bench.manager@example.org', password: 'a passphrase long enough for the bench' }

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
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

/**
 * The median time, in ms, of loading the page one request after another; each load must show
 * `expected`, so that a page showing no figures (or an error) is never what is timed.
 */
async function medianLoadMs(url: string, cookie: string, expected: RegExp): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < loads; i++) {
    const started = performance.now()
    // Not followed: a redirect (to sign in, say) is a failure, not the page.
    const response = await fetch(url, { headers: { cookie }, redirect: 'manual' })
    const body = await response.text()
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`)
    times.push(performance.now() - started)
    if (!expected.test(body)) {
      const main = body
        .slice(body.indexOf('<main'))
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
      throw new Error(`${url} did not show ${expected}: ${main.slice(0, 1500)}`)
    }
  }
  return median(times)
}

/** The staff-pages benchmark at a given number of responses to the reference case. */
export function staffPagesBenchmark(responses: number = demoSize): Benchmark {
  return {
    name: responses === demoSize ? 'staff-pages' : `staff-pages-${responses}`,
    description: `the scrutiny answer and "Who we heard from" at ${responses.toLocaleString('en-GB')} responses, median of ${loads} loads each (the slower is the value), against the overview page`,
    unit: 'ms',
    target: 300,
    targetIs: 'at-most',
    baseline: { label: 'overview page', unit: 'ms' },

    async run(ctx: BenchContext) {
      const app = await startAppUnderBench(ctx.database)
      try {
        const { services } = app
        ctx.progress(`loading ${responses.toLocaleString('en-GB')} responses`)
        await services.demo.loadReferenceCase({ responses, seed: 1 })
        const consultationId = (await services.consultations.getBySlug(referenceSlug)).id
        await services.users.createUser({
          ...staff,
          displayName: 'Bench manager',
          roles: ['consultation_manager'],
        })
        ctx.progress('detecting duplicates and storing the figures, as the background job would')
        const detecting = performance.now()
        await services.participation.detect(consultationId, systemActor)
        ctx.progress(`the detection run took ${Math.round(performance.now() - detecting)} ms`)
        const cookie = await signIn(app.origin)
        const base = `${app.origin}/admin/consultations/${consultationId}`
        ctx.progress('loading the pages')
        const figures = /Figures computed at/
        const scrutiny = await medianLoadMs(`${base}/participation/scrutiny`, cookie, figures)
        const dashboard = await medianLoadMs(`${base}/participation`, cookie, figures)
        const overview = await medianLoadMs(`${base}/overview`, cookie, /data-testid="counted"/)
        const further = [
          { name: 'scrutiny answer', value: scrutiny },
          { name: 'who we heard from', value: dashboard },
        ].map((page) => ({
          name: `${this.name}: ${page.name}`,
          unit: 'ms',
          target: 300,
          targetIs: 'at-most' as const,
          value: page.value,
          baseline: overview,
          baselineLabel: this.baseline,
        }))
        return { value: Math.max(scrutiny, dashboard), baseline: overview, further }
      } finally {
        await app.close()
      }
    },
  }
}

export const staffPages = staffPagesBenchmark()
