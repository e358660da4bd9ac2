import assert from 'node:assert/strict'
import { test } from 'node:test'
import { scrutinyCsv } from './presenters.js'

test('the scrutiny CSV writes a group label that starts like a formula as text', () => {
  const row = (value: string, label: string) => ({ value, label, count: 10, percent: 50, suppressed: false })
  const table = {
    key: 'relationship',
    title: 'Relationship',
    total: 20,
    rows: [row('a', '=HYPERLINK("http://evil.example","Click")'), row('b', '@SUM(A1)')],
  }
  const csv = scrutinyCsv(
    { all: table, once: table, people: { responses: 20, people: 20 } },
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
