import assert from 'node:assert/strict'
import { test } from 'node:test'
import { defaultInclusion, describeInclusion, inclusionQuery, parseInclusion } from './inclusion.js'

test('excluded and late responses are left out unless asked for', () => {
  assert.deepEqual(parseInclusion({}), defaultInclusion)
  assert.deepEqual(parseInclusion({ late: 'include', excluded: 'nonsense' }), {
    includeExcluded: false,
    includeLate: true,
  })
  assert.equal(inclusionQuery(defaultInclusion), '')
  assert.equal(inclusionQuery({ includeExcluded: true, includeLate: true }), 'excluded=include&late=include')
})

test('the footnote says what was counted', () => {
  assert.match(
    describeInclusion(defaultInclusion),
    /Excluded responses are left out\. Late responses are left out\./,
  )
  assert.match(
    describeInclusion({ includeExcluded: false, includeLate: true }),
    /Late responses .* are counted/,
  )
})
