import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Role } from '../../../platform/db/schema.js'
import {
  countAllResponses,
  createTestApp,
  publishOpenConsultation,
  signedInStaff,
  type TestApp,
  type TestBrowser,
} from '../../../testing/app.js'

// Events and correspondence through HTTP: role checks, validation, nothing partly written, audit,
// and the recorded texts reaching the coding workspace.

const minimalPdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')

describe('events, email, letters and phone', () => {
  let t: TestApp
  let consultationId: string
  let manager: TestBrowser
  let dataEntry: TestBrowser
  let analyst: TestBrowser
  let eventId: string

  const count = async (table: 'events' | 'event_notes' | 'correspondence' | 'correspondence_files') =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  const auditOf = (entityId: string) =>
    t.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).execute()

  const upload = (
    browser: TestBrowser,
    url: string,
    fields: Record<string, string>,
    file: { name: string; data: Buffer } | undefined,
  ) => browser.upload(url, fields, 'document', file)

  const validEvent = {
    title: 'Carers drop-in',
    heldDate: '3/2/2026',
    heldTime: '18:30',
    place: 'A community centre',
    format: 'in_person',
    audience: 'Family carers',
    organisationId: '',
    organiser: 'Carers network',
    attendees: '23',
    attendeesCountedBy: 'Sign-in sheet',
    notes: 'Tea provided',
  }

  before(async () => {
    t = await createTestApp()
    consultationId = await publishOpenConsultation(t.services, 'channels')
    manager = await signedInStaff(t, 'consultation_manager')
    dataEntry = await signedInStaff(t, 'data_entry')
    analyst = await signedInStaff(t, 'analyst')
  })
  after(() => t.close())

  test('a manager adds an event with its details, audited; bad input is refused with messages', async () => {
    const url = `/admin/consultations/${consultationId}/events`
    const eventsBefore = await count('events')
    const fields = await manager.formFields(`${url}/new`)
    const bad = await manager.post(url, {
      ...fields,
      ...validEvent,
      title: '',
      heldDate: '31/2/2026',
      format: 'by pigeon',
      attendees: 'about twenty',
    })
    assert.equal(bad.statusCode, 400)
    for (const message of [
      'Enter the event&#39;s name',
      'Enter a real date, like 24/5/2021',
      'Select whether the event was in person or online',
      'Enter the number of attendees as a whole number, 0 or more',
    ])
      assert.ok(bad.body.includes(message), message)
    const unknownOrganisation = await manager.post(url, {
      ...fields,
      ...validEvent,
      organisationId: '00000000-0000-4000-8000-000000000000',
    })
    assert.equal(unknownOrganisation.statusCode, 400)
    assert.match(unknownOrganisation.body, /Select an organisation from the list/)
    assert.equal(await count('events'), eventsBefore)

    const created = await manager.post(url, { ...fields, ...validEvent })
    assert.equal(created.statusCode, 303)
    eventId = /\/admin\/events\/([0-9a-f-]{36})$/.exec(created.headers.location ?? '')?.[1] ?? ''
    const event = await t.database.db
      .selectFrom('events')
      .selectAll()
      .where('id', '=', eventId)
      .executeTakeFirstOrThrow()
    assert.equal(event.attendees, 23)
    assert.equal(event.attendees_counted_by, 'Sign-in sheet')
    assert.equal(event.format, 'in_person')
    assert.equal(event.held_at.toISOString(), '2026-02-03T18:30:00.000Z')
    assert.deepEqual(
      (await auditOf(eventId)).map((a) => a.action),
      ['event.created'],
    )
    const shown = await manager.get(`/admin/events/${eventId}`)
    assert.match(shown.body, /23 \(Sign-in sheet\)/)
    const listed = await analyst.get(url)
    assert.equal(listed.statusCode, 200)
    assert.match(listed.body, /Carers drop-in/)
    assert.doesNotMatch(listed.body, /Add an event/)
  })

  test('a manager changes an event; an analyst and data entry may not', async () => {
    const fields = await manager.formFields(`/admin/events/${eventId}/edit`)
    const changed = await manager.post(`/admin/events/${eventId}`, {
      ...fields,
      ...validEvent,
      attendees: '25',
    })
    assert.equal(changed.statusCode, 303)
    const event = await t.database.db
      .selectFrom('events')
      .selectAll()
      .where('id', '=', eventId)
      .executeTakeFirstOrThrow()
    assert.equal(event.attendees, 25)
    assert.ok((await auditOf(eventId)).some((a) => a.action === 'event.updated'))
    for (const browser of [analyst, dataEntry]) {
      const refused = await browser.post(`/admin/events/${eventId}`, {
        ...fields,
        ...validEvent,
        attendees: '1',
      })
      assert.equal(refused.statusCode, 403)
    }
    const still = await t.database.db
      .selectFrom('events')
      .select('attendees')
      .where('id', '=', eventId)
      .executeTakeFirstOrThrow()
    assert.equal(still.attendees, 25)
  })

  test('feedback at the event is keyed into the questionnaire as a response on the event channel', async () => {
    const url = `/admin/events/${eventId}/responses`
    const fields = await dataEntry.formFields(`${url}/new`)
    const bad = await dataEntry.post(url, { ...fields, q_single: 'plane' })
    assert.equal(bad.statusCode, 400)
    const before = await countAllResponses(t.database.db)
    const saved = await dataEntry.post(url, { ...fields, q_single: 'walk', q_why_walk: 'It is close' })
    assert.equal(saved.statusCode, 303)
    const again = await dataEntry.post(url, { ...fields, q_single: 'walk', q_why_walk: 'It is close' })
    assert.equal(again.statusCode, 303)
    assert.equal(await countAllResponses(t.database.db), before + 1)
    const rows = await t.database.db
      .selectFrom('responses')
      .selectAll()
      .where('event_id', '=', eventId)
      .execute()
    assert.equal(rows.length, 1)
    assert.equal(rows[0]?.channel, 'event')
    assert.deepEqual(rows[0]?.answers, { single: 'walk', why_walk: 'It is close' })
    assert.equal(rows[0]?.received_at.toISOString(), '2026-02-03T18:30:00.000Z')
    const audit = await auditOf(rows[0]?.id ?? '')
    assert.equal(audit[0]?.details.kind, 'event_response')
  })

  test('event notes are recorded under a free-text question and appear in the coding workspace', async () => {
    const url = `/admin/events/${eventId}/notes`
    const fields = await dataEntry.formFields(`${url}/new`)
    const empty = await dataEntry.post(url, { ...fields, questionKey: 'comments', text: '   ' })
    assert.equal(empty.statusCode, 400)
    assert.match(empty.body, /Enter the text to be coded/)
    const wrongQuestion = await dataEntry.post(url, { ...fields, questionKey: 'single', text: 'Notes' })
    assert.equal(wrongQuestion.statusCode, 400)
    assert.match(wrongQuestion.body, /Select the question the text mostly answers/)
    assert.equal(await count('event_notes'), 0)
    const saved = await dataEntry.post(url, {
      ...fields,
      questionKey: 'comments',
      text: 'Several carers said evening appointments would help them.',
    })
    assert.equal(saved.statusCode, 303)
    const note = await t.database.db
      .selectFrom('event_notes as n')
      .innerJoin('responses as r', 'r.id', 'n.response_id')
      .select(['r.id', 'r.reference', 'r.channel', 'r.answers'])
      .executeTakeFirstOrThrow()
    assert.equal(note.channel, 'event')
    assert.deepEqual(note.answers, { comments: 'Several carers said evening appointments would help them.' })
    const coding = await analyst.get(`/admin/consultations/${consultationId}/coding?channel=event`)
    assert.equal(coding.statusCode, 200)
    assert.match(coding.body, new RegExp(note.reference))
    assert.match(coding.body, /evening appointments/)
    const show = await manager.get(`/admin/events/${eventId}`)
    assert.match(show.body, /evening appointments/)
  })

  test('data entry reaches an event from the events list by links, seeing references but not what was said', async () => {
    const list = await dataEntry.get(`/admin/consultations/${consultationId}/events`)
    assert.equal(list.statusCode, 200)
    assert.ok(list.body.includes(`href="/admin/events/${eventId}"`))
    assert.doesNotMatch(list.body, /Add an event/)
    const show = await dataEntry.get(`/admin/events/${eventId}`)
    assert.equal(show.statusCode, 200)
    assert.ok(show.body.includes(`/admin/events/${eventId}/notes/new`))
    assert.doesNotMatch(show.body, /evening appointments/)
    assert.doesNotMatch(show.body, /href="\/admin\/responses\//)
    assert.doesNotMatch(show.body, /Change the event/)
  })

  test('an analyst or a partner collector may not record event feedback', async () => {
    const before = await countAllResponses(t.database.db)
    const fields = await dataEntry.formFields(`/admin/events/${eventId}/notes/new`)
    for (const role of ['analyst', 'observer', 'governance_officer', 'partner_collector'] as Role[]) {
      const browser = await signedInStaff(t, role)
      const csrf = (await browser.formFields('/admin'))._csrf ?? ''
      const notes = await browser.post(`/admin/events/${eventId}/notes`, {
        ...fields,
        _csrf: csrf,
        questionKey: 'comments',
        text: 'x',
      })
      assert.equal(notes.statusCode, 403, role)
      assert.equal((await browser.get(`/admin/events/${eventId}/responses/new`)).statusCode, 403, role)
    }
    assert.equal(await countAllResponses(t.database.db), before)
  })

  test('a letter is recorded with its received date; its text is coded; contact details are kept apart', async () => {
    const url = `/admin/consultations/${consultationId}/correspondence`
    const fields = await dataEntry.formFields(`${url}/new`)
    const letter = {
      ...fields,
      channel: 'letter',
      receivedDate: '10/2/2026',
      sender: 'person',
      senderName: 'A Person',
      senderEmail: 'person@example.org',
      questionKey: 'comments',
      text: 'I cannot get to the new site without a car.',
    }
    const saved = await upload(dataEntry, url, letter, undefined)
    assert.equal(saved.statusCode, 303)
    const id = /\/admin\/correspondence\/([0-9a-f-]{36})$/.exec(saved.headers.location ?? '')?.[1] ?? ''
    const row = await t.database.db
      .selectFrom('responses')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    assert.equal(row.channel, 'letter')
    assert.equal(row.received_at.toISOString().slice(0, 10), '2026-02-10')
    assert.deepEqual(row.answers, { comments: 'I cannot get to the new site without a car.' })
    const contact = await t.database.db
      .selectFrom('respondent_contacts')
      .selectAll()
      .where('response_id', '=', id)
      .executeTakeFirstOrThrow()
    assert.equal(contact.email, 'person@example.org')
    assert.equal((await auditOf(id))[0]?.details.kind, 'correspondence')
    const shown = await analyst.get(`/admin/correspondence/${id}`)
    assert.equal(shown.statusCode, 200)
    assert.match(shown.body, /without a car/)
    assert.doesNotMatch(shown.body, /person@example.org/)
    const coding = await analyst.get(`/admin/consultations/${consultationId}/coding?channel=letter`)
    assert.match(coding.body, new RegExp(row.reference))
    const repeat = await upload(dataEntry, url, letter, undefined)
    assert.equal(repeat.headers.location, saved.headers.location)
    assert.equal(await count('correspondence'), 1)
  })

  test('a formal response needs a summary and a real document; a refused one writes nothing', async () => {
    const url = `/admin/consultations/${consultationId}/correspondence`
    const base = {
      channel: 'email',
      receivedDate: '11/2/2026',
      sender: 'elected_member',
      respondingFor: 'Councillor for Abbey ward',
      questionKey: 'comments',
      text: 'On behalf of residents, I object to the closure.',
    }
    const before = await countAllResponses(t.database.db)
    const noSummary = await upload(
      dataEntry,
      url,
      { ...(await dataEntry.formFields(`${url}/new`)), ...base },
      undefined,
    )
    assert.equal(noSummary.statusCode, 400)
    assert.match(noSummary.body, /Enter a summary of a formal response/)
    const withSummary = { ...base, summary: 'Objects to the closure on behalf of residents.' }
    const noFile = await upload(
      dataEntry,
      url,
      { ...(await dataEntry.formFields(`${url}/new`)), ...withSummary },
      undefined,
    )
    assert.equal(noFile.statusCode, 422)
    assert.match(noFile.body, /Attach the formal response/)
    const renamed = await upload(
      dataEntry,
      url,
      { ...(await dataEntry.formFields(`${url}/new`)), ...withSummary },
      { name: 'response.pdf', data: Buffer.from('MZ this is a program, not a PDF') },
    )
    assert.equal(renamed.statusCode, 422)
    assert.match(renamed.body, /must be a PDF, Word \(DOCX\) or OpenDocument text \(ODT\) document/)
    const future = await upload(
      dataEntry,
      url,
      { ...(await dataEntry.formFields(`${url}/new`)), ...withSummary, receivedDate: '1/1/2099' },
      { name: 'response.pdf', data: minimalPdf },
    )
    assert.equal(future.statusCode, 400)
    assert.match(future.body, /cannot be in the future/)
    assert.equal(await countAllResponses(t.database.db), before)
    assert.equal(await count('correspondence_files'), 0)

    const saved = await upload(
      dataEntry,
      url,
      { ...(await dataEntry.formFields(`${url}/new`)), ...withSummary },
      { name: 'response.pdf', data: minimalPdf },
    )
    assert.equal(saved.statusCode, 303)
    const id = /\/admin\/correspondence\/([0-9a-f-]{36})$/.exec(saved.headers.location ?? '')?.[1] ?? ''
    const file = await t.database.db
      .selectFrom('correspondence_files')
      .selectAll()
      .where('response_id', '=', id)
      .executeTakeFirstOrThrow()
    assert.equal(file.media_type, 'application/pdf')
    assert.equal(file.byte_size, minimalPdf.length)
    const download = await analyst.get(`/admin/correspondence/${id}/document`)
    assert.equal(download.statusCode, 200)
    assert.equal(download.headers['content-type'], 'application/pdf')
    assert.equal(Buffer.from(download.rawPayload).toString(), minimalPdf.toString())
    const list = await analyst.get(url)
    assert.match(list.body, /Objects to the closure on behalf of residents/)
    assert.match(list.body, /Councillor for Abbey ward/)
  })

  test('only administrators, managers and data entry record correspondence', async () => {
    const url = `/admin/consultations/${consultationId}/correspondence`
    const before = await countAllResponses(t.database.db)
    for (const role of ['analyst', 'observer', 'partner_collector'] as Role[]) {
      const browser = await signedInStaff(t, role)
      assert.equal((await browser.get(`${url}/new`)).statusCode, 403, role)
      const csrf = (await browser.formFields('/admin'))._csrf ?? ''
      const posted = await upload(
        browser,
        url,
        {
          _csrf: csrf,
          channel: 'phone',
          receivedDate: '1/2/2026',
          sender: 'person',
          questionKey: 'comments',
          text: 'x',
        },
        undefined,
      )
      assert.equal(posted.statusCode, 403, role)
    }
    const collector = await signedInStaff(t, 'partner_collector')
    assert.equal((await collector.get(url)).statusCode, 403)
    assert.equal(await countAllResponses(t.database.db), before)
  })

  test('a malformed consultation, event or response id answers 404', async () => {
    for (const url of [
      '/admin/consultations/not-an-id/events',
      '/admin/consultations/not-an-id/events/new',
      '/admin/consultations/not-an-id/correspondence',
      '/admin/consultations/not-an-id/correspondence/new',
      '/admin/events/not-an-id',
      '/admin/events/not-an-id/notes/new',
      '/admin/correspondence/not-an-id',
      '/admin/correspondence/not-an-id/document',
    ]) {
      assert.equal((await manager.get(url)).statusCode, 404, url)
    }
  })
})
