import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { questionnaireDefinition } from '../../../questionnaire/definition.js'
import { everyQuestionType, pagedQuestionnaire } from '../../../questionnaire/examples.js'
import { parseQuestionnaireDefinition } from '../../../questionnaire/rules.js'
import { checkSubmission } from '../answer-validation.js'
import {
  admission,
  answersToCheck,
  answersToSave,
  answersToValues,
  checkAllAnswers,
  checkSection,
  firstIncompleteSection,
  firstPage,
  formPages,
  nextPage,
  previousPage,
  pruneAnswers,
  resumeSection,
  shownPages,
} from './journey.js'

const paged = parseQuestionnaireDefinition(pagedQuestionnaire)
const everyType = parseQuestionnaireDefinition(everyQuestionType)
const section = (key: string) => ({ kind: 'section', key }) as const
const travelOptions = [
  { value: 'car', label: 'Car' },
  { value: 'walk', label: 'Walk' },
]
const unexpected = 'The form contained something we did not expect. Go back, refresh the page and try again'

describe('the pages of the form', () => {
  test('a page per section, split where a question is routed on an answer on the same page', () => {
    assert.deepEqual(
      formPages(paged).map((p) => [p.key, p.title, p.questions.map((q) => q.key)]),
      [
        ['travel', 'Getting there', ['mode']],
        ['travel-2', 'Getting there', ['why_walk']],
        ['views', 'Your views', ['agree', 'comments']],
        ['walking', 'Walking', ['route']],
      ],
    )
  })

  test('pages whose questions are all routed away are skipped', () => {
    assert.deepEqual(
      shownPages(paged, { mode: 'car' }).map((p) => p.key),
      ['travel', 'views'],
    )
    assert.deepEqual(
      shownPages(paged, { mode: 'walk' }).map((p) => p.key),
      ['travel', 'travel-2', 'views', 'walking'],
    )
    // Before the routing question is answered, nothing depending on it is shown.
    assert.deepEqual(
      shownPages(paged, {}).map((p) => p.key),
      ['travel', 'views'],
    )
  })

  test('"Continue" goes to the next page shown, then "about you", then checking answers', () => {
    assert.deepEqual(nextPage(paged, { mode: 'car' }, section('travel')), section('views'))
    assert.deepEqual(nextPage(paged, { mode: 'walk' }, section('travel')), section('travel-2'))
    assert.deepEqual(nextPage(paged, { mode: 'walk' }, section('views')), section('walking'))
    assert.deepEqual(nextPage(paged, { mode: 'car' }, section('views')), { kind: 'about' })
    assert.deepEqual(nextPage(paged, { mode: 'car' }, { kind: 'about' }), { kind: 'check' })
    // A page no longer shown (its routing answer changed) moves on to the next one that is.
    assert.deepEqual(nextPage(paged, { mode: 'car' }, section('travel-2')), section('views'))
    // Without questions about the respondent, the last page leads straight to checking answers.
    assert.deepEqual(nextPage(everyType, {}, section('s')), { kind: 'check' })
  })

  test('a question routed on an earlier answer of its page starts a new page, even with questions between', () => {
    const definition = parseQuestionnaireDefinition({
      sections: [
        {
          key: 'travel',
          title: 'Getting there',
          questions: [
            { key: 'mode', type: 'single_choice', title: 'How?', options: travelOptions },
            { key: 'often', type: 'free_text', title: 'How often?' },
            {
              key: 'why_walk',
              type: 'free_text',
              title: 'Why?',
              showIf: { question: 'mode', anyOf: ['walk'] },
            },
          ],
        },
      ],
    })
    assert.deepEqual(
      formPages(definition).map((p) => p.questions.map((q) => q.key)),
      [['mode', 'often'], ['why_walk']],
    )
  })

  test('a page is shown when only some of its questions are routed away', () => {
    const definition = parseQuestionnaireDefinition({
      sections: [
        {
          key: 'travel',
          title: 'Getting there',
          questions: [{ key: 'mode', type: 'single_choice', title: 'How?', options: travelOptions }],
        },
        {
          key: 'views',
          title: 'Your views',
          questions: [
            { key: 'agree', type: 'agreement', title: 'Do you agree?' },
            {
              key: 'why_walk',
              type: 'free_text',
              title: 'Why?',
              showIf: { question: 'mode', anyOf: ['walk'] },
            },
          ],
        },
      ],
    })
    assert.deepEqual(
      shownPages(definition, { mode: 'car' }).map((p) => p.key),
      ['travel', 'views'],
    )
  })

  test('the form starts at its first page', () => {
    assert.deepEqual(firstPage(paged), section('travel'))
  })

  test('asking only for an organisation, or only for contact details, still has an "about you" page', () => {
    const asking = (respondent: { askOrganisation?: boolean; askContact?: boolean }) =>
      nextPage(parseQuestionnaireDefinition({ ...everyQuestionType, respondent }), {}, section('s'))
    assert.deepEqual(asking({ askOrganisation: true }), { kind: 'about' })
    assert.deepEqual(asking({ askContact: true }), { kind: 'about' })
    assert.deepEqual(asking({}), { kind: 'check' })
  })

  test('"Back" goes to the page before, skipping those routed away; the first page has none', () => {
    assert.equal(previousPage(paged, { mode: 'car' }, section('travel')), undefined)
    assert.deepEqual(previousPage(paged, { mode: 'car' }, section('views')), section('travel'))
    assert.deepEqual(previousPage(paged, { mode: 'walk' }, section('views')), section('travel-2'))
    assert.deepEqual(previousPage(paged, { mode: 'walk' }, { kind: 'about' }), section('walking'))
    assert.deepEqual(previousPage(everyType, {}, { kind: 'check' }), section('s'))
    assert.deepEqual(previousPage(paged, { mode: 'car' }, { kind: 'check' }), { kind: 'about' })
  })
})

describe('answering a page', () => {
  test('a page is checked with its errors, and nothing else changes', () => {
    const check = checkSection(paged, 'views', { mode: 'car' }, { q_comments: 'x' })
    assert.equal(check.ok, false)
    assert.deepEqual(!check.ok && check.errors, { q_agree: 'Select an answer' })
  })

  test("a page's answers replace what it held, and answers routed away by a change are dropped", () => {
    const before = { mode: 'walk', why_walk: 'It is close', agree: 'agree', route: 'By the canal' }
    const check = checkSection(paged, 'travel', before, { q_mode: 'car' })
    assert.ok(check.ok)
    assert.deepEqual(check.answers, { mode: 'car', agree: 'agree' })
    const cleared = checkSection(
      paged,
      'views',
      { mode: 'car', agree: 'agree', comments: 'Fine' },
      { q_agree: 'disagree' },
    )
    assert.ok(cleared.ok)
    assert.deepEqual(cleared.answers, { mode: 'car', agree: 'disagree' })
  })

  test('fields from another page, or no page at all, are refused', () => {
    const other = checkSection(paged, 'views', { mode: 'car' }, { q_agree: 'agree', q_mode: 'walk' })
    assert.equal(other.ok, false)
    assert.equal(checkSection(paged, 'nowhere', {}, {}).ok, false)
  })

  test('an earlier answer sent again from a later page is refused, even unchanged, and nothing is stored', () => {
    const check = checkSection(paged, 'views', { mode: 'car' }, { q_agree: 'agree', q_mode: 'car' })
    assert.deepEqual(check, { ok: false, errors: { form: unexpected }, values: {} })
    assert.deepEqual(checkSection(paged, 'nowhere', {}, {}), {
      ok: false,
      errors: { form: unexpected },
      values: {},
    })
  })

  test("the form's own fields (its token, the button pressed, the page to go back to) are not answers", () => {
    const check = checkSection(
      paged,
      'views',
      { mode: 'car' },
      { _csrf: 'token', action: 'continue', change: 'check', q_agree: 'agree' },
    )
    assert.deepEqual(check, { ok: true, answers: { mode: 'car', agree: 'agree' } })
  })

  test('a question routed on the page before is checked against the answer given there', () => {
    const missing = checkSection(paged, 'travel-2', { mode: 'walk' }, {})
    assert.deepEqual(!missing.ok && missing.errors, { q_why_walk: 'Enter your answer' })
  })

  test('saving keeps every valid answer even when required ones are missing or others are wrong', () => {
    const kept = answersToSave(everyType, 's', {}, { q_agree: 'agree', q_count: 'lots', q_comments: 'Good' })
    assert.deepEqual(kept, { agree: 'agree', comments: 'Good' })
  })

  test('saving a later page keeps its valid answers and leaves a wrong one out', () => {
    const kept = answersToSave(paged, 'views', { mode: 'car' }, { q_agree: 'maybe', q_comments: 'Too far' })
    assert.deepEqual(kept, { mode: 'car', comments: 'Too far' })
  })

  test('saving a page with a required answer missing and nothing wrong keeps what was given', () => {
    assert.deepEqual(answersToSave(paged, 'views', { mode: 'car' }, { q_comments: 'Fine' }), {
      mode: 'car',
      comments: 'Fine',
    })
  })

  test('saving to a page the form does not have changes nothing', () => {
    assert.deepEqual(answersToSave(paged, 'nowhere', { mode: 'car' }, { q_agree: 'agree' }), { mode: 'car' })
  })

  test('stored answers of every type give back the fields that send them', () => {
    const answers = {
      single: 'walk',
      multiple: ['bus', 'walk'],
      agree: 'agree',
      rate: 4,
      comments: 'Line one\nline two',
      count: 1024,
      when: '2021-07-01',
      postcode: 'LE1 5WW',
      order: ['walk', 'bus', 'car'],
      why_walk: 'Exercise',
    }
    const values = answersToValues(everyType, answers)
    assert.deepEqual(values['q_when[day]'], '1')
    assert.deepEqual(values['q_order[walk]'], '1')
    const again = checkSubmission(everyType, values)
    assert.deepEqual(again.ok && again.answers, answers)
  })
})

describe('routing that hangs on routed questions', () => {
  // mode → has_dog (only for walkers) → dog_name (only for dog owners): a chain of two rules.
  const chained = parseQuestionnaireDefinition({
    sections: [
      {
        key: 'travel',
        title: 'Getting there',
        questions: [
          {
            key: 'mode',
            type: 'single_choice',
            title: 'How do you usually travel?',
            options: [
              { value: 'car', label: 'Car' },
              { value: 'walk', label: 'Walk' },
            ],
            required: true,
          },
        ],
      },
      {
        key: 'walking',
        title: 'Walking',
        questions: [
          {
            key: 'has_dog',
            type: 'single_choice',
            title: 'Do you walk with a dog?',
            options: [
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
            ],
            showIf: { question: 'mode', anyOf: ['walk'] },
          },
        ],
      },
      {
        key: 'dogs',
        title: 'Dogs',
        questions: [
          {
            key: 'dog_name',
            type: 'free_text',
            title: "What is your dog's name?",
            showIf: { question: 'has_dog', anyOf: ['yes'] },
          },
        ],
      },
    ],
  })

  test('a question routed on a hidden question is hidden too, whatever was answered before', () => {
    // Someone said they walk with a dog, then went back and chose the car.
    const answers = { mode: 'car', has_dog: 'yes', dog_name: 'Rex' }
    assert.deepEqual(pruneAnswers(chained, answers), { mode: 'car' })
    assert.deepEqual(
      shownPages(chained, answers).map((p) => p.key),
      ['travel'],
    )
    assert.deepEqual(
      answersToCheck(chained, answers).map((g) => g.key),
      ['travel'],
    )
  })

  test('the chain shows each question once its parent is shown and answered to lead there', () => {
    assert.deepEqual(
      shownPages(chained, { mode: 'walk', has_dog: 'yes' }).map((p) => p.key),
      ['travel', 'walking', 'dogs'],
    )
  })
})

describe('checking and sending the answers', () => {
  test('"Check your answers" lists only the questions shown, by section, with the page to change each', () => {
    const groups = answersToCheck(paged, { mode: 'walk', why_walk: 'Close', agree: 'agree' })
    assert.deepEqual(
      groups.map((g) => [g.title, g.questions.map((q) => [q.question.key, q.value, q.page])]),
      [
        [
          'Getting there',
          [
            ['mode', 'walk', 'travel'],
            ['why_walk', 'Close', 'travel-2'],
          ],
        ],
        [
          'Your views',
          [
            ['agree', 'agree', 'views'],
            ['comments', undefined, 'views'],
          ],
        ],
        ['Walking', [['route', undefined, 'walking']]],
      ],
    )
    assert.deepEqual(
      answersToCheck(paged, { mode: 'car', agree: 'agree' }).map((g) => g.title),
      ['Getting there', 'Your views'],
    )
  })

  test('the first page with a required answer missing is where someone carries on', () => {
    assert.equal(firstIncompleteSection(paged, {}), 'travel')
    assert.equal(firstIncompleteSection(paged, { mode: 'walk' }), 'travel-2')
    assert.equal(firstIncompleteSection(paged, { mode: 'walk', why_walk: 'x' }), 'views')
    assert.equal(firstIncompleteSection(paged, { mode: 'car', agree: 'agree' }), undefined)
  })

  test('a saved form resumes at the next page not answered, not at checking answers', () => {
    const walked = { mode: 'walk', why_walk: 'x', agree: 'agree' }
    // Every required answer given, but the optional walking page after them never reached.
    assert.equal(firstIncompleteSection(paged, walked), undefined)
    assert.equal(resumeSection(paged, walked), 'walking')
    assert.equal(resumeSection(paged, { ...walked, route: 'By the canal' }), undefined)
    assert.equal(resumeSection(paged, { mode: 'car' }), 'views')
    assert.equal(resumeSection(paged, {}), 'travel')
    // A required answer missing earlier comes first.
    assert.equal(resumeSection(paged, { mode: 'walk', agree: 'agree' }), 'travel-2')
  })

  test('a saved form with nothing answered resumes at its first page, even an optional one before a required one', () => {
    const definition = parseQuestionnaireDefinition({
      sections: [
        {
          key: 'about',
          title: 'About you',
          questions: [{ key: 'area', type: 'free_text', title: 'Where?' }],
        },
        { key: 'more', title: 'More', questions: [{ key: 'often', type: 'free_text', title: 'How often?' }] },
        {
          key: 'views',
          title: 'Your views',
          questions: [{ key: 'agree', type: 'agreement', title: 'Do you agree?', required: true }],
        },
      ],
    })
    assert.equal(resumeSection(definition, {}), 'about')
    assert.equal(resumeSection(definition, { area: 'Leicester' }), 'more')
  })

  test('answers routed away are never sent', () => {
    assert.deepEqual(pruneAnswers(paged, { mode: 'car', why_walk: 'x', route: 'y', agree: 'agree' }), {
      mode: 'car',
      agree: 'agree',
    })
    const all = checkAllAnswers(paged, { mode: 'car', agree: 'agree', route: 'y' })
    assert.deepEqual(all.ok && all.answers, { mode: 'car', agree: 'agree' })
  })

  test('a form started before the close may be sent within the grace period, and only then', () => {
    const opensAt = new Date('2026-01-01T09:00:00Z')
    const closesAt = new Date('2026-03-01T23:59:00Z')
    const open = { status: 'open', opensAt, closesAt }
    const before = new Date('2026-03-01T23:00:00Z')
    const minutesAfter = (m: number) => new Date(closesAt.getTime() + m * 60_000)
    assert.equal(admission(open, before, before, 30), 'open')
    assert.equal(admission(open, before, minutesAfter(29), 30), 'grace')
    assert.equal(admission({ ...open, status: 'closed' }, before, minutesAfter(29), 30), 'grace')
    assert.equal(admission(open, before, minutesAfter(30), 30), 'closed')
    assert.equal(admission(open, minutesAfter(1), minutesAfter(2), 30), 'closed')
    assert.equal(admission({ ...open, status: 'analysing' }, before, minutesAfter(1), 30), 'closed')
    assert.equal(admission(open, before, minutesAfter(1), 0), 'closed')
  })

  test('at the exact closing instant the form is no longer simply open: only the grace period can admit it', () => {
    const opensAt = new Date('2026-01-01T09:00:00Z')
    const closesAt = new Date('2026-03-01T23:59:00Z')
    const open = { status: 'open', opensAt, closesAt }
    const startedBefore = new Date(closesAt.getTime() - 60_000)
    assert.equal(admission(open, startedBefore, new Date(closesAt.getTime() - 1000), 30), 'open')
    assert.equal(admission(open, startedBefore, closesAt, 30), 'grace')
    assert.equal(admission(open, startedBefore, closesAt, 0), 'closed')
  })

  test('a form started at the exact closing instant gets no grace period', () => {
    const opensAt = new Date('2026-01-01T09:00:00Z')
    const closesAt = new Date('2026-03-01T23:59:00Z')
    const open = { status: 'open', opensAt, closesAt }
    const minuteAfter = new Date(closesAt.getTime() + 60_000)
    assert.equal(admission(open, closesAt, minuteAfter, 30), 'closed')
    assert.equal(admission(open, new Date(closesAt.getTime() - 1000), minuteAfter, 30), 'grace')
  })

  test('a consultation not yet opened takes no responses, even once its opening time has passed', () => {
    const opensAt = new Date('2026-01-01T09:00:00Z')
    const closesAt = new Date('2026-03-01T23:59:00Z')
    const within = new Date('2026-02-01T12:00:00Z')
    for (const status of ['draft', 'scheduled'])
      assert.equal(admission({ status, opensAt, closesAt }, within, within, 30), 'closed', status)
  })

  test('a form is not open one second before the opening time, and is at it', () => {
    const opensAt = new Date('2026-01-01T09:00:00Z')
    const closesAt = new Date('2026-03-01T23:59:00Z')
    const open = { status: 'open', opensAt, closesAt }
    const early = new Date(opensAt.getTime() - 1000)
    assert.notEqual(admission(open, early, early, 30), 'open')
    assert.equal(admission(open, opensAt, opensAt, 30), 'open')
  })

  test('the questions about the respondent are optional in a definition, so older ones still parse', () => {
    const older = questionnaireDefinition.parse(everyQuestionType)
    assert.equal(older.respondent, undefined)
    assert.deepEqual(paged.respondent, {
      privacyNotice: 'We keep your answers for two years, then delete them.',
      askOrganisation: true,
      askContact: true,
    })
  })
})
