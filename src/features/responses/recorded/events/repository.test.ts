import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, test } from 'node:test'
import { sql } from 'kysely'
import { createServices, type Services } from '../../../../app/services.js'
import { referenceSlug } from '../../../../demo/reference-consultation.js'
import { createTestDatabase, type TestDatabase } from '../../../../testing/databases.js'
import { listEvents } from './repository.js'

// The events list's counts come from kept totals (migration 0162); here they are checked against
// the count the page used to make, response by response, after notes, an exclusion and a late
// return that is still undecided.

let database: TestDatabase
let services: Services
let consultationId: string
let actor: { userId: string; label: string }

before(async () => {
  database = await createTestDatabase()
  services = createServices({ database, now: () => new Date() })
  await services.demo.loadReferenceCase({ responses: 600, seed: 4 })
  consultationId = (await services.consultations.getBySlug(referenceSlug)).id
  const userId = await services.users.createUser({
    email: 'events@example.org',
    displayName: 'Events',
    password: 'a passphrase long enough for the test',
    roles: ['consultation_manager'],
  })
  actor = { userId, label: 'events@example.org' }
})
after(() => database.close())

/** Each event's counted responses that are not notes, read response by response. */
async function countedOneByOne() {
  const rows = await sql<{ id: string; n: number }>`
    select e.id, (select count(*)::int from responses r where r.event_id = e.id
      and heard_response_standing(r.status, r.late, r.late_decision) = 'counted'
      and not exists (select 1 from event_notes n where n.response_id = r.id)) as n
    from events e where e.consultation_id = ${consultationId} order by e.id`.execute(database.db)
  return rows.rows.map((r) => [r.id, r.n])
}

const listed = async () =>
  (await listEvents(database.db, consultationId)).map((e) => [e.id, e.responses]).sort()

test("each event's counted responses are those the page counted one by one, after notes, an exclusion and a late return", async () => {
  const [first, second] = await database.db
    .selectFrom('responses')
    .select(['id', 'event_id'])
    .where('consultation_id', '=', consultationId)
    .where('event_id', 'is not', null)
    .orderBy('id')
    .limit(2)
    .execute()
  if (!first?.event_id || !second) throw new Error('the demo has no event responses')
  assert.deepEqual(await listed(), (await countedOneByOne()).sort())
  const questionnaire = await services.consultations.getLatestQuestionnaire(consultationId)
  const questionKey = questionnaire.definition.sections
    .flatMap((s) => s.questions)
    .find((q) => q.type === 'free_text')?.key
  if (!questionKey) throw new Error('no free-text question')
  for (let i = 0; i < 2; i++)
    await services.events.recordNotes(
      first.event_id,
      randomUUID(),
      { questionKey, text: `Said at the event ${i}` },
      actor,
    )
  await services.responses.excludeResponse(first.id, 'Keyed twice', actor)
  await database.db
    .updateTable('responses')
    .set({ late: true, late_decision: null })
    .where('id', '=', second.id)
    .execute()
  const after = await listed()
  assert.deepEqual(after, (await countedOneByOne()).sort())
  const notes = (await listEvents(database.db, consultationId)).find((e) => e.id === first.event_id)
  assert.equal(notes?.notes_count, 2)
})
