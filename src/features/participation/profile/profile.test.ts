import assert from 'node:assert/strict'
import { test } from 'node:test'
import { seededRandom } from '../../../platform/random/seeded-random.js'
import { exposedEntries, shownBeside } from '../../../testing/disclosure-audit.js'
import { notStated, profileRelations, profileTable, reachTable, tallyAnswers } from './profile.js'

const question = {
  key: 'relationship',
  title: 'Which of these best describes you?',
  options: [
    { value: 'uses_services', label: 'I use services' },
    { value: 'family_carer', label: 'I am a carer' },
    { value: 'organisation', label: 'An organisation' },
  ],
}

test('a profile table counts each answer, says how many did not say, and suppresses small counts and the next smallest', () => {
  const counts = tallyAnswers(
    [
      { key: 'relationship', value: 'uses_services', n: 60 },
      { key: 'relationship', value: 'family_carer', n: 30 },
      { key: 'relationship', value: 'organisation', n: 3 },
      { key: 'religion', value: 'none', n: 99 },
    ],
    'relationship',
  )
  const table = profileTable(question, counts, 93, 100, 5, 'Not stated')
  assert.deepEqual(
    table.rows.map((r) => [r.value, r.count, r.percent, r.suppressed]),
    [
      ['uses_services', 60, 60, false],
      ['family_carer', 30, 30, false],
      ['organisation', undefined, undefined, true],
      // Shown beside the total of 100, 7 would give the hidden 3 away: it is hidden too.
      [notStated, undefined, undefined, true],
    ],
  )
})

test('several choices count once each', () => {
  const counts = tallyAnswers(
    [
      { key: 'needs', value: ['a', 'b'], n: 4 },
      { key: 'needs', value: 'a', n: 1 },
    ],
    'needs',
  )
  assert.deepEqual(
    [...counts],
    [
      ['a', 5],
      ['b', 4],
    ],
  )
})

test('reach compares shares with the population: difference in points, ratio and the under-heard flag', () => {
  const table = reachTable(
    'sex',
    'Sex',
    [
      { value: 'female', label: 'Female' },
      { value: 'male', label: 'Male' },
    ],
    new Map([
      ['female', 75],
      ['male', 25],
    ]),
    new Map([
      ['female', 5000],
      ['male', 5000],
    ]),
    5,
  )
  const male = table.rows[1]
  assert.equal(male?.share, 25)
  assert.equal(male?.populationShare, 50)
  assert.equal(male?.difference, -25)
  assert.equal(male?.ratio, 0.5)
  assert.ok(Math.abs((male?.residual ?? 0) + 5) < 1e-9)
  assert.equal(male?.underHeard, true)
  assert.ok(Math.abs((table.fit?.statistic ?? 0) - 25) < 1e-9)
})

test('no profile or reach table lets a hidden count be narrowed below the threshold', async () => {
  const random = seededRandom(16)
  const options = Array.from({ length: 6 }, (_, i) => ({ value: `o${i}`, label: `Option ${i}` }))
  const small = () => (random() < 0.4 ? Math.floor(random() * 6) : Math.floor(random() * 80))
  for (let k = 0; k < 24; k++) {
    const multiple = k % 2 === 1
    const chosen = options.slice(0, 2 + Math.floor(random() * 4))
    const counts = new Map(chosen.map((o) => [o.value, small()]))
    const most = Math.max(...counts.values())
    const sum = [...counts.values()].reduce((a, b) => a + b, 0)
    const answeredBy = multiple ? most + Math.floor(random() * (sum - most + 1)) : sum
    const total = answeredBy + small()
    const table = profileTable(
      { key: 'q', title: 'Q', options: chosen, multiple },
      counts,
      answeredBy,
      total,
      5,
      '-',
    )
    const values = [...chosen.map((o) => counts.get(o.value) ?? 0), total - answeredBy]
    for (const [i, r] of table.rows.entries()) assert.equal(r.count ?? values[i], values[i])
    const published = {
      values,
      hidden: table.rows.map((r) => r.count === undefined),
      relations: profileRelations(values.length, total, multiple),
    }
    assert.deepEqual(await exposedEntries(published, 5), [], `table ${k}`)

    const reach = reachTable('q', 'Q', chosen, counts, new Map(chosen.map((o) => [o.value, 1000])), 5)
    const observed = chosen.map((o) => counts.get(o.value) ?? 0)
    assert.equal(reach.total, sum)
    const shownReach = {
      values: observed,
      hidden: reach.rows.map((r) => r.count === undefined),
      relations: profileRelations(observed.length, sum, false),
    }
    assert.deepEqual(await exposedEntries(shownReach, 5), [], `reach table ${k}`)
  }
})

test('a hidden reach row has no flag, p or residual, and nothing shown beside the table gives its count away', async () => {
  // Four groups of equal population: 2 and 6 of 178 against 44.5 expected each. The 2 is hidden,
  // and the 6 with it, as the total is shown; flagging the hidden 2 as under-heard said it was far
  // below 44.5, and the chi-square of the true counts told the 2 from the 1, 3, 4...
  const groups = ['a', 'b', 'c', 'd'].map((value) => ({ value, label: value.toUpperCase() }))
  const population = new Map(groups.map((g) => [g.value, 1000]))
  const reachOf = (counts: readonly number[]) =>
    reachTable('q', 'Q', groups, new Map(groups.map((g, i) => [g.value, counts[i] ?? 0])), population, 5)
  const counts = [2, 6, 80, 90]
  const table = reachOf(counts)
  assert.deepEqual(
    table.rows.map((r) => [r.count, r.underHeard, r.overHeard, r.adjustedP, r.residual]),
    [
      [undefined, false, false, undefined, undefined],
      [undefined, false, false, undefined, undefined],
      [80, false, true, table.rows[2]?.adjustedP, table.rows[2]?.residual],
      [90, false, true, table.rows[3]?.adjustedP, table.rows[3]?.residual],
    ],
  )
  assert.equal(table.fit, null)
  const shownCounts = (t: ReturnType<typeof reachOf>) => t.rows.map((r) => r.count ?? null)
  const published = {
    values: counts,
    hidden: table.rows.map((r) => r.count === undefined),
    relations: profileRelations(counts.length, 178, false),
  }
  const { candidates, shown } = await shownBeside(published, (values) => {
    const lookAlike = reachOf(values)
    if (JSON.stringify(shownCounts(lookAlike)) !== JSON.stringify(shownCounts(table))) return undefined
    return JSON.stringify({
      fit: lookAlike.fit,
      rows: lookAlike.rows.map((r) => [r.underHeard, r.overHeard, r.adjustedP, r.residual]),
    })
  })
  assert.ok(candidates > 1, `${candidates} tables look alike`)
  assert.equal(new Set(shown).size, 1)
})
