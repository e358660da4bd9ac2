import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { ConsultationStatus } from '../../../platform/db/schema.js'
import {
  canEditDetails,
  checkTransition,
  dueTransition,
  type LifecycleFacts,
  lifecycleOrder,
  possibleTransitions,
  takesResponsesAt,
} from './lifecycle.js'

const opensAt = new Date('2021-05-23T23:00:00Z')
const closesAt = new Date('2021-08-15T22:59:00Z')
const facts = (
  status: ConsultationStatus,
  now: string,
  hasPublishedQuestionnaire = true,
): LifecycleFacts => ({
  status,
  opensAt,
  closesAt,
  hasPublishedQuestionnaire,
  now: new Date(now),
})

describe('consultation lifecycle', () => {
  test('each status moves only to the next one in the chain', () => {
    const chain: [ConsultationStatus, ConsultationStatus, string][] = [
      ['draft', 'scheduled', '2021-05-01T00:00:00Z'],
      ['scheduled', 'open', '2021-05-24T00:00:00Z'],
      ['open', 'closed', '2021-08-16T00:00:00Z'],
      ['closed', 'analysing', '2021-08-30T00:00:00Z'],
      ['analysing', 'reporting', '2021-10-01T00:00:00Z'],
      ['reporting', 'decided', '2021-12-14T00:00:00Z'],
      ['decided', 'following_up', '2022-01-10T00:00:00Z'],
      ['following_up', 'archived', '2023-01-10T00:00:00Z'],
    ]
    for (const [from, to, now] of chain)
      assert.deepEqual(checkTransition({ ...facts(from, now), viaDecisionRecord: to === 'decided' }, to), {
        ok: true,
      })
    assert.deepEqual(checkTransition(facts('draft', '2021-05-01T00:00:00Z'), 'open'), {
      ok: false,
      reason: 'notNext',
    })
    assert.deepEqual(checkTransition(facts('closed', '2021-08-30T00:00:00Z'), 'open'), {
      ok: false,
      reason: 'notNext',
    })
    assert.deepEqual(
      possibleTransitions(facts('archived', '2024-01-01T00:00:00Z')),
      [],
      'an archived consultation goes nowhere',
    )
  })

  test('a decision is recorded with its record, not by a bare status change', () => {
    assert.deepEqual(checkTransition(facts('reporting', '2021-12-14T00:00:00Z'), 'decided'), {
      ok: false,
      reason: 'needsDecisionRecord',
    })
  })

  test('a scheduled consultation can go back to draft for changes before it opens', () => {
    assert.deepEqual(checkTransition(facts('scheduled', '2021-05-20T00:00:00Z'), 'draft'), { ok: true })
    assert.ok(
      possibleTransitions(facts('scheduled', '2021-05-20T00:00:00Z')).some(
        (step) => step.to === 'draft' && step.check.ok,
      ),
    )
  })

  test('scheduling needs a published questionnaire and a closing time still to come', () => {
    assert.deepEqual(checkTransition(facts('draft', '2021-05-01T00:00:00Z', false), 'scheduled'), {
      ok: false,
      reason: 'noQuestionnaire',
    })
    assert.deepEqual(checkTransition(facts('draft', '2021-09-01T00:00:00Z'), 'scheduled'), {
      ok: false,
      reason: 'closingPassed',
    })
  })

  test('a consultation cannot open before its opening time or close before its closing time', () => {
    // 23:59 UTC on 23 May is 00:59 BST on 24 May: after the opening at midnight UK time.
    assert.deepEqual(checkTransition(facts('scheduled', '2021-05-23T22:59:59Z'), 'open'), {
      ok: false,
      reason: 'beforeOpening',
    })
    assert.deepEqual(checkTransition(facts('scheduled', '2021-05-23T23:00:00Z'), 'open'), { ok: true })
    assert.deepEqual(checkTransition(facts('open', '2021-08-15T22:58:59Z'), 'closed'), {
      ok: false,
      reason: 'beforeClosing',
    })
  })

  test('the clock makes opening and closing due, and nothing else', () => {
    assert.equal(dueTransition(facts('scheduled', '2021-05-23T22:00:00Z')), undefined)
    assert.equal(dueTransition(facts('scheduled', '2021-05-24T08:00:00Z')), 'open')
    assert.equal(dueTransition(facts('open', '2021-08-01T08:00:00Z')), undefined)
    assert.equal(dueTransition(facts('open', '2021-08-15T22:59:00Z')), 'closed')
    assert.equal(dueTransition(facts('draft', '2021-06-01T00:00:00Z')), undefined)
    assert.equal(dueTransition(facts('closed', '2021-09-01T00:00:00Z')), undefined)
    assert.equal(dueTransition(facts('scheduled', '2021-06-01T00:00:00Z', false)), undefined)
  })

  test('details can be changed until the consultation closes', () => {
    assert.deepEqual((['draft', 'scheduled', 'open', 'closed', 'archived'] as const).map(canEditDetails), [
      true,
      true,
      true,
      false,
      false,
    ])
  })
})

describe('when online responses are taken', () => {
  const open = { status: 'open', opensAt, closesAt }
  const second = 1000
  const at = (date: Date, offsetMs: number) => new Date(date.getTime() + offsetMs)

  test('a response sent one second before opening is refused, and one sent at the opening time taken', () => {
    assert.equal(takesResponsesAt(open, at(opensAt, -second)), false)
    assert.equal(takesResponsesAt(open, opensAt), true)
  })

  test('a response sent at the exact closing instant is refused, and one sent a second before taken', () => {
    assert.equal(takesResponsesAt(open, closesAt), false)
    assert.equal(takesResponsesAt(open, at(closesAt, -second)), true)
    assert.equal(takesResponsesAt(open, at(closesAt, second)), false)
  })

  test('only an open consultation takes responses, even inside its dates', () => {
    const inside = at(opensAt, 7 * 86_400_000)
    for (const status of ['draft', 'scheduled', 'closed', 'analysing', 'archived']) {
      assert.equal(takesResponsesAt({ ...open, status }, inside), false, status)
    }
    assert.equal(takesResponsesAt(open, inside), true)
  })
})

describe('the steps staff may take', () => {
  test('every status a consultation can be moved to is known, in the order of the lifecycle', () => {
    assert.deepEqual(lifecycleOrder, [
      'draft',
      'scheduled',
      'open',
      'closed',
      'analysing',
      'reporting',
      'decided',
      'following_up',
      'archived',
    ])
  })

  test('a decided consultation can be archived without following up', () => {
    assert.deepEqual(checkTransition(facts('decided', '2021-12-01T00:00:00Z'), 'archived'), { ok: true })
  })

  test('a consultation cannot be scheduled at its closing instant', () => {
    assert.deepEqual(checkTransition(facts('draft', closesAt.toISOString()), 'scheduled'), {
      ok: false,
      reason: 'closingPassed',
    })
  })

  test('a consultation cannot open without a published questionnaire, and is told why', () => {
    assert.deepEqual(checkTransition(facts('scheduled', '2021-05-24T00:00:00Z', false), 'open'), {
      ok: false,
      reason: 'noQuestionnaire',
    })
  })
})
