import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseDecision, parseGroupExclusion, parseMemberPage, parseProfileFilter } from './forms.js'

test('the dashboard filter takes a known channel and partner, and refuses others with a message', () => {
  assert.deepEqual(parseProfileFilter({ channel: 'paper', partner: 'p1' }, ['p1']), {
    ok: true,
    value: { channel: 'paper', partnerId: 'p1' },
  })
  assert.deepEqual(parseProfileFilter({}, []), { ok: true, value: {} })
  const bad = parseProfileFilter({ channel: 'fax', partner: 'p9' }, ['p1'])
  assert.equal(bad.ok, false)
  if (!bad.ok) assert.deepEqual(Object.keys(bad.errors), ['channel', 'partner'])
})

test('a decision needs a choice and a reason', () => {
  assert.deepEqual(parseDecision({ decision: 'same_person', reason: ' Same address ' }), {
    ok: true,
    value: { decision: 'same_person', reason: 'Same address' },
  })
  const missing = parseDecision({ decision: 'merge' })
  assert.equal(missing.ok, false)
  if (!missing.ok) {
    assert.equal(
      missing.errors.decision,
      'Select whether these responses are from the same person or different people',
    )
    assert.equal(missing.errors.reason, 'Enter the reason for your decision')
  }
  const exclusion = parseGroupExclusion({ reason: 'x'.repeat(1001) })
  assert.equal(exclusion.ok, false)
  if (!exclusion.ok) assert.deepEqual(Object.keys(exclusion.errors), ['response_id', 'reason'])
})

test("a page of a group's responses starts after or before a position, and nothing else is a page", () => {
  assert.deepEqual(parseMemberPage({}), {})
  assert.deepEqual(parseMemberPage({ after: '49' }), { after: 49 })
  assert.deepEqual(parseMemberPage({ before: ' 50 ' }), { before: 50 })
  for (const query of [{ after: '-1' }, { after: 'two' }, { before: '1.5' }, { after: '1', before: '9' }])
    assert.equal(parseMemberPage(query), undefined, JSON.stringify(query))
})
