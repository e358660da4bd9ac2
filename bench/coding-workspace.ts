import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { createServices } from '../src/app/services.js'
import type { CommentFilters } from '../src/features/analysis/index.js'
import type { DatabaseHandle } from '../src/platform/db/database.js'
import type { Benchmark, FurtherFigure, Measurement } from './benchmark.js'
import { loadReferenceWithProgress } from './reference-load.js'

// The coding workspace with 50,000 comments in one consultation (the issue's "smooth with 50,000
// comments"): the list with each filter, a page deep into the list, one comment's page and the
// progress counts, a fifth of the comments coded. Each against one plain scan of every comment.

/** Reference responses that give about 50,000 comments (about 3.2 free-text answers each). */
export const workspaceResponses = 15_500
const repeats = 3
const codedShare = 5
const target = { pglite: 2_000, postgres: 500 }

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

async function timed(work: () => Promise<unknown>) {
  await work()
  const times: number[] = []
  for (let i = 0; i < repeats; i++) {
    const started = performance.now()
    await work()
    times.push(performance.now() - started)
  }
  return median(times)
}

/** Codes every fifth comment with a theme and a sentiment, straight in SQL, as a coder would leave them. */
async function codeAFifth(database: DatabaseHandle, consultationId: string, keys: readonly string[]) {
  const themeId = (
    await database.db
      .insertInto('themes')
      .values({
        consultation_id: consultationId,
        parent_id: null,
        code: 'access',
        label: 'Access',
        examples: JSON.stringify([]),
        question_key: null,
        replaced_by: JSON.stringify([]),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  const questionKeys = sql.join(keys.map((k) => sql`${k}::text`))
  await sql`
    insert into codings (consultation_id, response_id, question_key, sentiment)
    select r.consultation_id, r.id, q.key, (array['positive','negative','neutral','mixed'])[1 + (row_number() over () % 4)]
    from responses r cross join lateral jsonb_each_text(r.answers) q(key, value)
    where r.consultation_id = ${consultationId} and q.key in (${questionKeys}) and btrim(q.value) <> ''
      and abs(hashtext(r.id::text || q.key)) % ${codedShare} = 0`.execute(database.db)
  await sql`
    insert into coding_themes (coding_id, theme_id, provenance)
    select id, ${themeId}, 'person' from codings where consultation_id = ${consultationId}`.execute(
    database.db,
  )
  await sql`analyze codings`.execute(database.db)
  await sql`analyze coding_themes`.execute(database.db)
  return themeId
}

export async function measureWorkspace(
  database: DatabaseHandle,
  responses: number,
  progress: (line: string) => void,
): Promise<Measurement & { comments: number; timings: Record<string, number> }> {
  const services = createServices({ database, now: () => new Date() })
  await loadReferenceWithProgress(services, responses, progress)
  await sql`analyze responses`.execute(database.db)
  const { id: consultationId } = await database.db
    .selectFrom('responses')
    .select('consultation_id as id')
    .groupBy('consultation_id')
    .orderBy(sql`count(*)`, 'desc')
    .executeTakeFirstOrThrow()
  const { coding } = services
  const keys = (await coding.commentQuestions(consultationId)).map((q) => q.key)
  const theme = await codeAFifth(database, consultationId, keys)
  // A coder with no blind items: the list then shows every code, as for most coders.
  const someone = randomUUID()
  const list = (filters: CommentFilters, after?: { reference: string; questionKey: string }) => () =>
    coding.listComments(consultationId, filters, { after }, someone)

  const first = await coding.listComments(consultationId, {}, {}, someone)
  const comments = first.overall.total
  progress(
    `${comments.toLocaleString('en-GB')} comments, ${first.overall.coded.toLocaleString('en-GB')} coded`,
  )
  const middle = await database.db
    .selectFrom('responses')
    .select('reference')
    .where('consultation_id', '=', consultationId)
    .orderBy('reference')
    .offset(Math.floor(responses / 2))
    .limit(1)
    .executeTakeFirstOrThrow()
  const deep = { reference: middle.reference, questionKey: '' }
  const sample = first.rows[0]
  const timings: Record<string, number> = {
    'list, no filter': await timed(list({})),
    'list, a page half way down': await timed(list({}, deep)),
    'list, by question': await timed(list({ question: keys[keys.length - 1] ?? '' })),
    'list, by theme': await timed(list({ theme })),
    'list, by sentiment': await timed(list({ sentiment: 'mixed' })),
    'list, by channel': await timed(list({ channel: 'paper' })),
    'list, uncoded': await timed(list({ uncoded: true })),
    'list, uncoded by theme (none match)': await timed(list({ uncoded: true, theme })),
    'comment page': await timed(() =>
      coding.getComment(consultationId, sample?.response_id ?? '', sample?.question_key ?? '', {
        userId: someone,
        seesSafeguarding: true,
      }),
    ),
  }
  for (const [name, ms] of Object.entries(timings)) progress(`${name}: ${ms.toFixed(0)} ms`)
  const questionKeys = sql.join(keys.map((k) => sql`${k}::text`))
  // The least any count of comments can cost: one pass over every response's answers.
  const baseline = await timed(() =>
    sql`select count(*) from responses r cross join lateral jsonb_each_text(r.answers) q(key, value)
      where r.consultation_id = ${consultationId} and q.key in (${questionKeys})`.execute(database.db),
  )
  const slowest = Math.max(...Object.values(timings))
  return { value: slowest, baseline, comments, timings }
}

export const codingWorkspace: Benchmark = {
  name: 'coding-workspace',
  description: `the coding workspace over ${workspaceResponses.toLocaleString('en-GB')} reference responses (about 50,000 comments): the slowest of the list with each filter, a deep page and a comment page`,
  unit: 'ms',
  target,
  targetIs: 'at-most',
  baseline: { label: 'one scan of every comment', unit: 'ms' },
  async run({ database, progress }) {
    const measured = await measureWorkspace(database, workspaceResponses, progress)
    const further: FurtherFigure[] = Object.entries(measured.timings).map(([name, value]) => ({
      name: `coding-workspace: ${name}`,
      unit: 'ms',
      target,
      targetIs: 'at-most',
      value,
      baseline: measured.baseline,
      baselineLabel: codingWorkspace.baseline,
    }))
    return { value: measured.value, baseline: measured.baseline, further }
  },
}
