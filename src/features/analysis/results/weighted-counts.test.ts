import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type WeightingCellCount, weightCounts } from './weighted-counts.js'

const close = (actual: number | undefined, expected: number, tolerance = 1e-9) =>
  assert.ok(
    actual !== undefined && Math.abs(actual - expected) <= tolerance,
    `expected ${expected}, got ${actual}`,
  )

describe('weightCounts', () => {
  // The Census 2021 margins the service rakes to, summed over Leicester, Leicestershire and
  // Rutland from population/llr-census-2021.csv: TS007A residents aged 15 and over, whose youngest
  // band (15 to 24) is one target for the Under 18 and 18 to 24 answers, and TS009 sex totals.
  const age = {
    'under_18+18_24': 64444 + 83455 + 4611,
    '25_34': 54784 + 85196 + 4320,
    '35_44': 51935 + 86468 + 4557,
    '45_54': 44431 + 97593 + 5417,
    '55_64': 36744 + 94614 + 5604,
    '65_74': 25265 + 79443 + 5332,
    '75_plus': 18236 + 68636 + 5052,
  }
  const sex = { female: 186466 + 360620 + 19979, male: 182115 + 351738 + 21072 }
  // 45 respondents: 5 in each answer band but 10 aged 25 to 34, three women to two men in each.
  const bands = ['under_18', '18_24', '25_34', '35_44', '45_54', '55_64', '65_74', '75_plus']
  const cells: WeightingCellCount[] = bands.flatMap((band) => {
    const people = band === '25_34' ? 10 : 5
    return [
      { value: 'yes', grp: null, levels: [band, 'female'], n: (people * 3) / 5 },
      { value: 'yes', grp: null, levels: [band, 'male'], n: (people * 2) / 5 },
    ]
  })

  it('rakes the 16 to 17 and 18 to 24 answers together to the Census 15 to 24 band', () => {
    // Age and sex are independent in this sample, so raking ends after one round with each weight
    // the product of the two margins' ratios (worked by hand): with n = 45, the 15 to 24 target is
    // 152,510 / 926,137 × 45 = 7.4104 people for the 10 aged under 18 or 18 to 24, and women's is
    // 567,065 / 1,121,990 × 45 = 22.7434 for 27. A woman aged 16 or 17 weighs
    // (7.4104 / 10) × (22.7434 / 27) = 0.62421, as does one aged 18 to 24; both weighed 1 before.
    // The same fit written apart (fifty rounds of proportional fitting in Python) agrees to 1e-12.
    const { raking, counts } = weightCounts(cells, { age_band: age, sex })
    assert.equal(raking.converged, true)
    assert.equal(raking.unweightedCells, 0)
    assert.deepEqual(raking.emptyLevels, [])
    const weightOf = (band: string, s: string) => {
      const i = cells.findIndex((c) => c.levels[0] === band && c.levels[1] === s)
      return (counts[i]?.n ?? 0) / (cells[i]?.n ?? 1)
    }
    close(weightOf('under_18', 'female'), 0.6242063841673734)
    close(weightOf('18_24', 'female'), 0.6242063841673734)
    close(weightOf('under_18', 'male'), 0.9162646109372286)
    close(weightOf('18_24', 'male'), 0.9162646109372286)
    close(weightOf('25_34', 'female'), 0.5906037717877646)
    close(weightOf('75_plus', 'male'), 1.1045401363293397)
    // Every weight is the product of the margins' ratios, and the young share is the Census's.
    const ageTotal = Object.values(age).reduce((a, b) => a + b, 0)
    const sexTotal = sex.female + sex.male
    for (const [k, cell] of cells.entries()) {
      const [band = '', s = ''] = cell.levels as string[]
      const key = band === 'under_18' || band === '18_24' ? 'under_18+18_24' : band
      const inBand = band === 'under_18' || band === '18_24' || band === '25_34' ? 10 : 5
      const ageRatio = ((age[key as keyof typeof age] / ageTotal) * 45) / inBand
      const sexRatio = ((sex[s as keyof typeof sex] / sexTotal) * 45) / (s === 'female' ? 27 : 18)
      close((counts[k]?.n ?? 0) / cell.n, ageRatio * sexRatio)
    }
    const young = counts
      .filter((_, k) => ['under_18', '18_24'].includes(String(cells[k]?.levels[0])))
      .reduce((a, c) => a + c.n, 0)
    close(young / 45, age['under_18+18_24'] / ageTotal)
  })
})
