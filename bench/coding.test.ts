import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { tinyCodedComments } from '../src/testing/tiny-coded-comments.js'
import { benchCoding, meanFigures, targetOf } from './coding.js'

describe('benchCoding', () => {
  it('scores the model beside the baseline per group and writes the figures', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'heard-bench-coding-'))
    await mkdir(path.join(root, 'tiny'))
    const lines = tinyCodedComments(90).map((c, i) =>
      JSON.stringify({ id: i, text: c.text, labels: c.themes, split: i % 5 === 0 ? 'test' : 'train' }),
    )
    await writeFile(path.join(root, 'tiny', 'items.jsonl'), lines.join('\n'))
    const resultsFile = path.join(root, 'coding.json')
    const printed: string[] = []
    const report = await benchCoding(
      { dataDir: root, demoResponses: 0, timingComments: 60, resultsFile },
      (l) => {
        printed.push(l)
      },
    )
    const [tiny] = report.datasets
    assert.equal(tiny?.dataset, 'tiny')
    assert.deepEqual(
      tiny?.groups.map((g) => [g.trainItems, g.testItems]),
      [[72, 18]],
    )
    assert.ok((tiny?.model.samplesF1 ?? 0) > 0.9)
    assert.equal(report.timing.comments, 60)
    assert.ok(printed.some((l) => l.startsWith('  baseline: samples-F1 ')))
    assert.ok(printed.some((l) => /95% paired bootstrap interval -?\d\.\d{3} to -?\d\.\d{3}/.test(l)))
    const difference = tiny?.groups[0]?.difference
    assert.ok(
      difference && difference.low <= difference.difference && difference.difference <= difference.high,
    )
    // 18 test items is too few to count: the target is not assessed rather than passed.
    assert.deepEqual(report.target, { minTestItems: 400, margin: 0.03, sets: 0, met: null })
    assert.equal(report.modelBeatsBaseline, (tiny?.model.samplesF1 ?? 0) > (tiny?.baseline.samplesF1 ?? 0))
    assert.deepEqual(JSON.parse(await readFile(resultsFile, 'utf8')), JSON.parse(JSON.stringify(report)))
  })
})

describe('the target', () => {
  it('is not met when nothing was scored, and needs every big set to meet it', () => {
    assert.equal(targetOf([]).met, null)
    assert.equal(targetOf([{ groups: [{ counts: false, meets: false }] }]).met, null)
    assert.equal(
      targetOf([
        {
          groups: [
            { counts: true, meets: true },
            { counts: false, meets: false },
          ],
        },
      ]).met,
      true,
    )
    assert.equal(
      targetOf([{ groups: [{ counts: true, meets: true }] }, { groups: [{ counts: true, meets: false }] }])
        .met,
      false,
    )
  })
})

describe('meanFigures', () => {
  it('averages the scores over groups and adds up the time', () => {
    const mean = meanFigures([
      { samplesF1: 0.5, microF1: 0.4, macroF1: 0.2, seconds: 1 },
      { samplesF1: 0.7, microF1: 0.6, macroF1: 0.4, seconds: 2 },
    ])
    assert.ok(Math.abs(mean.samplesF1 - 0.6) < 1e-12 && Math.abs(mean.macroF1 - 0.3) < 1e-12)
    assert.equal(mean.seconds, 3)
  })
})
