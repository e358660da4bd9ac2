import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { draftDefinition } from '../../../questionnaire/definition.js'
import { createTestApp, type TestApp, TestBrowser } from '../../../testing/app.js'

describe('building a questionnaire through the admin pages', () => {
  let t: TestApp
  let consultationId: string
  let base: string
  const manager = { email: 'builder@example.org', password: 'a builder passphrase 1' }
  const analyst = { email: 'analyst@example.org', password: 'an analyst passphrase 1' }

  before(async () => {
    t = await createTestApp()
    await t.services.users.createUser({
      ...manager,
      displayName: 'Bea Builder',
      roles: ['consultation_manager'],
    })
    await t.services.users.createUser({ ...analyst, displayName: 'Ali Analyst', roles: ['analyst'] })
    const { id } = await t.database.db
      .insertInto('consultations')
      .values({
        slug: 'built-by-hand',
        title: 'Built by hand',
        status: 'open',
        opens_at: new Date(Date.now() - 86_400_000),
        closes_at: new Date(Date.now() + 86_400_000),
        postal_deadline_at: new Date(Date.now() + 10 * 86_400_000),
        freepost_address: 'Freepost BUILT BY HAND\nLeicester',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    consultationId = id
    await t.database.db
      .insertInto('proposals')
      .values(
        Array.from({ length: 8 }, (_, i) => ({
          consultation_id: id,
          position: i + 1,
          title: `Proposal title ${i + 1}`,
        })),
      )
      .execute()
    base = `/admin/consultations/${id}/questionnaire`
  })
  after(() => t.close())

  const signedIn = async (who: { email: string; password: string }) => {
    const browser = new TestBrowser(t.app)
    // The token is tied to the browser's CSRF cookie, which signing in keeps.
    const csrf = (await browser.formFields('/admin/sign-in'))._csrf ?? ''
    assert.ok(csrf)
    assert.equal((await browser.signIn(who.email, who.password)).statusCode, 303)
    return {
      browser,
      post: (url: string, form: Record<string, string | string[]>) =>
        browser.post(url, { _csrf: csrf, ...form }),
    }
  }
  const versions = () =>
    t.database.db
      .selectFrom('questionnaire_versions')
      .select(['version', 'published_at', 'definition', 'wording_revision'])
      .where('consultation_id', '=', consultationId)
      .orderBy('version')
      .execute()
  const audits = (action: string) =>
    t.database.db
      .selectFrom('audit_log')
      .select(['details', 'actor_label'])
      .where('entity_id', '=', consultationId)
      .where('action', '=', action)
      .execute()

  test('other roles are refused, and people not signed in are sent to sign in', async () => {
    const { browser, post } = await signedIn(analyst)
    assert.equal((await browser.get(base)).statusCode, 403)
    for (const url of [`${base}/sections`, `${base}/publish`, `${base}/library/about-you`]) {
      const refused = await post(url, { title: 'Sneaky' })
      assert.equal(refused.statusCode, 403)
      assert.match(refused.body, /You cannot see this page/)
    }
    assert.equal((await browser.get(`${base}/preview`)).statusCode, 403)
    assert.equal((await browser.get(`${base}/export.json`)).statusCode, 403)
    const anonymous = await new TestBrowser(t.app).get(base)
    assert.equal(anonymous.statusCode, 303)
    assert.match(anonymous.headers.location ?? '', /^\/admin\/sign-in\?next=/)
    assert.deepEqual(await versions(), [])
  })

  test('a manager builds, is refused publishing with every problem listed, then publishes', async () => {
    const { browser, post } = await signedIn(manager)
    const empty = await post(`${base}/sections`, { title: '' })
    assert.equal(empty.statusCode, 400)
    assert.match(empty.body, /Enter a section title/)

    assert.equal((await post(`${base}/sections`, { title: 'Your views' })).statusCode, 303)
    assert.equal((await post(`${base}/sections`, { title: 'Still empty' })).statusCode, 303)
    const bad = await post(`${base}/sections/your_views/questions`, {
      type: 'single_choice',
      title: '',
      new_options: '',
    })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /Enter the question/)
    assert.match(bad.body, /Select yes if the question must be answered/)
    assert.match(bad.body, /Enter at least one option/)

    const travel = await post(`${base}/sections/your_views/questions`, {
      type: 'single_choice',
      title: 'How do you travel?',
      required: 'yes',
      new_options: 'Bus\nCar\nWalk',
      proposal: '2',
    })
    assert.equal(travel.statusCode, 303)
    const why = await post(`${base}/sections/your_views/questions`, {
      type: 'free_text',
      title: 'Why do you walk?',
      required: 'no',
      max_length: '500',
      show_if: ['how_do_you_travel:walk'],
    })
    assert.equal(why.statusCode, 303)

    const refused = await post(`${base}/publish`, {})
    assert.equal(refused.statusCode, 422)
    assert.match(refused.body, /The questionnaire cannot be published yet/)
    assert.match(refused.body, /section 2: questions needs at least one question/)
    assert.equal((await versions())[0]?.published_at, null)

    assert.equal((await post(`${base}/sections/still_empty/remove`, {})).statusCode, 303)
    const published = await post(`${base}/publish`, {})
    assert.equal(published.statusCode, 303)
    const [v1] = await versions()
    assert.ok(v1?.published_at)
    const definition = draftDefinition.parse(v1.definition)
    const [travelQ, whyQ] = definition.sections[0]?.questions ?? []
    assert.equal(travelQ?.type, 'single_choice')
    assert.equal(travelQ?.proposal, 2)
    assert.deepEqual(whyQ?.showIf, { question: 'how_do_you_travel', anyOf: ['walk'] })
    assert.equal((await audits('questionnaire.published')).length, 1)

    const page = await browser.get(base)
    assert.match(page.body, /Version 1 is published/)
  })

  test('a wording fix changes the live version in place, audited; a structural change makes version 2', async () => {
    const { post } = await signedIn(manager)
    // The public form's reading keeps the definition once read: a wording fix must still show at once.
    const firstTitle = async () =>
      (await t.services.consultations.getBySlugWithQuestionnaire('built-by-hand')).questionnaire?.definition
        .sections[0]?.questions[0]?.title
    assert.equal(await firstTitle(), 'How do you travel?')
    const fixed = await post(`${base}/questions/how_do_you_travel`, {
      title: 'How do you usually travel?',
      required: 'yes',
      option_value: ['bus', 'car', 'walk'],
      option_label: ['By bus', 'Car', 'Walk'],
      proposal: '2',
    })
    assert.equal(fixed.statusCode, 303)
    const after1 = await versions()
    assert.equal(after1.length, 1)
    assert.equal(after1[0]?.wording_revision, 1)
    const [fix] = await audits('questionnaire.wording_fixed')
    assert.ok(fix)
    const { changes } = fix.details as { changes: { path: string; before: unknown; after: unknown }[] }
    assert.deepEqual(
      changes.map((c) => [c.before, c.after]),
      [
        ['How do you travel?', 'How do you usually travel?'],
        ['Bus', 'By bus'],
      ],
    )
    assert.equal(fix?.actor_label, manager.email)
    const live = await t.services.consultations.getPublishedQuestionnaire(consultationId)
    assert.equal(live?.definition.sections[0]?.questions[0]?.title, 'How do you usually travel?')
    assert.equal(await firstTitle(), 'How do you usually travel?')

    const structural = await post(`${base}/questions/how_do_you_travel`, {
      title: 'How do you usually travel?',
      required: 'yes',
      option_value: ['bus', 'car', 'walk'],
      option_label: ['By bus', 'Car', 'Walk'],
      new_options: 'Train',
      proposal: '2',
    })
    assert.equal(structural.statusCode, 303)
    const after2 = await versions()
    assert.equal(after2.length, 2)
    assert.equal(after2[1]?.published_at, null)
    const v1Options = draftDefinition.parse(after2[0]?.definition).sections[0]?.questions[0]
    const v2Options = draftDefinition.parse(after2[1]?.definition).sections[0]?.questions[0]
    assert.equal(v1Options && 'options' in v1Options ? v1Options.options.length : 0, 3)
    assert.equal(v2Options && 'options' in v2Options ? v2Options.options.length : 0, 4)
    assert.equal((await audits('questionnaire.version_started')).length, 2)
  })

  test('the database refuses structural changes to a published version but takes wording fixes', async () => {
    const [v1] = await versions()
    const definition = draftDefinition.parse(v1?.definition)
    const reworded = structuredClone(definition)
    const first = reworded.sections[0]?.questions[0]
    if (first) first.hint = 'Think of a usual week'
    await t.database.db
      .updateTable('questionnaire_versions')
      .set({ definition: JSON.stringify(reworded), wording_revision: 2 })
      .where('consultation_id', '=', consultationId)
      .where('version', '=', 1)
      .execute()
    const restructured = structuredClone(reworded)
    const q = restructured.sections[0]?.questions[0]
    if (q) q.required = false
    await assert.rejects(
      t.database.db
        .updateTable('questionnaire_versions')
        .set({ definition: JSON.stringify(restructured), wording_revision: 3 })
        .where('consultation_id', '=', consultationId)
        .where('version', '=', 1)
        .execute(),
      /only its wording can change/,
    )
  })

  test('translations show on the public form with lang attributes, falling back to English', async () => {
    const { browser, post } = await signedIn(manager)
    const saved = await post(`${base}/translations/cy`, {
      's.your_views.title': 'Eich barn',
      'q.how_do_you_travel.title': 'Sut ydych chi’n teithio fel arfer?',
    })
    assert.equal(saved.statusCode, 303)
    assert.equal((await post(`${base}/publish`, {})).statusCode, 303)
    // The form starts on a page that offers the languages and carries the choice into the journey;
    // the journey's own pages are tested in responses/journey-routes.test.ts.
    const start = await browser.get('/consultations/built-by-hand/respond?lang=cy')
    assert.equal(start.statusCode, 200)
    assert.match(start.body, /<span lang="cy" aria-current="true"><strong>Cymraeg<\/strong><\/span>/)
    assert.match(start.body, /action="\/consultations\/built-by-hand\/respond\/start\?lang=cy"/)
    const preview = await browser.get(`${base}/preview?version=2&lang=cy`)
    assert.match(preview.body, /<div lang="cy" dir="ltr">/)
    assert.match(preview.body, /Eich barn/)
    assert.match(preview.body, /<span lang="en">Why do you walk\?<\/span>/)
    const english = await browser.get('/consultations/built-by-hand/respond')
    assert.doesNotMatch(english.body, /Eich barn/)
    assert.match(
      english.body,
      /href="\/consultations\/built-by-hand\/respond\?lang=cy" lang="cy" hreflang="cy"/,
    )
  })

  test('preview, print, export and the JSON Schema', async () => {
    const { browser } = await signedIn(manager)
    const preview = await browser.get(`${base}/preview?version=2&lang=cy`)
    assert.equal(preview.statusCode, 200)
    assert.match(preview.body, /Preview/)
    assert.match(preview.body, /Eich barn/)
    assert.match(preview.body, /Sut ydych chi’n teithio fel arfer\?/)
    assert.doesNotMatch(preview.body, /Send response/)
    const print = await browser.get(`${base}/print?version=1`)
    assert.equal(print.statusCode, 200)
    assert.match(print.body, /Reference \(for office use\)/)
    assert.match(print.body, /data-testid="postal-deadline">It must arrive by:\s*<strong>/)
    assert.match(print.body, /data-testid="freepost-address">Freepost BUILT BY HAND<br \/>\nLeicester</)
    assert.match(print.body, /Answer this only if you answered “Walk” to question 1/)
    const exported = await browser.get(`${base}/export.json?version=1`)
    assert.equal(exported.statusCode, 200)
    assert.equal(draftDefinition.parse(JSON.parse(exported.body)).sections[0]?.key, 'your_views')
    const schema = await browser.get('/questionnaire-schema.json')
    assert.equal(schema.statusCode, 200)
    assert.equal(JSON.parse(schema.body).title, 'Heard questionnaire definition')
  })

  test('printing and exporting take the published version while a draft is open; the draft only when asked, marked', async () => {
    const { browser } = await signedIn(manager)
    const all = await versions()
    const published = all.filter((v) => v.published_at !== null).at(-1)
    assert.ok(published)
    let draft = all.find((v) => v.published_at === null)
    const added = !draft
    if (!draft) {
      await t.database.db
        .insertInto('questionnaire_versions')
        .values({
          consultation_id: consultationId,
          version: published.version + 1,
          definition: JSON.stringify(published.definition),
        })
        .execute()
      draft = { ...published, version: published.version + 1, published_at: null }
    }
    const print = await browser.get(`${base}/print`)
    assert.equal(print.statusCode, 200)
    assert.match(print.body, new RegExp(`Questionnaire version ${published.version}</p>`))
    assert.doesNotMatch(print.body, /data-testid="draft-mark"/)
    const exported = await browser.get(`${base}/export.json`)
    assert.match(String(exported.headers['content-disposition']), new RegExp(`-v${published.version}\\.json`))
    const asked = await browser.get(`${base}/print?version=${draft.version}`)
    assert.match(asked.body, /data-testid="draft-mark"><strong>Draft: version \d+ is not published/)
    assert.match(asked.body, new RegExp(`Questionnaire version ${draft.version} \\(draft\\)`))
    const builder = await browser.get(base)
    assert.ok(builder.body.includes(`${base}/print?version=${draft.version}"`))
    // The tests after this one build on the published version as they found it.
    if (added)
      await t.database.db
        .deleteFrom('questionnaire_versions')
        .where('consultation_id', '=', consultationId)
        .where('version', '=', draft.version)
        .execute()
  })

  test('a bad import lists every problem with its path and saves nothing', async () => {
    const { post } = await signedIn(manager)
    const before = await versions()
    const bad = await post(`${base}/import`, {
      file: JSON.stringify({
        sections: [
          {
            key: 'Bad Key',
            title: '',
            questions: [{ key: 'q', type: 'single_choice', title: 'Q', options: [] }],
          },
        ],
      }),
    })
    assert.equal(bad.statusCode, 422)
    assert.match(bad.body, /sections\[0\]\.key: must be lower-case/)
    assert.match(bad.body, /sections\[0\]\.title: /)
    assert.match(bad.body, /sections\[0\]\.questions\[0\]\.options: needs at least one option/)
    const notJson = await post(`${base}/import`, { file: '{ nope' })
    assert.equal(notJson.statusCode, 422)
    assert.match(notJson.body, /not valid JSON/)
    assert.deepEqual(await versions(), before)
  })

  test('the reference case: proposals in one step, About you in one step, then publish', async () => {
    const { post } = await signedIn(manager)
    assert.equal((await post(`${base}/questions/how_do_you_travel/remove`, {})).statusCode, 303)
    assert.equal((await post(`${base}/questions/why_do_you_walk/remove`, {})).statusCode, 303)
    assert.equal((await post(`${base}/sections/your_views/remove`, {})).statusCode, 303)
    assert.equal((await post(`${base}/library/proposals`, {})).statusCode, 303)
    assert.equal((await post(`${base}/library/about-you`, {})).statusCode, 303)
    const again = await post(`${base}/library/about-you`, {})
    assert.equal(again.statusCode, 400)
    assert.match(again.body, /already in this questionnaire/)
    assert.equal((await post(`${base}/publish`, {})).statusCode, 303)
    const latest = (await versions()).at(-1)
    assert.ok(latest?.published_at)
    const definition = draftDefinition.parse(latest.definition)
    const proposals = definition.sections.find((s) => s.key === 'proposals')?.questions ?? []
    assert.equal(proposals.filter((q) => q.type === 'agreement').length, 8)
    assert.equal(proposals.filter((q) => q.type === 'free_text').length, 8)
    assert.deepEqual([...new Set(proposals.map((q) => q.proposal))], [1, 2, 3, 4, 5, 6, 7, 8])
    const aboutYou = definition.sections.find((s) => s.key === 'about_you')?.questions.map((q) => q.key)
    assert.ok(
      aboutYou?.includes('ethnicity') &&
        aboutYou.includes('relationship') &&
        aboutYou.includes('postcode_district'),
    )
  })

  test('a malformed consultation id is not found', async () => {
    const { browser } = await signedIn(manager)
    for (const path of ['', '/sections/about/edit', '/questions/q1/edit', '/translations/cy', '/print'])
      assert.equal(
        (await browser.get(`/admin/consultations/not-an-id/questionnaire${path}`)).statusCode,
        404,
        path,
      )
  })
})
