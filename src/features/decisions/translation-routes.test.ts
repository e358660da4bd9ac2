import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { referenceSlug } from '../../demo/reference-consultation.js'
import { roles } from '../../platform/auth/roles.js'
import type { Role } from '../../platform/db/schema.js'
import { createStaff, createTestApp, onePerRole, type TestApp, type TestStaff } from '../../testing/app.js'
import { considerationSubject, slotName } from './translations.js'

// The public "You said, we did" page in another language, through HTTP and the database: the
// demo's Polish, a translation added by staff, English marked where there is none, and no
// translation shown for text that is not the signed-off English.

describe('translations of You said, we did', () => {
  let t: TestApp
  let staff: TestStaff<Role>
  let consultationId = ''
  let base = ''
  const page = (query = '') =>
    t.app.inject({ url: `/consultations/${referenceSlug}/you-said-we-did${query}` })
  const polishConditions = 'Propozycje są realizowane we współpracy z osobami korzystającymi z usług'

  before(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'error' } })
    await t.services.demo.loadStartupDemo({ responses: 300 })
    staff = await createStaff(t, onePerRole([...roles]))
    consultationId = (await t.services.consultations.getBySlug(referenceSlug)).id
    base = `/admin/consultations/${consultationId}/decisions/translations`
  })
  after(() => t.close())

  /** Posts the translation form as the browser would, with the hidden fields its page carries. */
  const save = async (
    as: Awaited<ReturnType<TestStaff<Role>['as']>>,
    form: Record<string, string>,
    fields?: Record<string, string>,
  ) => as.post(`${base}/pl`, { ...(fields ?? (await as.formFields(`${base}/pl`))), ...form })

  test('the demo’s Polish shows in Polish; what is not translated is in English, marked', async () => {
    const polish = await page('?lang=pl')
    assert.equal(polish.statusCode, 200)
    assert.match(polish.body, new RegExp(`<span lang="pl" dir="ltr">${polishConditions}`))
    assert.match(polish.body, /<span lang="pl" dir="ltr">Otwarcie trzech pilotażowych kawiarni kryzysowych/)
    assert.match(
      polish.body,
      /<span lang="en" dir="ltr">The Central Access Point will answer by phone[^<]*<\/span> <strong[^>]*>Not yet translated<\/strong>/,
    )
    assert.match(polish.body, /hreflang="en"[^>]*>English<\/a>/)
    assert.match(polish.body, /aria-current="true"><strong>Polski<\/strong>/)
    // Links on the page keep the language.
    assert.match(polish.body, /href="\/consultations\/[^"]+\/progress\?lang=pl"/)
    const progress = await t.app.inject({ url: `/consultations/${referenceSlug}/progress?lang=pl` })
    assert.match(progress.body, /Trzy pilotażowe kawiarnie zostały otwarte/)

    for (const query of ['', '?lang=xx', '?lang=%3Cscript%3E']) {
      const english = await page(query)
      assert.equal(english.statusCode, 200, query)
      assert.doesNotMatch(english.body, /Not yet translated/, query)
      assert.doesNotMatch(english.body, new RegExp(polishConditions), query)
      assert.match(english.body, /The proposals are taken forward in co-production/, query)
    }
  })

  test('staff reach the translations from the decisions page and add one, audited', async () => {
    const manager = await staff.as('consultation_manager')
    const overview = await manager.get(`/admin/consultations/${consultationId}/decisions`)
    assert.match(overview.body, new RegExp(`href="${base}"`))
    const languages = await manager.get(base)
    assert.equal(languages.statusCode, 200)
    assert.match(languages.body, new RegExp(`href="${base}/pl"`))
    const start = await manager.get(`${base}?language=gu`)
    assert.equal(start.statusCode, 303)
    assert.equal(start.headers.location, `${base}/gu`)

    const action = (await t.services.decisions.overview(consultationId)).actions.find((a) =>
      a.title.startsWith('Publish call-back'),
    )
    assert.ok(action)
    const saved = await save(manager, {
      [slotName('action', action.id)]: 'Co miesiąc publikować czasy oddzwonienia i oczekiwania',
    })
    assert.equal(saved.statusCode, 303)
    assert.match((await page('?lang=pl')).body, /<span lang="pl" dir="ltr">Co miesiąc publikować czasy/)
    // The other Polish texts were not touched by a form that did not send them.
    assert.match((await page('?lang=pl')).body, new RegExp(polishConditions))
    const audited = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'decisions.translations_saved')
      .execute()
    assert.equal(audited.length, 2, 'the demo’s save and this one')
  })

  test('a translation of text that is not signed off, or of English since rewritten, is not shown', async () => {
    const manager = await staff.as('consultation_manager')
    const [c] = (await t.services.decisions.overview(consultationId)).considerations
    assert.ok(c)
    const actor = { userId: null, label: 'test' }
    const input = { proposalId: c.proposal_id, themeId: c.theme_id, outcome: c.outcome }
    await t.services.decisions.saveConsideration(consultationId, { ...input, response: 'Rewritten.' }, actor)
    const name = slotName('consideration', considerationSubject(c.proposal_id, c.theme_id))
    const form = await manager.get(`${base}/pl`)
    assert.match(form.body, /Not on the public page until it is signed off/)
    assert.equal((await save(manager, { [name]: 'Przepisane.' })).statusCode, 303)
    assert.doesNotMatch((await page('?lang=pl')).body, /Przepisane\./)

    await t.services.decisions.signOffConsideration(consultationId, c.id, actor)
    assert.match((await page('?lang=pl')).body, /<span lang="pl" dir="ltr">Przepisane\.<\/span>/)

    await t.services.decisions.saveConsideration(
      consultationId,
      { ...input, response: 'Rewritten again.' },
      actor,
    )
    await t.services.decisions.signOffConsideration(consultationId, c.id, actor)
    const stale = (await page('?lang=pl')).body
    assert.doesNotMatch(stale, /Przepisane\./)
    assert.match(
      stale,
      /<span lang="en" dir="ltr">Rewritten again\.<\/span> <strong[^>]*>Not yet translated<\/strong>/,
    )
    assert.match((await manager.get(`${base}/pl`)).body, /The English has changed since this was translated/)
  })

  test('bad input is refused with 4xx and writes nothing', async () => {
    const count = async () =>
      (await t.database.db.selectFrom('decision_translations').select('id').execute()).length
    const before = await count()
    const manager = await staff.as('consultation_manager')
    const unknown = await save(manager, { 'action.not-a-text': 'x' })
    assert.equal(unknown.statusCode, 400)
    assert.match(unknown.body, /The form named a text this page does not have/)
    const action = (await t.services.decisions.overview(consultationId)).actions[0]
    assert.ok(action)
    const long = await save(manager, {
      [slotName('action', action.id)]: 'ą'.repeat(10_001),
      [slotName('conditions', 'decision')]: 'Zmienione warunki',
    })
    assert.equal(long.statusCode, 400)
    assert.match(long.body, /Keep the translation under 10000 characters/)
    const badLanguage = await manager.postFrom(`${base}/pl`, `${base}/Polish!`, {})
    // A language that is no language code names no page, as a malformed id does elsewhere.
    assert.equal(badLanguage.statusCode, 404)
    assert.equal((await manager.get(`${base}?language=Polish!`)).statusCode, 400)
    const observer = await staff.as('observer')
    assert.equal((await observer.get(`${base}/pl`)).statusCode, 403)
    // A save made against English that changed after the form was shown is refused.
    const shown = await manager.formFields(`${base}/pl`)
    const [c] = (await t.services.decisions.overview(consultationId)).considerations
    assert.ok(c)
    await t.services.decisions.saveConsideration(
      consultationId,
      { proposalId: c.proposal_id, themeId: c.theme_id, outcome: c.outcome, response: 'Changed meanwhile.' },
      { userId: null, label: 'test' },
    )
    const late = await save(
      manager,
      { [slotName('consideration', considerationSubject(c.proposal_id, c.theme_id))]: 'Stare tłumaczenie' },
      shown,
    )
    assert.equal(late.statusCode, 409)
    assert.match(late.body, /The English changed while you were translating/)
    assert.equal(await count(), before)
    assert.match((await page('?lang=pl')).body, new RegExp(polishConditions))
  })
})
