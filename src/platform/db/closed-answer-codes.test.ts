import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { answerDecoder, type ClosedAnswerPlan, slotsOf } from './closed-answer-codes.js'

const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`c${i + 1}`, i + 1]))
const plan: ClosedAnswerPlan = {
  slotKeys: ['rel', 'services', 'services', 'order'],
  slotKinds: ['one', 'many', 'many', 'first'],
  slotBases: [0, 0, 31, 0],
  codes: { rel: { carer: 1, staff: 2 }, services: many, order: { a: 1, b: 2 } },
}

describe('closed answer codes', () => {
  it('finds the slots of each question, 1-based as SQL arrays are', () => {
    assert.deepEqual(slotsOf(plan, 'rel'), { key: 'rel', kind: 'one', first: 1, last: 1 })
    assert.deepEqual(slotsOf(plan, 'services'), { key: 'services', kind: 'many', first: 2, last: 3 })
    assert.equal(slotsOf(plan, 'comments'), undefined)
  })

  it('turns one code into its choice, and 0 or an unknown code into no answer', () => {
    const decode = answerDecoder(plan, slotsOf(plan, 'rel') ?? assert.fail())
    assert.equal(decode(2), 'staff')
    assert.equal(decode(0), null)
    assert.equal(decode(9), null)
    assert.equal(decode(null), null)
    assert.equal(answerDecoder(plan, slotsOf(plan, 'order') ?? assert.fail())(1), 'a')
  })

  it('turns bits across slots into the choices made', () => {
    const decode = answerDecoder(plan, slotsOf(plan, 'services') ?? assert.fail())
    // c1 and c3 in the first slot (bits 0 and 2); c32 and c40 in the second (bits 0 and 8).
    assert.deepEqual(decode([0b101, 0b100000001]), ['c1', 'c3', 'c32', 'c40'])
    assert.deepEqual(decode([1 << 30, 0]), ['c31'])
    assert.equal(decode([0, 0]), null)
    assert.equal(decode([0, null]), null)
  })
})

// A question with one answer, and one with several whose 33 choices take two slots.
const manyChoices = Array.from({ length: 33 }, (_, i) => `c${i + 1}`)
const keptPlan: ClosedAnswerPlan = {
  slotKeys: ['sex', 'uses', 'uses'],
  slotKinds: ['one', 'many', 'many'],
  slotBases: [0, 0, 31],
  codes: {
    sex: { female: 1, male: 2 },
    uses: Object.fromEntries(manyChoices.map((c, i) => [c, i + 1])),
  },
}

it('turns kept codes into the answers they code, across two slots of one question', () => {
  const decode = (key: string, codes: number[]) => {
    const slots = slotsOf(keptPlan, key)
    assert.ok(slots)
    return answerDecoder(keptPlan, slots)(codes)
  }
  assert.equal(decode('sex', [2]), 'male')
  assert.equal(decode('sex', [0]), null)
  // Bits 1 and 3 of the first slot, and bit 2 of the second (choice 31 + 2).
  assert.deepEqual(decode('uses', [0b101, 0b10]), ['c1', 'c3', 'c33'])
  assert.equal(decode('uses', [0, 0]), null)
})
