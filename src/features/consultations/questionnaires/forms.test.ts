import assert from 'node:assert/strict'
import { test } from 'node:test'
import { questionTypes } from '../../../questionnaire/definition.js'
import { moveQuestion, moveSection, replaceQuestion, setTranslations, translationSlots } from './edits.js'
import { parseQuestionForm, type QuestionFormContext } from './forms.js'

const context = (type: QuestionFormContext['type']): QuestionFormContext => ({
  type,
  proposals: 2,
  routable: [{ key: 'travel', values: ['bus', 'walk'] }],
})

test('every question type can be made from the form', () => {
  const extra: Record<string, Record<string, string>> = {
    single_choice: { new_options: 'Yes\nNo' },
    multiple_choice: { new_options: 'A\nB\nC', max_choices: '2' },
    ranking: { new_options: 'A\nB' },
    agreement: { include_dont_know: 'yes' },
    rating: { rating_max: '10', low_label: 'Poor', high_label: 'Great' },
    free_text: { max_length: '300' },
    number: { min: '0', max: '20', whole_number: 'yes' },
    date: { earliest: '2021-01-01', latest: '2021-12-31' },
    postcode: { part: 'full' },
  }
  for (const type of questionTypes) {
    const form = parseQuestionForm(
      { title: `A ${type} question`, required: 'no', proposal: '2', show_if: 'travel:walk', ...extra[type] },
      context(type),
    )
    assert.ok(form.ok, `${type}: ${JSON.stringify(form.ok ? '' : form.errors)}`)
    assert.equal(form.value.type, type)
    assert.equal(form.value.proposal, 2)
    assert.deepEqual(form.value.showIf, { question: 'travel', anyOf: ['walk'] })
  }
})

test('each field says what to fix, in words', () => {
  const form = parseQuestionForm(
    {
      title: '',
      key: 'Not A Key',
      proposal: '9',
      max_choices: 'lots',
      show_if: ['travel:walk', 'other:x'],
    },
    context('multiple_choice'),
  )
  assert.equal(form.ok, false)
  assert.deepEqual(form.ok ? {} : form.errors, {
    title: 'Enter the question',
    required: 'Select yes if the question must be answered',
    key: 'Enter a short name using lower-case letters, numbers and underscores, starting with a letter',
    proposal: 'Select a proposal from the list',
    show_if: 'Select answers to one earlier question only',
    new_options: 'Enter at least one option',
    max_choices: 'Enter the most answers a person can choose as a whole number, like 3',
  })
  const dates = parseQuestionForm(
    { title: 'When?', required: 'yes', earliest: '2021-02-30', latest: '' },
    context('date'),
  )
  assert.deepEqual(dates.ok ? {} : dates.errors, {
    earliest: 'Enter the earliest date as year-month-day, like 2021-05-24',
  })
})

test('editing an option keeps its value, so a reworded option is still the same answer', () => {
  const definition = {
    sections: [
      {
        key: 's',
        title: 'S',
        questions: [
          {
            key: 'travel',
            type: 'single_choice' as const,
            title: 'How?',
            required: true,
            options: [
              { value: 'bus', label: 'Bus' },
              { value: 'walk', label: 'Walk' },
            ],
          },
        ],
      },
    ],
  }
  const [existing] = definition.sections[0]?.questions ?? []
  const form = parseQuestionForm(
    {
      title: 'How?',
      required: 'yes',
      option_value: ['bus', 'walk'],
      option_label: ['By bus', ''],
      new_options: 'Car',
    },
    { ...context('single_choice'), ...(existing ? { existing } : {}) },
  )
  assert.ok(form.ok)
  const next = replaceQuestion(definition, 'travel', form.value)
  const q = next.sections[0]?.questions[0]
  assert.deepEqual(q && 'options' in q ? q.options : [], [
    { value: 'bus', label: 'By bus' },
    { value: 'car', label: 'Car' },
  ])
})

test('sections and questions move, and translations are set and cleared', () => {
  const definition = {
    sections: [
      { key: 'a', title: 'A', questions: [] },
      {
        key: 'b',
        title: 'B',
        questions: [
          { key: 'q1', type: 'postcode' as const, title: 'Q1', required: false, part: 'district' as const },
          { key: 'q2', type: 'postcode' as const, title: 'Q2', required: false, part: 'district' as const },
        ],
      },
    ],
  }
  assert.deepEqual(
    moveSection(definition, 'b', 'up').sections.map((s) => s.key),
    ['b', 'a'],
  )
  assert.deepEqual(
    moveSection(definition, 'a', 'up').sections.map((s) => s.key),
    ['a', 'b'],
  )
  assert.deepEqual(
    moveQuestion(definition, 'q1', 'down').sections[1]?.questions.map((q) => q.key),
    ['q2', 'q1'],
  )
  const welsh = setTranslations(definition, 'cy', { 's.b.title': 'Bee', 'q.q1.title': 'Cwestiwn 1' })
  assert.deepEqual(
    translationSlots(welsh, 'cy')
      .filter((s) => s.current)
      .map((s) => [s.field, s.current]),
    [
      ['s.b.title', 'Bee'],
      ['q.q1.title', 'Cwestiwn 1'],
    ],
  )
  assert.deepEqual(setTranslations(welsh, 'cy', {}), definition)
})
