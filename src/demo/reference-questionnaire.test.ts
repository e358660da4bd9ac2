import assert from 'node:assert/strict'
import { test } from 'node:test'
import { equalityQuestions } from '../questionnaire/library.js'
import { referenceQuestionnaire } from './reference-questionnaire.js'

test('the demo questionnaire asks the library’s equality questions, not a copy', () => {
  const aboutYou = referenceQuestionnaire.sections.find((s) => s.key === 'about_you')
  assert.deepEqual(aboutYou?.questions, equalityQuestions())
})
