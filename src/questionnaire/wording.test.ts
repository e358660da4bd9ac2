import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type QuestionnaireDefinition, questionnaireDefinition } from './definition.js'
import { everyQuestionType } from './examples.js'
import { isWordingOnly, structureOf, wordingChanges } from './wording.js'

// A deep copy that shares nothing: the example reuses one options list in several questions.
const original = questionnaireDefinition.parse(everyQuestionType)
const copy = (): QuestionnaireDefinition => JSON.parse(JSON.stringify(original))

test('changing titles, hints, option labels and translations is a wording fix', () => {
  const after = copy()
  const [single, multiple] = after.sections[0]?.questions ?? []
  assert.ok(single?.type === 'single_choice' && multiple)
  single.title = 'How do you usually get to your appointments?'
  Object.assign(single, { hint: 'Think of the last few months', translations: { cy: { title: 'Sut?' } } })
  const [first] = single.options
  if (first) first.label = 'By bus'
  assert.equal(isWordingOnly(original, after), true)
  assert.deepEqual(
    wordingChanges(original, after).map((c) => c.path),
    [
      'sections[0].questions[0].title',
      'sections[0].questions[0].options[0].label',
      'sections[0].questions[0].hint',
      'sections[0].questions[0].translations',
    ],
  )
})

test('keys, types, option values, routing, limits and required are structure', () => {
  const changes: ((d: ReturnType<typeof copy>) => void)[] = [
    (d) => Object.assign(d.sections[0]?.questions[0] ?? {}, { key: 'travel' }),
    (d) => Object.assign(d.sections[0]?.questions[2] ?? {}, { type: 'rating' }),
    (d) => {
      const q = d.sections[0]?.questions[0]
      if (q?.type === 'single_choice') q.options = q.options.map((o) => ({ ...o, value: `${o.value}_x` }))
    },
    (d) =>
      Object.assign(d.sections[0]?.questions[9] ?? {}, { showIf: { question: 'single', anyOf: ['bus'] } }),
    (d) => Object.assign(d.sections[0]?.questions[4] ?? {}, { maxLength: 200 }),
    (d) => Object.assign(d.sections[0]?.questions[0] ?? {}, { required: false }),
    (d) => d.sections[0]?.questions.reverse(),
    (d) => d.sections[0]?.questions.pop(),
  ]
  for (const [i, change] of changes.entries()) {
    const after = copy()
    change(after)
    assert.equal(isWordingOnly(original, after), false, `change ${i} should be structural`)
  }
})

test('the structure keeps no words', () => {
  const text = JSON.stringify(structureOf(original))
  assert.doesNotMatch(text, /How do you usually travel|"label"|"title"/)
  assert.match(text, /"key":"single"/)
})
