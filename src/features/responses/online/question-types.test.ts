import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { QuestionInput } from '../../../questionnaire/definition.js'
import { parseQuestionnaireDefinition } from '../../../questionnaire/rules.js'
import { checkSubmission } from '../answer-validation.js'

const options = [
  { value: 'bus', label: 'Bus' },
  { value: 'car', label: 'Car' },
  { value: 'walk', label: 'Walk' },
]
const one = (q: Record<string, unknown>) =>
  parseQuestionnaireDefinition({
    sections: [{ key: 's', title: 'S', questions: [{ key: 'q', title: 'Q', ...q } as QuestionInput] }],
  })

const accepts = (q: Record<string, unknown>, body: Record<string, unknown>, expected: unknown) => {
  const result = checkSubmission(one(q), body)
  assert.deepEqual(
    result,
    { ok: true, answers: expected === undefined ? {} : { q: expected } },
    JSON.stringify(body),
  )
}
const refuses = (
  q: Record<string, unknown>,
  body: Record<string, unknown>,
  message: RegExp,
  field = 'q_q',
) => {
  const result = checkSubmission(one(q), body)
  assert.equal(result.ok, false, JSON.stringify(body))
  if (!result.ok) assert.match(result.errors[field] ?? '', message, JSON.stringify(result.errors))
}

test('multiple choice keeps the options in their listed order and honours the maximum', () => {
  const q = { type: 'multiple_choice', options, maxChoices: 2, required: true }
  accepts(q, { q_q: ['walk', 'bus'] }, ['bus', 'walk'])
  accepts(q, { q_q: 'car' }, ['car'])
  refuses(q, { q_q: ['bus', 'car', 'walk'] }, /no more than 2/)
  refuses(q, {}, /Select at least one answer/)
  refuses(q, { q_q: ['bus', 'bus'] }, /answers shown/)
  refuses(q, { q_q: ['bus', 'plane'] }, /answers shown/)
})

test('the agreement scale offers "Don\'t know" unless switched off', () => {
  accepts({ type: 'agreement' }, { q_q: 'dont_know' }, 'dont_know')
  accepts({ type: 'agreement' }, { q_q: 'strongly_disagree' }, 'strongly_disagree')
  refuses({ type: 'agreement', includeDontKnow: false }, { q_q: 'dont_know' }, /answers shown/)
})

test('a rating is stored as a number within its scale', () => {
  accepts({ type: 'rating', max: 10 }, { q_q: '7' }, 7)
  refuses({ type: 'rating', max: 5 }, { q_q: '6' }, /answers shown/)
  refuses({ type: 'rating', max: 5 }, { q_q: '2.5' }, /answers shown/)
})

test('numbers are read with commas, checked for whole numbers and limits', () => {
  const q = { type: 'number', min: 0, max: 10000 }
  accepts(q, { q_q: ' 1,200 ' }, 1200)
  accepts(q, { q_q: '' }, undefined)
  refuses(q, { q_q: 'twelve' }, /like 12/)
  refuses(q, { q_q: '1.5' }, /whole number/)
  refuses(q, { q_q: '-1' }, /0 or more/)
  refuses(q, { q_q: '10001' }, /10000 or less/)
  accepts({ type: 'number', wholeNumber: false }, { q_q: '1.5' }, 1.5)
})

test('dates come from three boxes and must be real and within range', () => {
  const q = { type: 'date', earliest: '2021-05-24', latest: '2021-08-25', required: true }
  const date = (day: string, month: string, year: string) => ({
    'q_q[day]': day,
    'q_q[month]': month,
    'q_q[year]': year,
  })
  accepts(q, date('1', '7', '2021'), '2021-07-01')
  refuses(q, date('', '', ''), /Enter a date/, 'q_q-day')
  refuses(q, date('1', '', '2021'), /day, month and year/, 'q_q-day')
  refuses(q, date('31', '6', '2021'), /real date/, 'q_q-day')
  refuses(q, date('1', '7', '21'), /real date/, 'q_q-day')
  refuses(q, date('1', '1', '2021'), /2021-05-24 or later/, 'q_q-day')
  refuses(q, date('1', '9', '2021'), /2021-08-25 or earlier/, 'q_q-day')
})

test('postcodes are normalised, whole or only the district', () => {
  accepts({ type: 'postcode', part: 'full' }, { q_q: ' le1  5ww ' }, 'LE1 5WW')
  accepts({ type: 'postcode', part: 'full' }, { q_q: 'LE15WW' }, 'LE1 5WW')
  refuses({ type: 'postcode', part: 'full' }, { q_q: 'LE1' }, /full UK postcode/)
  accepts({ type: 'postcode' }, { q_q: 'le15' }, 'LE15')
  refuses({ type: 'postcode' }, { q_q: 'LE1 5WW' }, /first half/)
  refuses({ type: 'postcode' }, { q_q: '12345' }, /first half/)
})

test('a ranking is stored in rank order, each rank used once', () => {
  const q = { type: 'ranking', options }
  accepts(q, { 'q_q[bus]': '2', 'q_q[car]': '3', 'q_q[walk]': '1' }, ['walk', 'bus', 'car'])
  accepts(q, { 'q_q[bus]': '1', 'q_q[car]': '', 'q_q[walk]': '' }, ['bus'])
  accepts(q, {}, undefined)
  refuses(q, { 'q_q[bus]': '1', 'q_q[car]': '1', 'q_q[walk]': '2' }, /different rank, from 1 to 3/, 'q_q-bus')
  refuses(q, { 'q_q[bus]': '3' }, /from 1 to 1/, 'q_q-bus')
  refuses({ ...q, required: true }, { 'q_q[bus]': '1' }, /Rank every option/, 'q_q-bus')
})

test('routing works on any question with a fixed set of answers', () => {
  const definition = parseQuestionnaireDefinition({
    sections: [
      {
        key: 's',
        title: 'S',
        questions: [
          { key: 'travel', type: 'multiple_choice', title: 'How do you travel?', options },
          {
            key: 'bus_route',
            type: 'free_text',
            title: 'Which bus?',
            showIf: { question: 'travel', anyOf: ['bus'] },
          },
          { key: 'score', type: 'rating', title: 'Score', max: 5 },
          {
            key: 'why_low',
            type: 'free_text',
            title: 'Why low?',
            showIf: { question: 'score', anyOf: ['1', '2'] },
          },
        ],
      },
    ],
  })
  assert.deepEqual(
    checkSubmission(definition, {
      q_travel: ['car', 'bus'],
      q_bus_route: '48',
      q_score: '4',
      q_why_low: 'x',
    }),
    {
      ok: true,
      answers: { travel: ['bus', 'car'], bus_route: '48', score: 4 },
    },
  )
})
