import assert from 'node:assert/strict'
import { test } from 'node:test'
import { allQuestions, questionnaireDefinition } from './definition.js'

const valid = {
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
        { key: 'why', type: 'free_text', title: 'Why?' },
      ],
    },
  ],
}

test('a valid definition parses, with defaults filled in', () => {
  const definition = questionnaireDefinition.parse(valid)
  const [choice, text] = allQuestions(definition)
  assert.equal(choice?.required, true)
  assert.equal(text?.type, 'free_text')
  assert.equal(text?.type === 'free_text' && text.maxLength, 5000)
  assert.equal(text?.required, false)
})

test('an empty option list is refused', () => {
  const copy = structuredClone(valid)
  const first = copy.sections[0]?.questions[0]
  if (first && 'options' in first) first.options = []
  assert.equal(questionnaireDefinition.safeParse(copy).success, false)
})

test('an unknown question type is refused', () => {
  const copy = structuredClone(valid) as { sections: { questions: { type: string }[] }[] }
  const first = copy.sections[0]?.questions[0]
  if (first) first.type = 'telepathy'
  assert.equal(questionnaireDefinition.safeParse(copy).success, false)
})
