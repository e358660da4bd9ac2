import assert from 'node:assert/strict'
import { test } from 'node:test'
import { scrubAnswers } from './free-text.js'

test('free text loses the person’s identifiers and other personal data; choices are untouched', () => {
  const answers = {
    q_agree: 'strongly_agree',
    q_services: ['crisis_cafe', 'central_access_point'],
    q_age: 42,
    q_comment: 'Please email me at sam@example.org. My care coordinator Dr Patel was very helpful.',
    q_other: 'Sam Jones here, about the Bradgate Unit',
  }
  const scrubbed = scrubAnswers(answers, ['sam@example.org', 'Sam Jones'])
  assert.ok(scrubbed)
  assert.equal(scrubbed.q_agree, 'strongly_agree')
  assert.deepEqual(scrubbed.q_services, ['crisis_cafe', 'central_access_point'])
  assert.equal(scrubbed.q_age, 42)
  assert.doesNotMatch(String(scrubbed.q_comment), /sam@example\.org|Patel/)
  assert.match(String(scrubbed.q_comment), /\[erased\]/)
  assert.match(String(scrubbed.q_other), /^\[erased\] here, about the Bradgate Unit$/)
})

test('answers with nothing personal are reported unchanged', () => {
  assert.equal(scrubAnswers({ q_agree: 'agree', q_comment: 'More staff at night, please.' }, []), undefined)
})
