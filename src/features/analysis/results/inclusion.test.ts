import assert from 'node:assert/strict'
import { test } from 'node:test'
import { defaultInclusion, describeInclusion, inclusionQuery, parseInclusion } from './inclusion.js'

const none = { repeats: 0, campaignResponses: 0 }

test('excluded, late and repeat responses are left out and campaigns counted unless asked otherwise', () => {
  assert.deepEqual(parseInclusion({}), defaultInclusion)
  assert.deepEqual(defaultInclusion, {
    includeExcluded: false,
    includeLate: false,
    includeRepeats: false,
    includeCampaigns: true,
  })
  assert.deepEqual(parseInclusion({ late: 'include', excluded: 'nonsense', campaigns: 'exclude' }), {
    includeExcluded: false,
    includeLate: true,
    includeRepeats: false,
    includeCampaigns: false,
  })
  assert.equal(inclusionQuery(defaultInclusion), '')
  const all = { includeExcluded: true, includeLate: true, includeRepeats: true, includeCampaigns: false }
  assert.equal(inclusionQuery(all), 'excluded=include&late=include&repeats=include&campaigns=exclude')
  assert.deepEqual(parseInclusion(Object.fromEntries(new URLSearchParams(inclusionQuery(all)))), all)
})

test('the footnote states every rule, with what participation found', () => {
  assert.equal(
    describeInclusion(defaultInclusion, { repeats: 1234, campaignResponses: 7 }),
    'Excluded responses are left out. Late responses (arriving after the close) are left out unless a manager admitted them. Where staff decided several responses came from one person, that person is counted once (1,234 repeat responses left out). Campaign responses (7 found) are counted.',
  )
  const footnote = describeInclusion(
    { includeExcluded: true, includeLate: true, includeRepeats: true, includeCampaigns: false },
    none,
  )
  assert.match(footnote, /Excluded responses are counted\./)
  assert.match(footnote, /Late responses .* are counted, admitted or not/)
  assert.match(footnote, /Every response is counted, including 0/)
  assert.match(footnote, /Campaign responses \(0 found\) are left out\./)
})
