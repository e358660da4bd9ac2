import assert from 'node:assert/strict'
import { test } from 'node:test'
import { assessPrinciples, notYetKept, principleIds } from './principles.js'

const record = (principle: 'gunning-1' | 'gunning-3', date: string | null, title: string) => ({
  principle,
  date: date ? new Date(date) : null,
  title,
  detail: '',
  source: 'test',
})

test('every principle is listed; one with records and no gaps is evidenced, one with none is a gap', async () => {
  const planned = await notYetKept('report', ['gunning-4'], 'No Report of Findings yet').collect()
  const assessed = assessPrinciples(
    [
      {
        records: [
          record('gunning-3', '2021-08-15T23:00:00Z', 'Closed'),
          record('gunning-3', null, 'Undated'),
          record('gunning-3', '2021-05-23T23:00:00Z', 'Opened'),
          record('gunning-1', '2021-05-17T09:00:00Z', 'Proposals published'),
        ],
        gaps: [{ principle: 'gunning-1', text: 'No options appraisal', source: 'test' }],
      },
      planned,
    ],
    (id) => `Nothing speaks to ${id}`,
  )
  assert.deepEqual(
    assessed.map((p) => p.id),
    [...principleIds],
  )
  const byId = new Map(assessed.map((p) => [p.id, p]))
  assert.equal(byId.get('gunning-3')?.status, 'evidenced')
  assert.deepEqual(
    byId.get('gunning-3')?.records.map((r) => r.title),
    ['Opened', 'Closed', 'Undated'],
  )
  assert.equal(byId.get('gunning-1')?.status, 'partly')
  assert.equal(byId.get('gunning-4')?.status, 'gap')
  assert.deepEqual(
    byId.get('gunning-4')?.gaps.map((g) => g.text),
    ['No Report of Findings yet'],
  )
  assert.equal(byId.get('health-scrutiny')?.status, 'gap')
  assert.deepEqual(
    byId.get('health-scrutiny')?.gaps.map((g) => g.text),
    ['Nothing speaks to health-scrutiny'],
  )
})
