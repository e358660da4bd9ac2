import assert from 'node:assert/strict'
import { test } from 'node:test'
import { presentReachTable, scrutinyCsv } from './presenters.js'
import { reachTable } from './profile/profile.js'

test('the scrutiny CSV writes a group label that starts like a formula as text', () => {
  const row = (value: string, label: string) => ({ value, label, count: 10, percent: 50, suppressed: false })
  const table = {
    key: 'relationship',
    title: 'Relationship',
    total: 20,
    rows: [row('a', '=HYPERLINK("http://evil.example","Click")'), row('b', '@SUM(A1)')],
  }
  const csv = scrutinyCsv(
    { all: table, once: table, people: { responses: 20, people: 20, lower: 20, upper: 20 } },
    new Date('2026-12-06T10:00:00Z'),
    'method',
  )
  const lines = csv.trim().split('\n')
  assert.ok(
    lines.some((line) => line.startsWith(`"'=HYPERLINK(`)),
    csv,
  )
  assert.ok(
    lines.some((line) => line.startsWith(`'@SUM(A1)`)),
    csv,
  )
  for (const line of lines) assert.doesNotMatch(line.replace(/^"/, ''), /^[=+@]/)
})

test('a reach table with a hidden group says why it has no test, and flags no hidden group', () => {
  const groups = ['a', 'b', 'c', 'd'].map((value) => ({ value, label: value.toUpperCase() }))
  const population = new Map(groups.map((g) => [g.value, 1000]))
  const observed = (counts: number[]) => new Map(groups.map((g, i) => [g.value, counts[i] ?? 0]))
  const hidden = presentReachTable(reachTable('q', 'Q', groups, observed([2, 6, 80, 90]), population, 5))
  assert.match(hidden.summary, /^178 respondents in the area who answered; no test of the whole table/)
  assert.doesNotMatch(hidden.summary, /chi-square \d/)
  assert.deepEqual(
    hidden.rows.map((r) => [r.count, r.flag, r.adjustedP]),
    [
      ['fewer than the threshold', '', ''],
      ['fewer than the threshold', '', ''],
      ['80', 'Over-heard', '< 0.001'],
      ['90', 'Over-heard', '< 0.001'],
    ],
  )
  const shown = presentReachTable(reachTable('q', 'Q', groups, observed([20, 60, 80, 90]), population, 5))
  assert.match(
    shown.summary,
    /^250 respondents in the area who answered; chi-square \d+\.\d on 3 degrees of freedom, p /,
  )
})
