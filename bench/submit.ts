import { randomUUID } from 'node:crypto'
import http from 'node:http'
import { demoConsultation } from '../src/demo/reference-consultation.js'
import { referenceQuestionnaire } from '../src/demo/reference-questionnaire.js'
import { generateReference } from '../src/features/responses/index.js'
import { systemActor } from '../src/platform/audit/audit-log.js'
import { allQuestions, choicesOf } from '../src/questionnaire/definition.js'
import { parseQuestionnaireDefinition } from '../src/questionnaire/rules.js'
import { hiddenFields } from '../src/testing/rendered-forms.js'
import { startAppUnderBench } from './app-under-bench.js'
import type { Benchmark } from './benchmark.js'

const clients = 50
const warmupMs = 2000
const measureMs = 8000
const slug = 'bench-submit'
const dayMs = 24 * 60 * 60 * 1000

const comment =
  'One number to ring would make it so much easier when my son is unwell. Last time we were passed around for hours and nobody called back. Please make sure there are enough staff to answer.'

/** A full response to the reference questionnaire: 26 answers, four of them comments. */
export function fullAnswers(): Record<string, string> {
  const answers: Record<string, string> = {}
  const definition = parseQuestionnaireDefinition(referenceQuestionnaire)
  for (const q of allQuestions(definition)) {
    const first = choicesOf(q)?.[0]
    if (first && (q.type === 'single_choice' || q.type === 'agreement')) answers[q.key] = first.value
  }
  answers.postcode_district = 'LE4'
  for (const key of ['p1_comments', 'p3_comments', 'p8_comments', 'overall_comments']) answers[key] = comment
  return answers
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0

/** Runs `work` from `clients` loops at once; returns what finished in the measured window and each one's time. */
async function drive(work: (client: number) => Promise<void>): Promise<{ perSecond: number; p95: number }> {
  const start = performance.now()
  const measureFrom = start + warmupMs
  const stopAt = measureFrom + measureMs
  const latencies: number[] = []
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < stopAt) {
        const began = performance.now()
        await work(client)
        const ended = performance.now()
        if (began >= measureFrom && ended <= stopAt) latencies.push(ended - began)
      }
    }),
  )
  latencies.sort((a, b) => a - b)
  return { perSecond: latencies.length / (measureMs / 1000), p95: percentile(latencies, 0.95) }
}

function request(
  agent: http.Agent,
  url: URL,
  options: { method: string; body?: string; cookie?: string },
): Promise<{ status: number; body: string; cookies: string[] }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        agent,
        method: options.method,
        headers: {
          ...(options.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...(options.cookie ? { cookie: options.cookie } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            cookies: res.headers['set-cookie'] ?? [],
          }),
        )
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

export const submit: Benchmark = {
  name: 'submit',
  description: `${clients} clients each sending a full questionnaire (26 answers) over HTTP, against raw inserts of the same rows`,
  unit: 'submissions/s',
  target: { postgres: 300, pglite: 100 },
  targetIs: 'at-least',
  baseline: { label: 'raw inserts', unit: 'rows/s' },

  async run({ database, progress }) {
    const app = await startAppUnderBench(database)
    const agent = new http.Agent({ keepAlive: true, maxSockets: clients })
    try {
      const now = Date.now()
      const consultationId = await app.services.consultations.createPublished(
        {
          slug,
          title: demoConsultation.title,
          summary: demoConsultation.summary,
          status: 'open',
          opensAt: new Date(now - dayMs),
          closesAt: new Date(now + 30 * dayMs),
          proposals: demoConsultation.proposals,
          questionnaire: referenceQuestionnaire,
        },
        systemActor,
      )
      const formUrl = new URL(`${app.origin}/consultations/${slug}/respond`)
      const answers = Object.entries(fullAnswers()).map(([k, v]): [string, string] => [`q_${k}`, v])

      // Each client opens the form once, as a browser would, for its CSRF cookie and token.
      const sessions = await Promise.all(
        Array.from({ length: clients }, async () => {
          const page = await request(agent, formUrl, { method: 'GET' })
          const hidden = hiddenFields(page.body)
          const cookie = page.cookies.map((c) => c.split(';')[0]).join('; ')
          return { cookie, csrf: hidden._csrf ?? '', versionId: hidden.version_id ?? '' }
        }),
      )
      let refused = 0
      progress(`submissions: ${warmupMs / 1000} s warm-up, then ${measureMs / 1000} s`)
      const submitted = await drive(async (client) => {
        const session = sessions[client]
        if (!session) return
        const body = new URLSearchParams([
          ['_csrf', session.csrf],
          ['submission_key', randomUUID()],
          ['version_id', session.versionId],
          ...answers,
        ]).toString()
        const response = await request(agent, formUrl, { method: 'POST', body, cookie: session.cookie })
        if (response.status !== 303) refused++
      })
      if (refused > 0) throw new Error(`${refused} submissions were not accepted (status other than 303)`)

      // The same rows written straight to the table: no HTTP, validation, receipt check or audit.
      const { db } = database
      const version = await app.services.consultations.getLatestQuestionnaire(consultationId)
      const document = JSON.stringify(fullAnswers())
      progress(`raw inserts: ${warmupMs / 1000} s warm-up, then ${measureMs / 1000} s`)
      const raw = await drive(async () => {
        await db
          .insertInto('responses')
          .values({
            consultation_id: consultationId,
            questionnaire_version_id: version.id,
            reference: generateReference(),
            submission_key: randomUUID(),
            channel: 'online',
            answers: document,
          })
          .execute()
      })
      return {
        value: submitted.perSecond,
        baseline: raw.perSecond,
        further: [
          {
            name: 'submit-p95',
            unit: 'ms',
            value: submitted.p95,
            baseline: raw.p95,
            baselineLabel: { label: 'raw insert p95', unit: 'ms' },
            target: 250,
            targetIs: 'at-most',
          },
        ],
      }
    } finally {
      agent.destroy()
      await app.close()
    }
  },
}
