import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { systemActor } from '../../../platform/audit/audit-log.js'
import { createStaff, createTestApp, onePerRole, type TestApp, type TestStaff } from '../../../testing/app.js'
import { auditPageSize } from './service.js'

describe('the audit view', () => {
  let t: TestApp
  let staff: TestStaff<'consultation_manager' | 'governance_officer' | 'observer' | 'analyst'>
  let consultationId: string
  const details = {
    title: 'Community beds in Rutland',
    slug: 'community-beds',
    summary: 'Where community beds should be.',
    sponsors: ['Rutland council'],
    areas: ['Rutland'],
    contactEmail: 'beds@example.org',
    contactPhone: '0116 000 0000',
    freepostAddress: 'Freepost BEDS',
    privacyNotice: 'We keep your answers for two years.',
    nextSteps: 'We will report in the spring.',
    opensAt: new Date('2031-01-05T09:00:00Z'),
    closesAt: new Date('2031-03-30T22:59:00Z'),
    postalDeadlineAt: null,
  }

  before(async () => {
    t = await createTestApp()
    staff = await createStaff(
      t,
      onePerRole(['consultation_manager', 'governance_officer', 'observer', 'analyst'] as const),
    )
    consultationId = await t.services.consultationSetup.create(details, systemActor)
    const manager = { userId: staff.ids.consultation_manager, label: 'consultation_manager@example.org' }
    await t.services.consultationSetup.update(
      consultationId,
      { ...details, title: 'Community beds in Rutland and Melton' },
      manager,
    )
  })
  after(() => t.close())

  test('a change shows who made it, and the fields it changed before and after', async () => {
    const browser = await staff.as('governance_officer')
    const page = await browser.get(`/admin/audit?consultation=${consultationId}`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /<title>[^<]*Audit log: Community beds in Rutland and Melton/)
    const entries = page.body.match(/data-testid="audit-entry"/g) ?? []
    assert.equal(entries.length, 2, 'created and updated, nothing of other consultations')
    assert.match(page.body, /consultation_manager@example.org/)
    assert.match(page.body, /consultation\.updated/)
    assert.match(
      page.body,
      /<strong>title<\/strong><\/dt>\s*<dd class="heard-wrap">Before: Community beds in Rutland<br>After: Community beds in Rutland and Melton/,
    )
    // Only what changed: the summary was the same on both sides.
    assert.doesNotMatch(page.body, /<strong>summary<\/strong>/)

    const byPerson = await browser.get('/admin/audit?person=CONSULTATION_MANAGER@example.org')
    assert.equal((byPerson.body.match(/data-testid="audit-entry"/g) ?? []).length, 1)
    const byAction = await browser.get('/admin/audit?action=consultation.created&from=2000-01-01')
    assert.match(byAction.body, /consultation\.created/)
    assert.doesNotMatch(byAction.body, /<code>consultation\.updated<\/code>/)
    const nobody = await browser.get('/admin/audit?person=nobody@example.org')
    assert.match(nobody.body, /No staff member has that email address/)
  })

  test('the log pages by keyset, newest first, with no entry on two pages', async () => {
    const extra = auditPageSize + 5
    for (let i = 0; i < extra; i++)
      await t.services.consultationSetup.addProposal(
        consultationId,
        { title: `Option ${i}`, summary: 'An option', whatWouldChange: '', whoIsAffected: '' },
        systemActor,
      )
    const browser = await staff.as('consultation_manager')
    const first = await browser.get(`/admin/audit?consultation=${consultationId}`)
    const seqs = (body: string) =>
      [...body.matchAll(/data-testid="audit-entry">\s*<td class="nhsuk-table__cell">(\d+)</g)].map((m) =>
        Number(m[1]),
      )
    const firstSeqs = seqs(first.body)
    assert.equal(firstSeqs.length, auditPageSize)
    assert.deepEqual(
      firstSeqs,
      [...firstSeqs].sort((a, b) => b - a),
    )
    const older = /href="(\/admin\/audit\?[^"]+)" data-testid="older"/
      .exec(first.body)?.[1]
      ?.replaceAll('&amp;', '&')
    assert.ok(older)
    const second = await browser.get(older)
    const secondSeqs = seqs(second.body)
    assert.equal(secondSeqs.length, extra + 2 - auditPageSize)
    assert.ok(Math.max(...secondSeqs) < Math.min(...firstSeqs))
    assert.doesNotMatch(second.body, /data-testid="older"/)
  })

  test('filters that cannot be used are explained, not obeyed', async () => {
    const browser = await staff.as('governance_officer')
    const page = await browser.get('/admin/audit?consultation=not-an-id&from=2021-02-30&action=DROP%20TABLE')
    assert.equal(page.statusCode, 400)
    assert.match(page.body, /Choose a consultation from the list/)
    assert.match(page.body, /Enter a date like 2021-07-31/)
    assert.match(page.body, /Enter an action like response.excluded/)
    assert.doesNotMatch(page.body, /data-testid="audit-entry"/)
  })

  test('the audit log is linked from /admin for those who may read it, and refused to others', async () => {
    const officer = await staff.as('governance_officer')
    assert.match((await officer.get('/admin')).body, /href="\/admin\/audit"/)
    const manager = await staff.as('consultation_manager')
    const show = await manager.get(`/admin/consultations/${consultationId}`)
    assert.match(show.body, new RegExp(`href="/admin/audit\\?consultation=${consultationId}"`))
    for (const who of ['observer', 'analyst'] as const) {
      const browser = await staff.as(who)
      assert.doesNotMatch((await browser.get('/admin')).body, /href="\/admin\/audit"/)
      assert.equal((await browser.get('/admin/audit')).statusCode, 403)
    }
    const anonymous = await t.app.inject({ method: 'GET', url: '/admin/audit' })
    assert.equal(anonymous.statusCode, 303)
  })
})
