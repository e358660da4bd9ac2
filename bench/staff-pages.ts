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

/** Signs in over HTTP and returns the session cookie. */
async function signIn(origin: string): Promise<string> {
  const form = await fetch(`${origin}/admin/sign-in`)
  const csrfCookie = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? ''
  const body = new URLSearchParams({
    _csrf: token,
    email: staff.email,
    password: staff.password,
    next: '/admin',
  })
  const signedIn = await fetch(`${origin}/admin/sign-in`, {
    method: 'POST',
    body,
    headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  })
  if (signedIn.status !== 303) throw new Error(`signing in answered ${signedIn.status}`)
  return signedIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}

/** The median time, in ms, of loading the page one request after another. */
async function medianLoadMs(url: string, cookie: string): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < loads; i++) {
    const started = performance.now()
    const response = await fetch(url, { headers: { cookie } })
    await response.arrayBuffer()
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`)
    times.push(performance.now() - started)
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
        ctx.progress('detecting duplicates, as the background job would')
        await services.participation.detect(consultationId, systemActor)
        const cookie = await signIn(app.origin)
        const base = `${app.origin}/admin/consultations/${consultationId}`
        ctx.progress('loading the pages')
        const scrutiny = await medianLoadMs(`${base}/participation/scrutiny`, cookie)
        const dashboard = await medianLoadMs(`${base}/participation`, cookie)
        const overview = await medianLoadMs(`${base}/overview`, cookie)
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
