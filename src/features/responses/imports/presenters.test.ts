import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { referenceQuestionnaire } from '../../../demo/reference-questionnaire.js'
import { allQuestions } from '../../../questionnaire/definition.js'
import { parseQuestionnaireDefinition } from '../../../questionnaire/rules.js'
import { presentPreview } from './presenters.js'

describe('the import mapping', () => {
  test('offers each question once, the proposal comment boxes told apart', () => {
    const questions = allQuestions(parseQuestionnaireDefinition(referenceQuestionnaire))
    const preview = presentPreview(
      {
        headings: ['Why 1'],
        mapping: { columns: { 'Why 1': 'p1_comments' }, idColumn: null },
        rows: [],
        problems: [],
      },
      questions,
      [],
    )
    const texts = preview.columns[0]?.items.map((i) => i.text) ?? []
    assert.equal(new Set(texts).size, texts.length)
    assert.ok(texts.includes('Proposal 8: Please tell us why, and about any impact on you or others.'))
    assert.deepEqual(preview.mappedTitles, [
      'Proposal 1: Please tell us why, and about any impact on you or others.',
    ])
  })
})
