import assert from 'node:assert/strict'
import { test } from 'node:test'
import { referenceQuestionnaire } from '../src/demo/reference-questionnaire.js'
import { checkSubmission } from '../src/features/responses/index.js'
import { parseQuestionnaireDefinition } from '../src/questionnaire/rules.js'
import { fullAnswers } from './submit.js'

test('the benchmark sends a full questionnaire that the form accepts', () => {
  const answers = fullAnswers()
  assert.equal(Object.keys(answers).length, 26)
  const body = Object.fromEntries(Object.entries(answers).map(([k, v]) => [`q_${k}`, v]))
  const check = checkSubmission(parseQuestionnaireDefinition(referenceQuestionnaire), body)
  assert.equal(check.ok, true, JSON.stringify(!check.ok && check.errors))
  assert.deepEqual(check.ok && check.answers, answers)
})
