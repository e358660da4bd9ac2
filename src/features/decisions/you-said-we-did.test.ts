import assert from 'node:assert/strict'
import { test } from 'node:test'
import { youSaidWeDid } from './you-said-we-did.js'

const said = (themeId: string, proposalId: string) => ({
  themeId,
  theme: `Theme ${themeId}`,
  proposalId,
  proposal: `Proposal ${proposalId}`,
  count: 40,
  share: 0.2,
  outcome: 'mitigated' as const,
  response: 'We will do this.',
})

test('each theme carries its considerations, the decision on each proposal, and the actions that answer it', () => {
  const rows = youSaidWeDid({
    considerations: [said('a', 'p1'), said('a', 'p2'), said('b', 'p2')],
    quotes: [
      { theme: 'Theme a', text: 'One' },
      { theme: 'Theme a', text: 'Two' },
      { theme: 'Theme a', text: 'Three' },
    ],
    resolutions: new Map([['p1', { outcome: 'approved_with_changes', note: 'More venues' }]]),
    actions: [
      {
        id: 'x',
        title: 'Pilot',
        owner: 'Lead',
        dueOn: '2022-03-31',
        status: 'in_progress',
        themeIds: ['a'],
        proposalIds: [],
        latestNote: null,
      },
      {
        id: 'y',
        title: 'Review',
        owner: 'Lead',
        dueOn: '2022-09-30',
        status: 'planned',
        themeIds: [],
        proposalIds: ['p2'],
        latestNote: null,
      },
    ],
    today: '2022-06-01',
  })
  assert.deepEqual(
    rows.map((r) => r.themeId),
    ['a', 'b'],
  )
  const [a, b] = rows
  assert.deepEqual(a?.quotes, ['One', 'Two'])
  assert.equal(a?.proposals[0]?.resolution?.outcome, 'approved_with_changes')
  assert.equal(a?.proposals[1]?.resolution, null)
  assert.deepEqual(
    a?.actions.map((x) => [x.id, x.overdue]),
    [
      ['x', true],
      ['y', false],
    ],
  )
  assert.deepEqual(
    b?.actions.map((x) => x.id),
    ['y'],
  )
})
