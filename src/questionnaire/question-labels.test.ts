import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { commentQuestionsOf } from './comment-questions.js'
import { allQuestions } from './definition.js'
import { proposalQuestions } from './library.js'
import { parseQuestionnaireDefinition } from './rules.js'

// A questionnaire asks "Please tell us why…" under each of its proposals: wherever staff pick or
// read a question, each must be told apart.
const proposals = Array.from({ length: 8 }, (_, i) => ({ title: `Proposal title ${i + 1}` }))
const questions = allQuestions(
  parseQuestionnaireDefinition({
    sections: [
      { key: 'proposals', title: 'The proposals', questions: proposalQuestions(proposals) },
      {
        key: 'more',
        title: 'More',
        questions: [
          { key: 'why_a', type: 'free_text', title: 'Tell us more', maxLength: 500 },
          { key: 'why_b', type: 'free_text', title: 'Tell us more', maxLength: 500 },
          { key: 'other', type: 'free_text', title: 'Anything else?', maxLength: 500 },
        ],
      },
    ],
  }),
)

describe('telling questions apart', () => {
  test('comment boxes sharing a title are labelled with their proposal, or else their number', () => {
    const comments = commentQuestionsOf(questions)
    const titles = comments.map((q) => q.title)
    assert.equal(titles.length, 11)
    assert.equal(new Set(titles).size, titles.length, titles.join(' | '))
    const titleOf = (key: string) => comments.find((q) => q.key === key)?.title
    assert.equal(
      titleOf('p2_comments'),
      'Proposal 2: Please tell us why, and about any impact on you or others.',
    )
    assert.equal(titleOf('why_b'), 'Question 18: Tell us more')
    assert.equal(titleOf('other'), 'Anything else?')
  })
})
