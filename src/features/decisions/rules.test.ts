import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  businessCaseRefusals,
  type CitedPaper,
  type DecisionFacts,
  decisionRefusals,
  isOverdue,
  missingConsiderations,
  themesThatMatter,
} from './rules.js'

const paper = (kind: CitedPaper['kind'], publishedAt: string): CitedPaper => ({
  kind,
  title: kind,
  version: 1,
  sha256: 'a'.repeat(64),
  publishedAt,
})

const facts = (change: Partial<DecisionFacts> = {}): DecisionFacts => ({
  status: 'reporting',
  correcting: false,
  meetingOn: '2021-12-14',
  today: '2022-01-10',
  papers: {
    report: paper('report', '2021-11-22T10:00:00Z'),
    businessCase: paper('business_case', '2021-12-06T10:00:00Z'),
  },
  dayOf: (iso) => iso.slice(0, 10),
  proposalIds: ['p1', 'p2'],
  resolvedProposalIds: ['p1', 'p2'],
  ...change,
})

test('a decision with approved papers published before its meeting, resolving every proposal, may be recorded', () => {
  assert.deepEqual(decisionRefusals(facts()), [])
})

test('no decision before the report is approved, nor on a paper published after the meeting', () => {
  assert.deepEqual(decisionRefusals(facts({ papers: { report: null, businessCase: null } })), [
    'reportNotApproved',
    'businessCaseNotApproved',
  ])
  const late = facts({
    papers: { report: paper('report', '2021-11-22'), businessCase: paper('business_case', '2021-12-15') },
  })
  assert.deepEqual(decisionRefusals(late), ['paperAfterMeeting'])
  // The same day as the meeting counts as before it: papers are often published that morning.
  const sameDay = facts({
    papers: { report: paper('report', '2021-11-22'), businessCase: paper('business_case', '2021-12-14') },
  })
  assert.deepEqual(decisionRefusals(sameDay), [])
})

test('a first decision needs the consultation at reporting and every proposal resolved; a correction does not move it', () => {
  assert.deepEqual(decisionRefusals(facts({ status: 'analysing', resolvedProposalIds: ['p1'] })), [
    'notReporting',
    'resolutionMissing',
  ])
  assert.deepEqual(decisionRefusals(facts({ status: 'following_up', correcting: true })), [])
  assert.deepEqual(decisionRefusals(facts({ meetingOn: '2022-02-01' })), ['meetingInFuture'])
})

test('overdue: open and past its due day; done is never overdue', () => {
  assert.equal(isOverdue({ status: 'in_progress', due_on: '2022-03-31' }, '2022-04-01'), true)
  assert.equal(isOverdue({ status: 'planned', due_on: '2022-04-01' }, '2022-04-01'), false)
  assert.equal(isOverdue({ status: 'done', due_on: '2022-03-31' }, '2022-04-01'), false)
})

test('themes that matter carry at least 5% of a proposal’s coded comments', () => {
  const themes = [
    { proposalId: 'p1', themeId: 'a', count: 5, codedComments: 100 },
    { proposalId: 'p1', themeId: 'b', count: 4, codedComments: 100 },
    { proposalId: 'p2', themeId: 'a', count: 1, codedComments: 0 },
  ]
  assert.deepEqual(
    themesThatMatter(themes).map((t) => t.themeId),
    ['a'],
  )
  assert.deepEqual(missingConsiderations(themes, [{ proposalId: 'p1', themeId: 'a' }]), [])
  assert.equal(missingConsiderations(themes, []).length, 1)
})

test('a business case needs an approved report and signed-off records', () => {
  assert.deepEqual(businessCaseRefusals({ reportApproved: false, considerations: [], equality: [] }), [
    'reportNotApproved',
    'noConsiderations',
  ])
  assert.deepEqual(
    businessCaseRefusals({
      reportApproved: true,
      considerations: [{ signedOff: true }],
      equality: [{ signedOff: false }],
    }),
    ['notSignedOff'],
  )
})
