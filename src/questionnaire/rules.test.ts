import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ValidationError } from '../platform/errors.js'
import type { QuestionInput } from './definition.js'
import { parseQuestionnaireDefinition, questionnaireProblems } from './rules.js'

const yesNo = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
]
const choice = (key: string, extra: Partial<QuestionInput> = {}): QuestionInput =>
  ({ key, type: 'single_choice', title: `Question ${key}`, options: yesNo, ...extra }) as QuestionInput
const text = (key: string, extra: Partial<QuestionInput> = {}): QuestionInput =>
  ({ key, type: 'free_text', title: `Question ${key}`, ...extra }) as QuestionInput
const definition = (...questions: QuestionInput[]) => ({ sections: [{ key: 's', title: 'S', questions }] })

test('a questionnaire with routing back to earlier answers has no problems', () => {
  const valid = definition(
    choice('uses_services'),
    text('experience', { showIf: { question: 'uses_services', anyOf: ['yes'] }, required: true }),
    choice('carer'),
    text('carer_detail', { showIf: { question: 'carer', anyOf: ['yes', 'no'] } }),
  )
  assert.deepEqual(questionnaireProblems(valid), [])
  assert.equal(parseQuestionnaireDefinition(valid).sections[0]?.questions.length, 4)
})

test('every routing problem is listed at once', () => {
  const problems = questionnaireProblems(
    definition(
      choice('a', { showIf: { question: 'b', anyOf: ['yes'] } }),
      choice('b', { showIf: { question: 'a', anyOf: ['yes'] } }),
      text('c', { showIf: { question: 'nowhere', anyOf: ['yes'] } }),
      text('d', { showIf: { question: 'b', anyOf: ['maybe'] } }),
      text('e', { showIf: { question: 'c', anyOf: ['yes'] } }),
      text('f', { showIf: { question: 'g', anyOf: ['yes'] } }),
      choice('g'),
      text('h', { showIf: { question: 'h', anyOf: ['yes'] } }),
    ),
  )
  assert.deepEqual(problems, [
    'routing goes round in a circle: a → b → a',
    'question "c" is shown only after question "nowhere", which does not exist',
    'question "d" depends on the answer "maybe" to "b", which has no such option',
    'question "e" depends on question "c", whose answers cannot be routed on',
    'question "f" depends on question "g", which does not come before it',
    'question "h" depends on question "h", which does not come before it',
  ])
})

test('a required question that routing can never show is refused', () => {
  const problems = questionnaireProblems(
    definition(
      choice('a', { showIf: { question: 'missing', anyOf: ['yes'] } }),
      text('b', { required: true, showIf: { question: 'a', anyOf: ['yes'] } }),
      text('c', { required: true, showIf: { question: 'b', anyOf: ['yes'] } }),
    ),
  )
  assert.ok(problems.includes('required question "b" can never be shown, so nobody could answer it'))
  assert.ok(problems.includes('required question "c" can never be shown, so nobody could answer it'))
})

test('duplicate keys and duplicate option values are refused', () => {
  const problems = questionnaireProblems(
    definition(
      choice('a'),
      text('a'),
      choice('b', {
        options: [
          { value: 'x', label: 'X' },
          { value: 'x', label: 'Also X' },
        ],
      }),
    ),
  )
  assert.deepEqual(problems, ['question key "a" is used twice', 'question "b" has the option "x" twice'])
})

test('shape problems name the section and question they are in', () => {
  const problems = questionnaireProblems(
    definition(choice('a'), choice('b', { options: [] }), text('Bad Key')),
  )
  assert.equal(problems.length, 2)
  assert.match(problems[0] ?? '', /^section 1, question 2 \(b\): options needs at least one option$/)
  assert.match(problems[1] ?? '', /^section 1, question 3 \(Bad Key\): key must be lower-case letters/)
  assert.throws(
    () => parseQuestionnaireDefinition(definition(choice('b', { options: [] }))),
    (error: unknown) => error instanceof ValidationError && /needs at least one option/.test(error.message),
  )
})

test('an empty questionnaire is refused', () => {
  assert.deepEqual(questionnaireProblems({ sections: [] }), ['sections needs at least one section'])
  assert.equal(questionnaireProblems(null).length, 1)
})
