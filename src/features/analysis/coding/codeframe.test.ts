import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  drawSample,
  makesCycle,
  planMerge,
  planSplit,
  type Theme,
  themesForQuestion,
  themeTree,
} from './codeframe.js'

const theme = (
  id: string,
  code: string,
  parentId: string | null = null,
  extra: Partial<Theme> = {},
): Theme => ({
  id,
  parentId,
  code,
  label: code,
  description: '',
  examples: [],
  questionKey: null,
  status: 'active',
  ...extra,
})

interface Row {
  codingId: string
  themeId: string
  provenance: string
}
const row = (codingId: string, themeId: string, provenance = 'person'): Row => ({
  codingId,
  themeId,
  provenance,
})

describe('themeTree', () => {
  it('puts parents before children, siblings by code, and leaves out inactive themes', () => {
    const tree = themeTree([
      theme('c', 'transport', 'a'),
      theme('a', 'access'),
      theme('b', 'staffing'),
      theme('d', 'buses', 'a'),
      theme('e', 'old', null, { status: 'merged' }),
    ])
    assert.deepEqual(
      tree.map((t) => [t.code, t.depth, t.path.join('>')]),
      [
        ['access', 0, 'access'],
        ['buses', 1, 'access>buses'],
        ['transport', 1, 'access>transport'],
        ['staffing', 0, 'staffing'],
      ],
    )
  })

  it('hangs a theme whose parent was merged away from the root', () => {
    const tree = themeTree([theme('a', 'gone', null, { status: 'merged' }), theme('b', 'child', 'a')])
    assert.deepEqual(
      tree.map((t) => [t.code, t.depth]),
      [['child', 0]],
    )
  })

  it('keeps shared themes and those of the question asked', () => {
    const themes = [
      theme('a', 'x'),
      theme('b', 'y', null, { questionKey: 'q1' }),
      theme('c', 'z', null, { questionKey: 'q2' }),
    ]
    assert.deepEqual(
      themesForQuestion(themes, 'q1').map((t) => t.code),
      ['x', 'y'],
    )
  })
})

describe('makesCycle', () => {
  it('refuses a parent that is the theme itself or below it', () => {
    const themes = [theme('a', 'a'), theme('b', 'b', 'a'), theme('c', 'c', 'b')]
    assert.equal(makesCycle(themes, 'a', 'c'), true)
    assert.equal(makesCycle(themes, 'a', 'a'), true)
    assert.equal(makesCycle(themes, 'c', 'a'), false)
    assert.equal(makesCycle(themes, 'b', null), false)
  })
})

describe('planMerge', () => {
  it('carries every coding of the sources to the target, once per comment, keeping provenance', () => {
    const change = planMerge(
      [
        row('1', 's1'),
        row('1', 's2', 'model'),
        row('2', 's2', 'model'),
        row('3', 't'),
        row('3', 's1'),
        row('4', 'x'),
      ],
      ['s1', 's2'],
      't',
    )
    assert.deepEqual(change.remove, [
      row('1', 's1'),
      row('1', 's2', 'model'),
      row('2', 's2', 'model'),
      row('3', 's1'),
    ])
    assert.deepEqual(change.add, [row('1', 't'), row('2', 't', 'model')])
  })

  it('refuses to merge a theme into itself', () => {
    assert.throws(() => planMerge([], ['t'], 't'))
  })
})

describe('planSplit', () => {
  it('moves codings to the chosen new theme, or to the first one', () => {
    const change = planSplit(
      [row('1', 's'), row('2', 's'), row('3', 's'), row('3', 'n1'), row('4', 'y')],
      's',
      ['n1', 'n2'],
      new Map([['2', 'n2']]),
    )
    assert.deepEqual(change.remove, [row('1', 's'), row('2', 's'), row('3', 's')])
    assert.deepEqual(change.add, [row('1', 'n1'), row('2', 'n2')])
  })

  it('needs a new theme', () => {
    assert.throws(() => planSplit([row('1', 's')], 's', []))
  })
})

describe('drawSample', () => {
  const keys = Array.from({ length: 1000 }, (_v, i) => `k${i}`)

  it('draws the share asked for, the same for the same seed and different for another', () => {
    const a = drawSample(keys, 10, 42)
    assert.equal(a.length, 100)
    assert.deepEqual(drawSample(keys, 10, 42), a)
    assert.deepEqual(drawSample([...keys].reverse(), 10, 42), a)
    assert.notDeepEqual(drawSample(keys, 10, 43), a)
    assert.equal(new Set(a).size, 100)
  })

  it('draws at least one when there is anything to draw, and none at 0 %', () => {
    assert.equal(drawSample(['only'], 1, 1).length, 1)
    assert.deepEqual(drawSample(keys, 0, 1), [])
    assert.deepEqual(drawSample([], 50, 1), [])
  })
})
