import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ValidationError } from '../platform/errors.js'
import type { QuestionInput } from './definition.js'
import { parseQuestionnaireDefinition, questionnaireProblems, routableValues } from './rules.js'

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

test('a required question sharing the key of the question it is routed on can never be shown', () => {
  assert.deepEqual(
    questionnaireProblems(
      definition(choice('a'), choice('a', { required: true, showIf: { question: 'a', anyOf: ['yes'] } })),
    ),
    [
      'question key "a" is used twice',
      'routing goes round in a circle: a → a',
      'required question "a" can never be shown, so nobody could answer it',
    ],
  )
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

test('a shape problem says where it is: the whole, a section, a question, or a field inside one', () => {
  assert.deepEqual(questionnaireProblems(null), ['Invalid input: expected object, received null'])
  assert.deepEqual(questionnaireProblems({ sections: 'x' }), [
    'sections Invalid input: expected array, received string',
  ])
  assert.deepEqual(questionnaireProblems({ sections: ['x'] }), [
    'section 1: Invalid input: expected object, received string',
  ])
  assert.deepEqual(questionnaireProblems({ sections: [{ key: 's', questions: [] }] }), [
    'section 1: title Invalid input: expected string, received undefined',
    'section 1: questions needs at least one question',
  ])
  assert.deepEqual(questionnaireProblems({ sections: [{ key: 's', title: 'S', questions: ['x'] }] }), [
    'section 1, question 1: Invalid input: expected object, received string',
  ])
  assert.deepEqual(questionnaireProblems({ sections: [{ key: 's', title: 'S', questions: [null] }] }), [
    'section 1, question 1: Invalid input: expected object, received null',
  ])
  assert.deepEqual(
    questionnaireProblems({
      sections: [
        { key: 's', title: 'S', questions: [choice('a')] },
        { key: 't', title: 'T', questions: [choice('b', { options: [{ value: 'Yes', label: 'Yes' }] })] },
      ],
    }),
    ['section 2, question 1 (b): options.0.value must be lower-case letters, digits and underscores'],
  )
  assert.deepEqual(questionnaireProblems(definition({ ...text('x'), key: 5 } as unknown as QuestionInput)), [
    'section 1, question 1: key Invalid input: expected string, received number',
  ])
  assert.deepEqual(questionnaireProblems(definition(text('a', { showIf: { question: 'b', anyOf: [] } }))), [
    'section 1, question 1 (a): showIf.anyOf needs at least one answer to show the question for',
  ])
})

test('a longer circle of routing is named once, from the first question in it', () => {
  assert.deepEqual(
    questionnaireProblems(
      definition(
        choice('lead_in', { showIf: { question: 'a', anyOf: ['yes'] } }),
        choice('a', { showIf: { question: 'c', anyOf: ['yes'] } }),
        choice('b', { showIf: { question: 'a', anyOf: ['yes'] } }),
        choice('c', { showIf: { question: 'b', anyOf: ['yes'] } }),
      ),
    ),
    [
      'routing goes round in a circle: a → c → b → a',
      'question "lead_in" depends on question "a", which does not come before it',
    ],
  )
})

test('an option repeated three times is named once', () => {
  const thrice = choice('a', {
    options: [
      { value: 'x', label: 'X' },
      { value: 'x', label: 'X again' },
      { value: 'x', label: 'X once more' },
      { value: 'y', label: 'Y' },
    ],
  })
  assert.deepEqual(questionnaireProblems(definition(thrice)), ['question "a" has the option "x" twice'])
})

test('questions can be routed on agreement and rating answers, not on a ranking, a number or a date', () => {
  const agreement = { key: 'view', type: 'agreement', title: 'View' } as QuestionInput
  const rating = { key: 'score', type: 'rating', title: 'Score', max: 4 } as QuestionInput
  const ranking = { key: 'order', type: 'ranking', title: 'Order', options: yesNo } as QuestionInput
  const number = { key: 'age', type: 'number', title: 'Age' } as QuestionInput
  assert.deepEqual(
    questionnaireProblems(
      definition(
        agreement,
        rating,
        ranking,
        number,
        text('why', { showIf: { question: 'view', anyOf: ['strongly_disagree', 'dont_know'] } }),
        text('low', { showIf: { question: 'score', anyOf: ['1', '4'] } }),
        text('high', { showIf: { question: 'score', anyOf: ['5'] } }),
        text('first', { showIf: { question: 'order', anyOf: ['yes'] } }),
        text('older', { showIf: { question: 'age', anyOf: ['1'] } }),
      ),
    ),
    [
      'question "high" depends on the answer "5" to "score", which has no such option',
      'question "first" depends on question "order", whose answers cannot be routed on',
      'question "older" depends on question "age", whose answers cannot be routed on',
    ],
  )
})

test('the answers a question can be routed on are its options, its scale or its points', () => {
  const parsed = parseQuestionnaireDefinition(
    definition(
      choice('a'),
      { key: 'view', type: 'agreement', title: 'View', includeDontKnow: false } as QuestionInput,
      { key: 'score', type: 'rating', title: 'Score', max: 3 } as QuestionInput,
      { key: 'order', type: 'ranking', title: 'Order', options: yesNo } as QuestionInput,
      text('b'),
    ),
  )
  assert.deepEqual(parsed.sections[0]?.questions.map(routableValues), [
    ['yes', 'no'],
    ['strongly_agree', 'agree', 'neither', 'disagree', 'strongly_disagree'],
    ['1', '2', '3'],
    undefined,
    undefined,
  ])
})

test('a required question is refused only when no answers at all could show it', () => {
  // One answer the rule names exists, so the question can be shown even though another does not.
  assert.deepEqual(
    questionnaireProblems(
      definition(choice('a'), text('b', { required: true, showIf: { question: 'a', anyOf: ['no'] } })),
    ),
    [],
  )
  assert.deepEqual(
    questionnaireProblems(
      definition(
        choice('a'),
        text('b', { required: true, showIf: { question: 'a', anyOf: ['maybe', 'no'] } }),
      ),
    ),
    ['question "b" depends on the answer "maybe" to "a", which has no such option'],
  )
  assert.deepEqual(
    questionnaireProblems(
      definition(choice('a'), text('b', { required: true, showIf: { question: 'a', anyOf: ['maybe'] } })),
    ),
    [
      'question "b" depends on the answer "maybe" to "a", which has no such option',
      'required question "b" can never be shown, so nobody could answer it',
    ],
  )
  // An optional question that can never be shown is harmless: nobody is asked for it.
  assert.deepEqual(
    questionnaireProblems(
      definition(choice('a'), text('b', { showIf: { question: 'a', anyOf: ['maybe'] } })),
    ),
    ['question "b" depends on the answer "maybe" to "a", which has no such option'],
  )
})

test('a required question routed on a later one, or on itself, can never be shown', () => {
  assert.deepEqual(
    questionnaireProblems(
      definition(choice('b', { required: true, showIf: { question: 'a', anyOf: ['yes'] } }), choice('a')),
    ),
    [
      'question "b" depends on question "a", which does not come before it',
      'required question "b" can never be shown, so nobody could answer it',
    ],
  )
  assert.deepEqual(
    questionnaireProblems(
      definition(choice('a'), choice('b', { required: true, showIf: { question: 'b', anyOf: ['yes'] } })),
    ),
    [
      'routing goes round in a circle: b → b',
      'required question "b" can never be shown, so nobody could answer it',
    ],
  )
})

test('routing on a question in an earlier section is allowed, and on one in a later section is not', () => {
  const sections = (first: QuestionInput[], second: QuestionInput[]) => ({
    sections: [
      { key: 'one', title: 'One', questions: first },
      { key: 'two', title: 'Two', questions: second },
    ],
  })
  assert.deepEqual(
    questionnaireProblems(
      sections([choice('a')], [text('b', { required: true, showIf: { question: 'a', anyOf: ['yes'] } })]),
    ),
    [],
  )
  assert.deepEqual(
    questionnaireProblems(
      sections([text('b', { showIf: { question: 'a', anyOf: ['yes'] } })], [choice('a')]),
    ),
    ['question "b" depends on question "a", which does not come before it'],
  )
})

test('a questionnaire fit to publish comes back with its defaults filled in; one that is not lists every problem', () => {
  const parsed = parseQuestionnaireDefinition(definition(text('a')))
  assert.deepEqual(parsed.sections[0]?.questions[0], {
    key: 'a',
    type: 'free_text',
    title: 'Question a',
    required: false,
    maxLength: 5000,
  })
  assert.throws(
    () =>
      parseQuestionnaireDefinition(
        definition(choice('a'), text('a'), text('b', { showIf: { question: 'z', anyOf: ['yes'] } })),
      ),
    (error: unknown) =>
      error instanceof ValidationError &&
      error.message ===
        'question key "a" is used twice\nquestion "b" is shown only after question "z", which does not exist' &&
      JSON.stringify(error.fieldErrors) ===
        JSON.stringify({
          questionnaire:
            'question key "a" is used twice; question "b" is shown only after question "z", which does not exist',
        }),
  )
})
