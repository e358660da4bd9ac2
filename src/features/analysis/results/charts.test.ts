import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { agreementChart, chartFor, choiceChart } from './charts.js'
import { buildCrosstab } from './crosstab.js'

const scale = [
  { value: 'strongly_agree', label: 'Strongly agree' },
  { value: 'agree', label: 'Agree' },
  { value: 'neither', label: 'Neither agree nor disagree' },
  { value: 'disagree', label: 'Disagree' },
  { value: 'strongly_disagree', label: 'Strongly disagree' },
]

const agreement = buildCrosstab(
  {
    rows: scale,
    columns: [
      { value: 'carer', label: 'Carers & family' },
      { value: 'public', label: 'Public' },
    ],
    counts: [
      [10, 40],
      [20, 30],
      [10, 10],
      [30, 10],
      [30, 10],
    ],
    columnBases: [100, 100],
    notAnswered: [0, 0],
    multiple: false,
  },
  5,
)

describe('agreementChart', () => {
  const chart = agreementChart('p1', 'Proposal 1', agreement, 'hidden (small number)')

  it('is an image with a title and a description that says every figure', () => {
    assert.match(chart.svg, /^<svg [^>]*role="img"[^>]*aria-labelledby="p1-title p1-desc"/)
    assert.match(chart.svg, /<title id="p1-title">Proposal 1<\/title>/)
    assert.equal(
      chart.description.split('. ')[0],
      'Carers &amp; family: Strongly disagree 30%, Disagree 30%, Neither agree nor disagree 10%, Agree 20%, Strongly agree 10%'.replace(
        '&amp;',
        '&',
      ),
    )
    assert.match(chart.svg, /Carers &#38; family/, 'text is escaped')
  })

  it('draws disagreement left of the centre line and agreement right of it', () => {
    const rects = [...chart.svg.matchAll(/<rect x="([\d.]+)" y="10" width="([\d.]+)"/g)].map((m) => ({
      x: Number(m[1]),
      w: Number(m[2]),
    }))
    // Plot 440 wide from x = 180, centre 400. The widest side is carers' disagreement, 5 + 30 + 30
    // = 65 points, rounded up to 75, so a point is 220 / 75 px: disagree sits next to the centre,
    // strongly disagree outside it, neither is centred, agree starts where neither ends.
    const px = 220 / 75
    assert.equal(rects.length, 5)
    const [n, d, sd, a, sa] = rects
    const near = (actual: number | undefined, expected: number) =>
      assert.ok(actual !== undefined && Math.abs(actual - expected) < 0.06, `${actual} ≠ ${expected}`)
    near(n?.x, 400 - 5 * px)
    near(d?.x, 400 - 35 * px)
    near(sd?.x, 400 - 65 * px)
    near(a?.x, 400 + 5 * px)
    near(sa?.x, 400 + 25 * px)
  })
})

describe('choiceChart', () => {
  it('draws one bar per answer and says a hidden one is hidden', () => {
    const table = buildCrosstab(
      {
        rows: [
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No' },
          { value: 'maybe', label: 'Maybe' },
        ],
        columns: [{ value: '', label: '' }],
        counts: [[60], [36], [4]],
        columnBases: [100],
        notAnswered: [0],
        multiple: false,
      },
      5,
    )
    const chart = choiceChart('q', 'A question', table, 'hidden (small number)')
    assert.match(chart.description, /Yes: 60%\./)
    assert.match(chart.description, /Maybe: hidden \(small number\)\./)
    // 36 is hidden too, so 4 cannot be worked out from the base of 100.
    assert.match(chart.description, /No: hidden/)
    assert.equal([...chart.svg.matchAll(/<rect /g)].length, 1)
    assert.equal(chartFor('q', 'A question', table, 'hidden').description.startsWith('Yes'), true)
  })
})
