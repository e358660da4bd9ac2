import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { ageBandOptions, ethnicityOptions } from '../../../demo/reference-questionnaire.js'
import { shippedPopulation } from '../service.js'
import {
  basesOf,
  type PopulationExpectations,
  parsePopulationCsv,
  populationOf,
  residentsByArea,
} from './population-csv.js'

const small: PopulationExpectations = {
  areas: ['north', 'south'],
  categories: { age_band: ['young', 'old'], sex: ['female', 'male'], ethnicity: ['a', 'b'] },
}

const good = `area,dimension,category,count,base,source
north,age_band,young,40,aged_16_plus,Census TS007A
north,age_band,old,60,aged_16_plus,Census TS007A
north,sex,female,52,all_ages,Census TS008
north,sex,male,48,all_ages,Census TS008
north,ethnicity,a,70,all_ages,Census TS021
north,ethnicity,b,30,all_ages,Census TS021
south,age_band,young,10,aged_16_plus,Census TS007A
south,age_band,old,10,aged_16_plus,Census TS007A
south,sex,female,10,all_ages,Census TS008
south,sex,male,10,all_ages,Census TS008
south,ethnicity,a,5,all_ages,Census TS021
south,ethnicity,b,15,all_ages,"Census TS021 | read from a copy"
`

test('a complete table is read into counts by area, dimension and category', () => {
  const parsed = parsePopulationCsv(good, small)
  assert.ok(parsed.ok)
  assert.deepEqual(
    [...populationOf(parsed.table, ['north', 'south'], 'ethnicity')],
    [
      ['a', 75],
      ['b', 45],
    ],
  )
  assert.deepEqual(
    [...residentsByArea(parsed.table, ['north', 'south'])],
    [
      ['north', 100],
      ['south', 20],
    ],
  )
  assert.equal(parsed.table.rows[11]?.source, 'Census TS021 | read from a copy')
  assert.deepEqual(basesOf(parsed.table, 'ethnicity'), { bases: ['all_ages'], tables: ['Census TS021'] })
})

test('bad rows are refused with their line and reason, and a missing area with what is missing', () => {
  const bad = good
    .replace('north,sex,male,48', 'north,sex,male,-3')
    .replace('north,age_band,old,60', 'north,age_band,old,sixty')
    .replace('north,ethnicity,b,30', 'north,ethnicity,martian,30')
    .replace('south,age_band,young,10,aged_16_plus,Census TS007A', 'south,age_band,young,10,aged_16_plus,')
    .replace('north,age_band,young,40', 'east,age_band,young,40')
  const parsed = parsePopulationCsv(bad, small)
  assert.equal(parsed.ok, false)
  if (parsed.ok) return
  const byRow = new Map(parsed.problems.filter((p) => p.row > 0).map((p) => [p.row, p.reason]))
  assert.equal(byRow.get(2), "'east' is not an area the questionnaire offers")
  assert.equal(byRow.get(3), "The count 'sixty' is not a number")
  assert.equal(byRow.get(5), "The count '-3' is negative")
  assert.equal(byRow.get(7), "'martian' is not an answer the questionnaire offers for ethnicity")
  assert.equal(byRow.get(8), 'Name the source of the figure')
  assert.ok(parsed.problems.some((p) => p.row === 0 && p.reason === 'There is no count for north, sex, male'))

  const withoutSouth = good
    .split('\n')
    .filter((line) => !line.startsWith('south'))
    .join('\n')
  const missing = parsePopulationCsv(withoutSouth, small)
  assert.equal(missing.ok, false)
  if (!missing.ok) assert.equal(missing.problems.filter((p) => p.reason.includes('for south')).length, 6)
})

test('a wrong header, a repeated row or an unreadable file is refused', () => {
  const header = parsePopulationCsv(good.replace('count', 'people'), small)
  assert.deepEqual(header.ok ? [] : header.problems, [
    { row: 1, reason: 'The first line must be: area,dimension,category,count,base,source' },
  ])
  const repeated = parsePopulationCsv(`${good}north,sex,male,1,all_ages,x\n`, small)
  assert.deepEqual(repeated.ok ? [] : repeated.problems, [
    { row: 14, reason: 'north already has a count for male' },
  ])
  const broken = parsePopulationCsv('area,dimension,category,count,base,source\n"north,sex', small)
  assert.equal(broken.ok, false)
  const decimal = parsePopulationCsv(good.replace('north,sex,male,48', 'north,sex,male,48.5'), small)
  assert.deepEqual(decimal.ok ? undefined : decimal.problems[0], {
    row: 5,
    reason: "The count '48.5' is not a whole number",
  })
})

test('the shipped Leicester, Leicestershire and Rutland table matches the reference questionnaire and names its sources', () => {
  const withoutPreferNot = (options: [string, ...string[]][]) => options.map(([value]) => value)
  const parsed = parsePopulationCsv(readFileSync(shippedPopulation, 'utf8'), {
    areas: ['leicester', 'leicestershire', 'rutland'],
    categories: {
      age_band: withoutPreferNot(ageBandOptions),
      sex: ['female', 'male'],
      ethnicity: withoutPreferNot(ethnicityOptions),
    },
  })
  assert.ok(parsed.ok)
  // Residents aged 15 and over by TS007A's bands: all residents less those aged 0 to 14.
  const residents = residentsByArea(parsed.table, ['leicester', 'leicestershire', 'rutland'])
  assert.deepEqual([...residents.values()], [368_571 - 72_732, 712_367 - 116_962, 41_047 - 6_154])
  assert.ok(
    parsed.table.rows.every((r) =>
      /^ONS Census 2021 TS0(07A|09|21) .* \| .* (VERIFIED|DERIVED) \| /.test(r.source),
    ),
  )
  // Leicester's Asian and White shares as the README checks them: 43.40% and 40.88% of TS021's total.
  const leicester = populationOf(parsed.table, ['leicester'], 'ethnicity')
  const total = [...leicester.values()].reduce((a, b) => a + b, 0)
  assert.equal(total, 368_571)
  const share = (prefix: string) =>
    [...leicester].filter(([k]) => k.startsWith(prefix)).reduce((a, [, n]) => a + n, 0) / total
  assert.equal((100 * share('asian_')).toFixed(2), '43.40')
  assert.equal((100 * share('white_')).toFixed(2), '40.88')
  assert.deepEqual(basesOf(parsed.table, 'age_band').bases, ['aged_15_plus'])
  assert.deepEqual(basesOf(parsed.table, 'sex').bases, ['all_ages'])
  assert.deepEqual(basesOf(parsed.table, 'ethnicity').bases, ['all_ages'])
})

test('a count may cover several options the Census does not split, each option once; NOT CONFIRMED is refused', () => {
  const joined = good
    .replace('north,age_band,young,40,aged_16_plus,Census TS007A\n', '')
    .replace('north,age_band,old,60', 'north,age_band,young+old,100')
  const parsed = parsePopulationCsv(joined, small)
  assert.ok(parsed.ok)
  assert.deepEqual([...populationOf(parsed.table, ['north'], 'age_band')], [['young+old', 100]])
  const twice = parsePopulationCsv(`${joined}north,age_band,old,1,aged_16_plus,x\n`, small)
  assert.deepEqual(twice.ok ? [] : twice.problems, [{ row: 13, reason: 'north already has a count for old' }])
  const unconfirmed = parsePopulationCsv(
    good.replace('Census TS008\n', 'Census TS008; NOT CONFIRMED\n'),
    small,
  )
  assert.equal(unconfirmed.ok, false)
  const base = parsePopulationCsv(
    good.replace('north,sex,female,52,all_ages', 'north,sex,female,52,adults'),
    small,
  )
  assert.deepEqual(base.ok ? undefined : base.problems[0]?.row, 4)
})
