import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import ical, { type VEvent } from 'node-ical'
import { createStaff, createTestApp, type TestApp, type TestStaff } from '../../testing/app.js'

// Committees through HTTP: who may read and who may change, bad input refused with nothing
// written, late papers and items, questions with live answers, resolutions and the actions they
// ask for closed at a later meeting, corrections, the calendar feed and the reminder job.

const dayMs = 24 * 60 * 60 * 1000
const day = (offset: number) => new Date(Date.now() + offset * dayMs).toISOString().slice(0, 10)

describe('meetings and scrutiny', () => {
  let t: TestApp
  let staff: TestStaff<'officer' | 'observer' | 'keyer'>
  let consultationId: string
  let committeeId: string
  let firstMeetingId: string
  let laterMeetingId: string
  let itemId: string

  const count = async (
    table: 'committees' | 'meetings' | 'agenda_items' | 'agenda_papers' | 'resolutions' | 'committee_actions',
  ) =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const post = async (from: string, url: string, form: Record<string, string>) =>
    (await staff.as('officer')).postFrom(from, url, form)
  const idFrom = (location: unknown) => String(location).split('/').at(-1) ?? ''

  before(async () => {
    t = await createTestApp()
    staff = await createStaff(t, {
      officer: { email: 'clerk@example.org', displayName: 'Clerk', roles: ['governance_officer'] },
      observer: { email: 'member@example.org', displayName: 'Scrutiny member', roles: ['observer'] },
      keyer: { email: 'keyer@example.org', displayName: 'Keyer', roles: ['data_entry'] },
    })
    const consultation = await t.database.db
      .selectFrom('consultations')
      .select('id')
      .executeTakeFirstOrThrow()
    consultationId = consultation.id
  })
  after(() => t.close())

  test('a committee is refused with NHS.UK-style messages and nothing written, then added', async () => {
    const refused = await post('/admin/governance/committees/new', '/admin/governance/committees', {
      name: '',
      kind: 'scrutiny_commission',
      noticeDays: 'five',
      contactEmail: 'not an email',
    })
    assert.equal(refused.statusCode, 400)
    assert.match(refused.body, /Enter the committee&#39;s name/)
    assert.match(refused.body, /Enter the notice period as a whole number of days from 0 to 60/)
    assert.equal(await count('committees'), 0)

    const added = await post('/admin/governance/committees/new', '/admin/governance/committees', {
      name: 'Adult Social Care Scrutiny Commission',
      kind: 'scrutiny_commission',
      organisation: 'A city council',
      noticeDays: '5',
      contactEmail: 'clerk@example.org',
    })
    assert.equal(added.statusCode, 303)
    committeeId = idFrom(added.headers.location)
    const again = await post('/admin/governance/committees/new', '/admin/governance/committees', {
      name: 'Adult Social Care Scrutiny Commission',
      kind: 'scrutiny_commission',
      noticeDays: '5',
      contactEmail: 'clerk@example.org',
    })
    assert.equal(again.statusCode, 400)
    assert.match(again.body, /There is already a committee with this name/)
    assert.equal(await count('committees'), 1)
  })

  test('observers read the staff pages but change nothing; data entry staff see none of them', async () => {
    const observer = await staff.as('observer')
    assert.equal((await observer.get('/admin/governance')).statusCode, 200)
    assert.equal((await observer.get(`/admin/governance/committees/${committeeId}`)).statusCode, 200)
    const tried = await observer.postFrom('/admin/governance', '/admin/governance/committees', {
      name: 'Another',
      kind: 'other',
      noticeDays: '5',
      contactEmail: 'x@example.org',
    })
    assert.equal(tried.statusCode, 403)
    assert.equal(
      (await observer.get(`/admin/governance/committees/${committeeId}/meetings/new`)).statusCode,
      403,
    )
    const keyer = await staff.as('keyer')
    assert.equal((await keyer.get('/admin/governance')).statusCode, 403)
    assert.doesNotMatch((await keyer.get('/admin')).body, /Meetings and scrutiny/)
    assert.match((await observer.get('/admin')).body, /href="\/admin\/governance"/)
  })

  test('a late item may cite a paper published after the meeting; an item on time may not', async () => {
    const form = `/admin/governance/committees/${committeeId}/meetings/new`
    const meetings = `/admin/governance/committees/${committeeId}/meetings`
    const first = await post(form, meetings, {
      date: day(-10),
      time: '10:00',
      place: 'Town Hall',
      session: 'public',
    })
    assert.equal(first.statusCode, 303)
    firstMeetingId = idFrom(first.headers.location)
    const later = await post(form, meetings, {
      date: day(80),
      time: '10:00',
      online: 'yes',
      session: 'public',
    })
    laterMeetingId = idFrom(later.headers.location)
    const badDate = await post(form, meetings, { date: '31/2/2022', time: '25:00', session: 'public' })
    assert.equal(badDate.statusCode, 400)
    assert.match(badDate.body, /Enter a real date/)
    assert.equal(await count('meetings'), 2)

    const itemForm = `/admin/governance/meetings/${firstMeetingId}/items/new`
    const items = `/admin/governance/meetings/${firstMeetingId}/items`
    const onTime = await post(itemForm, items, { title: 'Minutes of the last meeting', consultationId: '' })
    const onTimeId = idFrom(onTime.headers.location)
    const refused = await post(
      `/admin/governance/items/${onTimeId}`,
      `/admin/governance/items/${onTimeId}/papers`,
      {
        paperKind: 'report',
        paperTitle: 'A report',
        paperUrl: 'https://example.org/report.pdf',
        paperPublishedOn: day(-9),
      },
    )
    assert.equal(refused.statusCode, 400)
    assert.match(refused.body, /published after the meeting: mark the item as late or urgent/)
    assert.equal(await count('agenda_papers'), 0)

    const noReason = await post(itemForm, items, { title: 'Recovery hubs', lateKind: 'urgent' })
    assert.equal(noReason.statusCode, 400)
    assert.match(noReason.body, /Enter the reason the item was accepted late or as urgent/)
    const urgent = await post(itemForm, items, {
      title: 'Mental Health Recovery Hubs: outcome of engagement',
      consultationId,
      lateKind: 'urgent',
      lateRule: 'Scrutiny Procedure Rule Part 4E(14)',
      lateReason: 'Commissioners needed time to take in the findings; views wanted before procurement',
      lateAcceptedBy: 'The Chair',
    })
    assert.equal(urgent.statusCode, 303)
    itemId = idFrom(urgent.headers.location)
    const paper = await post(
      `/admin/governance/items/${itemId}`,
      `/admin/governance/items/${itemId}/papers`,
      {
        paperKind: 'report',
        paperTitle: 'Outcome of engagement',
        paperUrl: 'https://example.org/outcome.pdf',
        paperSha256: 'A'.repeat(64),
        paperPublishedOn: day(-11),
      },
    )
    assert.equal(paper.statusCode, 303)
    const page = await (await staff.as('observer')).get(`/admin/governance/items/${itemId}`)
    assert.match(page.body, /Accepted by The Chair under Scrutiny Procedure Rule Part 4E\(14\)/)
    assert.match(
      page.body,
      /Published 1 days before the meeting: <strong>late<\/strong>, the standard notice is 5 days/,
    )
    assert.match(page.body, new RegExp('a'.repeat(64)))
    const crumbs = page.body.match(/<nav class="nhsuk-breadcrumb"[\s\S]*?<\/nav>/)?.[0] ?? ''
    for (const href of [
      '/admin/governance',
      `/admin/governance/committees/${committeeId}`,
      `/admin/governance/meetings/${firstMeetingId}`,
    ])
      assert.ok(crumbs.includes(`href="${href}"`), `an item's breadcrumbs lead back to ${href}`)
  })

  test('a question links to the live answer; a resolution waits for the meeting to be held', async () => {
    const itemPage = `/admin/governance/items/${itemId}`
    const asked = await post(itemPage, `${itemPage}/questions`, {
      askedBy: 'The Chair',
      question: 'What percentage of those engaged were service users, family members and potential users?',
      answer: 'Answered from the data.',
      liveAnswer: 'who_responded',
    })
    assert.equal(asked.statusCode, 303)
    const page = await (await staff.as('observer')).get(itemPage)
    assert.match(
      page.body,
      new RegExp(`href="/admin/consultations/${consultationId}/participation/scrutiny"`),
    )

    const early = await post(itemPage, `${itemPage}/resolutions`, { resolutionText: 'To note the outcome' })
    assert.equal(early.statusCode, 400)
    assert.match(early.body, /Resolutions can be recorded once the meeting has been held/)
    const held = await post(
      `/admin/governance/meetings/${firstMeetingId}`,
      `/admin/governance/meetings/${firstMeetingId}/status`,
      {
        status: 'held',
      },
    )
    assert.equal(held.statusCode, 303)
    const notYet = await post(
      `/admin/governance/meetings/${laterMeetingId}`,
      `/admin/governance/meetings/${laterMeetingId}/status`,
      {
        status: 'held',
      },
    )
    assert.equal(notYet.statusCode, 400)
    assert.match(notYet.body, /cannot be marked as held before it starts/)

    const dueTooSoon = await post(itemPage, `${itemPage}/resolutions`, {
      resolutionText: 'To note the outcome and ask for a progress report',
      actionDescription: 'Bring a progress report within three months',
      actionOwner: 'Commissioners',
      actionDueOn: day(-20),
    })
    assert.equal(dueTooSoon.statusCode, 400)
    assert.match(dueTooSoon.body, /due date must be on or after the day of the meeting/)
    assert.equal(await count('resolutions'), 0)
    const resolved = await post(itemPage, `${itemPage}/resolutions`, {
      resolutionText: 'To note the outcome and ask for a progress report',
      actionDescription: 'Bring a progress report within three months',
      actionOwner: 'Commissioners',
      actionDueOn: day(5),
      actionDueMeetingId: laterMeetingId,
    })
    assert.equal(resolved.statusCode, 303)
    assert.equal(await count('committee_actions'), 1)
  })

  test('the reminder job writes to the outbox once, ahead of the due date', async () => {
    assert.deepEqual(await t.services.governance.remindDueActions(), { reminded: 1 })
    assert.deepEqual(await t.services.governance.remindDueActions(), { reminded: 0 })
    const mail = await t.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('recipient', '=', 'clerk@example.org')
      .execute()
    assert.equal(mail.length, 1)
    assert.match(mail[0]?.body ?? '', /Bring a progress report within three months/)
  })

  test('a later meeting closes the action; resolutions and minutes change only by a correction', async () => {
    const items = `/admin/governance/meetings/${laterMeetingId}/items`
    const report = await post(`${items}/new`, items, {
      title: 'Recovery hubs: progress report',
      consultationId,
    })
    const reportId = idFrom(report.headers.location)
    const action = await t.database.db.selectFrom('committee_actions').selectAll().executeTakeFirstOrThrow()
    const sameMeeting = await post(
      `/admin/governance/items/${itemId}`,
      `/admin/governance/items/${itemId}/closures`,
      {
        actionId: action.id,
      },
    )
    assert.equal(sameMeeting.statusCode, 400)
    const closed = await post(
      `/admin/governance/items/${reportId}`,
      `/admin/governance/items/${reportId}/closures`,
      {
        actionId: action.id,
      },
    )
    assert.equal(closed.statusCode, 303)
    const stored = await t.database.db.selectFrom('committee_actions').selectAll().executeTakeFirstOrThrow()
    assert.equal(stored.status, 'closed')
    assert.equal(stored.closed_by_item_id, reportId)

    const resolution = await t.database.db.selectFrom('resolutions').selectAll().executeTakeFirstOrThrow()
    const correction = `/admin/governance/resolutions/${resolution.id}/correction`
    const noReason = await post(correction, correction, { text: 'To note the outcome', reason: '' })
    assert.equal(noReason.statusCode, 400)
    assert.match(noReason.body, /Enter the reason for the correction/)
    assert.equal(
      (await post(correction, correction, { text: 'To note the outcome', reason: 'Typo' })).statusCode,
      303,
    )

    const minutes = `/admin/governance/meetings/${firstMeetingId}/minutes`
    const meetingPage = `/admin/governance/meetings/${firstMeetingId}`
    assert.equal((await post(meetingPage, minutes, { minutes: 'Present: the Commission.' })).statusCode, 303)
    const silent = await post(meetingPage, minutes, { minutes: 'Present: nobody.' })
    assert.equal(silent.statusCode, 400)
    assert.equal(
      (await post(meetingPage, minutes, { minutes: 'Present: all members.', minutesReason: 'Attendance' }))
        .statusCode,
      303,
    )
    const corrections = await t.database.db
      .selectFrom('governance_corrections')
      .selectAll()
      .orderBy('corrected_at')
      .execute()
    assert.deepEqual(
      corrections.map((c) => [c.before, c.after, c.reason]),
      [
        ['To note the outcome and ask for a progress report', 'To note the outcome', 'Typo'],
        ['Present: the Commission.', 'Present: all members.', 'Attendance'],
      ],
    )
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'governance.%corrected')
      .execute()
    assert.equal(audit.length, 2)
  })

  test('public pages show the committee, its actions and meetings; the calendar parses back', async () => {
    const anonymous = t.app
    const list = await anonymous.inject('/committees')
    assert.match(list.body, /Adult Social Care Scrutiny Commission/)
    const committee = await anonymous.inject('/committees/adult-social-care-scrutiny-commission')
    assert.equal(committee.statusCode, 200)
    assert.match(committee.body, /Bring a progress report within three months/)
    assert.match(committee.body, /Closed/)
    const meeting = await anonymous.inject(
      `/committees/adult-social-care-scrutiny-commission/meetings/${firstMeetingId}`,
    )
    assert.match(meeting.body, /Scrutiny Procedure Rule Part 4E\(14\)/)
    assert.match(meeting.body, /Present: all members\./)
    // The live answer is for staff; the public see that the answer came from the data.
    assert.doesNotMatch(meeting.body, /participation\/scrutiny/)
    assert.equal((await anonymous.inject('/committees/no-such-committee')).statusCode, 404)
    const consultationPage = await anonymous.inject('/consultations/neighbourhood-mental-health-teams')
    assert.match(consultationPage.body, /Meetings that considered it/)

    const feed = await anonymous.inject('/committees/adult-social-care-scrutiny-commission/meetings.ics')
    assert.equal(feed.statusCode, 200)
    assert.match(String(feed.headers['content-type']), /^text\/calendar/)
    const parsed = Object.values(ical.sync.parseICS(feed.body)).filter(
      (c): c is VEvent => c?.type === 'VEVENT',
    )
    assert.equal(parsed.length, 2)
    const first = parsed.find((e) => e.uid.startsWith(firstMeetingId))
    assert.ok(first)
    assert.equal(first.summary, 'Adult Social Care Scrutiny Commission')
    assert.equal(first.location, 'Town Hall')
    assert.equal(first.start.toISOString().slice(0, 10), day(-10))
    const all = ical.sync.parseICS((await anonymous.inject('/committees/meetings.ics')).body)
    assert.equal(Object.values(all).filter((c) => c?.type === 'VEVENT').length, 2)
  })
})
