import assert from 'node:assert/strict'
import { test } from 'node:test'
import { questionTypes } from './definition.js'
import { everyQuestionType } from './examples.js'
import { questionnaireJsonSchema, readQuestionnaireFile, writeQuestionnaireFile } from './transfer.js'

test('a file written by export reads back as the same definition', () => {
  const read = readQuestionnaireFile(JSON.stringify(everyQuestionType))
  assert.ok(read.ok)
  const again = readQuestionnaireFile(writeQuestionnaireFile(read.definition))
  assert.deepEqual(again, read)
})

test('every problem in a file is listed with where it is', () => {
  const read = readQuestionnaireFile(
    JSON.stringify({
      sections: [
        {
          key: 's',
          title: 'S',
          translations: { Welsh: { title: 'x' } },
          questions: [
            { key: '1bad', type: 'single_choice', title: 'Q', options: [] },
            { key: 'n', type: 'number', title: '' },
            { key: 'r', type: 'no_such_type', title: 'R' },
          ],
        },
      ],
    }),
  )
  assert.equal(read.ok, false)
  const problems = read.ok ? [] : read.problems
  const paths = problems.map((p) => p.slice(0, p.indexOf(':')))
  assert.deepEqual(paths.sort(), [
    'sections[0].questions[0].key',
    'sections[0].questions[0].options',
    'sections[0].questions[1].title',
    'sections[0].questions[2].type',
    'sections[0].translations.Welsh',
  ])
})

test('routing problems are listed after the file’s shape is right', () => {
  const read = readQuestionnaireFile(
    JSON.stringify({
      sections: [
        {
          key: 's',
          title: 'S',
          questions: [
            { key: 'a', type: 'free_text', title: 'A', showIf: { question: 'ghost', anyOf: ['x'] } },
            { key: 'a', type: 'free_text', title: 'B' },
          ],
        },
      ],
    }),
  )
  assert.deepEqual(read.ok ? [] : read.problems, [
    'question key "a" is used twice',
    'question "a" is shown only after question "ghost", which does not exist',
  ])
})

test('a file that is not JSON says so', () => {
  const read = readQuestionnaireFile('{"sections": [')
  assert.equal(read.ok, false)
  assert.match(read.ok ? '' : (read.problems[0] ?? ''), /^the file is not valid JSON/)
})

test('the JSON Schema describes every question type and the translations', () => {
  const schema = JSON.stringify(questionnaireJsonSchema())
  for (const type of questionTypes) assert.match(schema, new RegExp(`"const":"${type}"`))
  assert.match(schema, /easy-read/)
})
