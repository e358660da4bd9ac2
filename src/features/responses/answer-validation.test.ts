import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseQuestionnaireDefinition } from '../../questionnaire/rules.js'
import { checkSubmission } from './answer-validation.js'

const definition = parseQuestionnaireDefinition({
  sections: [
    {
      key: 'views',
      title: 'Your views',
      questions: [
        {
          key: 'overall',
          type: 'single_choice',
          title: 'Do you agree?',
          required: true,
          options: [
            { value: 'agree', label: 'Agree' },
            { value: 'disagree', label: 'Disagree' },
          ],
        },
        { key: 'why', type: 'free_text', title: 'Why?', maxLength: 20 },
      ],
    },
  ],
})

test('a complete submission gives one answer per answered question', () => {
  const result = checkSubmission(definition, {
    _csrf: 't',
    q_overall: 'agree',
    q_why: '  Because\r\nof buses  ',
  })
  assert.deepEqual(result, { ok: true, answers: { overall: 'agree', why: 'Because\nof buses' } })
})

test('optional questions left blank are not stored', () => {
  const result = checkSubmission(definition, { q_overall: 'disagree', q_why: '   ' })
  assert.deepEqual(result, { ok: true, answers: { overall: 'disagree' } })
})

test('a required choice left blank asks for an answer', () => {
  const result = checkSubmission(definition, { q_why: 'x' })
  assert.equal(result.ok, false)
  if (!result.ok) assert.equal(result.errors.q_overall, 'Select an answer')
})

test('a forged option value is refused', () => {
  const result = checkSubmission(definition, { q_overall: 'strongly_agree' })
  assert.equal(result.ok, false)
  if (!result.ok) assert.equal(result.errors.q_overall, 'Select one of the answers shown')
})

test('over-long text is refused with the limit, counted in characters not bytes', () => {
  assert.equal(checkSubmission(definition, { q_overall: 'agree', q_why: 'é'.repeat(20) }).ok, true)
  const result = checkSubmission(definition, { q_overall: 'agree', q_why: 'a'.repeat(21) })
  assert.equal(result.ok, false)
  if (!result.ok) assert.equal(result.errors.q_why, 'Your answer must be 20 characters or fewer')
})

test('the length limit counts characters as people see them, so twenty emoji fit a limit of twenty', () => {
  // Each of these is two UTF-16 code units: counted in units, the answer would be refused at 40.
  const emoji = '😀'.repeat(20)
  const fits = checkSubmission(definition, { q_overall: 'agree', q_why: emoji })
  assert.equal(fits.ok && fits.answers.why, emoji)
  assert.equal(checkSubmission(definition, { q_overall: 'agree', q_why: '😀'.repeat(21) }).ok, false)
})

test('control characters and broken Unicode are refused, markup is kept as typed', () => {
  for (const bad of ['a\u0000b', 'a\u001bb', 'a\ud800b']) {
    const result = checkSubmission(definition, { q_overall: 'agree', q_why: bad })
    assert.equal(result.ok, false, JSON.stringify(bad))
  }
  const markup = checkSubmission(definition, { q_overall: 'agree', q_why: '<b>hi</b> 😀' })
  assert.equal(markup.ok && markup.answers.why, '<b>hi</b> 😀')
})

test('unknown fields and repeated fields are refused', () => {
  const unknown = checkSubmission(definition, { q_overall: 'agree', q_other: 'x' })
  assert.equal(unknown.ok, false)
  if (!unknown.ok) assert.ok(unknown.errors.form)
  const repeated = checkSubmission(definition, { q_overall: ['agree', 'disagree'] })
  assert.equal(repeated.ok, false)
})

test('answers to questions routed away are not stored, and routed-away questions are not required', () => {
  const routed = parseQuestionnaireDefinition({
    sections: [
      {
        key: 's',
        title: 'S',
        questions: [
          {
            key: 'carer',
            type: 'single_choice',
            title: 'Are you a carer?',
            required: true,
            options: [
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
            ],
          },
          {
            key: 'caring_for',
            type: 'free_text',
            title: 'Who do you care for?',
            required: true,
            showIf: { question: 'carer', anyOf: ['yes'] },
          },
        ],
      },
    ],
  })
  assert.deepEqual(checkSubmission(routed, { q_carer: 'no', q_caring_for: 'my mother' }), {
    ok: true,
    answers: { carer: 'no' },
  })
  assert.deepEqual(checkSubmission(routed, { q_carer: 'no' }), { ok: true, answers: { carer: 'no' } })
  const shown = checkSubmission(routed, { q_carer: 'yes' })
  assert.equal(shown.ok, false)
  if (!shown.ok) assert.equal(shown.errors.q_caring_for, 'Enter your answer')
  assert.deepEqual(checkSubmission(routed, { q_carer: 'yes', q_caring_for: 'my mother' }), {
    ok: true,
    answers: { carer: 'yes', caring_for: 'my mother' },
  })
})
