import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseReason, parseRespondent, parseResponseFilters } from './filters.js'

const keys = ['overall_agreement', 'overall_comments']

test('filters are read, and values not offered are ignored', () => {
  assert.deepEqual(
    parseResponseFilters(
      { channel: 'paper', status: 'excluded', from: '2021-05-24', to: '2021-08-15', reference: 'k7qf m3xa' },
      keys,
    ),
    {
      ok: true,
      value: {
        channel: 'paper',
        status: 'excluded',
        from: '2021-05-24',
        to: '2021-08-15',
        reference: 'K7QF-M3XA',
      },
    },
  )
  assert.deepEqual(parseResponseFilters({ channel: 'pigeon', status: 'deleted', question: 'nope' }, keys), {
    ok: true,
    value: {},
  })
  assert.deepEqual(parseResponseFilters({ question: 'overall_agreement', answer: 'agree' }, keys), {
    ok: true,
    value: { question: 'overall_agreement', answer: 'agree' },
  })
})

test('bad filters say what to change', () => {
  const result = parseResponseFilters(
    { from: '2021-02-30', to: 'yesterday', reference: 'ABC', answer: 'agree' },
    keys,
  )
  assert.equal(result.ok, false)
  if (result.ok) return
  assert.deepEqual(result.errors, {
    from: 'Enter a date like 2021-07-31',
    to: 'Enter a date like 2021-07-31',
    reference: 'Enter a reference like K7QF-M3XA',
    question: 'Choose the question to filter answers on',
  })
  const order = parseResponseFilters({ from: '2021-08-01', to: '2021-07-01' }, keys)
  assert.equal(!order.ok && order.errors.to, "The 'to' date must be the same as or after the 'from' date")
})

test('a reason is required and limited in length', () => {
  assert.deepEqual(
    parseReason({ reason: '  Duplicate of K7QF-M3XA  ' }, 'validation.exclusion.reasonMissing'),
    {
      ok: true,
      value: 'Duplicate of K7QF-M3XA',
    },
  )
  const blank = parseReason({ reason: ' ' }, 'validation.exclusion.reasonMissing')
  assert.equal(!blank.ok && blank.errors.reason, 'Enter why this response should be excluded')
  const long = parseReason({ reason: 'x'.repeat(1001) }, 'validation.exclusion.reasonMissing')
  assert.equal(!long.ok && long.errors.reason, 'The reason must be 1,000 characters or fewer')
})

test('about your response: details given for de-duplication are kept without consent to contact', () => {
  const asks = { askOrganisation: false, askContact: true }
  const given = parseRespondent({ name: 'Bob Hart', phone: '07700 900123', postcode: 'LE4 1AA' }, asks)
  assert.deepEqual(given, {
    ok: true,
    value: { name: 'Bob Hart', phone: '07700 900123', postcode: 'LE4 1AA', consentToContact: false },
  })
  const consentWithoutEmail = parseRespondent({ consent: 'yes', phone: '07700 900123' }, asks)
  assert.equal(consentWithoutEmail.ok, false)
  assert.deepEqual(Object.keys(consentWithoutEmail.ok ? {} : consentWithoutEmail.errors), ['email'])
})
