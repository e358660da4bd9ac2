import assert from 'node:assert/strict'
import { test } from 'node:test'
import { questionnaireProblems } from '../../../questionnaire/rules.js'
import { addAboutYou, addProposalQuestions } from './edits.js'

test('the library adds a publishable questionnaire in two steps, and refuses to add it twice', () => {
  const proposals = Array.from({ length: 8 }, (_, i) => ({ title: `Proposal ${i + 1}` }))
  const built = addAboutYou(addProposalQuestions({ sections: [] }, proposals))
  assert.deepEqual(questionnaireProblems(built), [])
  assert.equal(built.sections[0]?.questions.length, 16)
  assert.throws(() => addAboutYou(built), /The information given is not valid/)
  assert.throws(() => addProposalQuestions({ sections: [] }, []))
})
