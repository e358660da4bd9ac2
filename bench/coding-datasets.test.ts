import assert from 'node:assert/strict'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { DatasetError, demoGroup, groupItems, parseItems, readDatasets } from './coding-datasets.js'

const line = (item: object) => JSON.stringify(item)

describe('parseItems', () => {
  it('reads labelled items, a missing group being the whole folder', () => {
    const items = parseItems(
      [
        line({ id: 'a', text: 'Bus', labels: ['T'], split: 'train', group: 'q1' }),
        '',
        line({ id: 2, text: 'Staff', labels: [], split: 'test' }),
      ].join('\n'),
      'items.jsonl',
    )
    assert.deepEqual(items, [
      { id: 'a', text: 'Bus', labels: ['T'], split: 'train', group: 'q1' },
      { id: '2', text: 'Staff', labels: [], split: 'test', group: '' },
    ])
  })

  it('names the line that is not a labelled item', () => {
    assert.throws(() => parseItems('{', 'x.jsonl'), new DatasetError('x.jsonl line 1 is not JSON'))
    assert.throws(
      () => parseItems(line({ text: 'a', labels: 'T', split: 'train' }), 'x.jsonl'),
      new DatasetError('x.jsonl line 1 needs a text and a list of labels'),
    )
    assert.throws(
      () => parseItems(line({ text: 'a', labels: [], split: 'dev' }), 'x.jsonl'),
      new DatasetError('x.jsonl line 1 has split dev; expected train or test'),
    )
  })
})

describe('groupItems and readDatasets', () => {
  it('splits items by group into train and test', () => {
    const groups = groupItems(
      'd',
      parseItems(
        [
          line({ text: 'a', labels: [], split: 'train', group: 'q2' }),
          line({ text: 'b', labels: [], split: 'test', group: 'q1' }),
          line({ text: 'c', labels: [], split: 'train', group: 'q1' }),
        ].join('\n'),
        'x',
      ),
    )
    assert.deepEqual(
      groups.map((g) => [g.group, g.train.length, g.test.length]),
      [
        ['q1', 1, 1],
        ['q2', 1, 0],
      ],
    )
  })

  it('reads every folder holding items.jsonl and reports a missing folder clearly', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'heard-coding-'))
    await mkdir(path.join(root, 'one'))
    await mkdir(path.join(root, 'not-a-dataset'))
    await writeFile(path.join(root, 'one', 'items.jsonl'), line({ text: 'a', labels: ['T'], split: 'train' }))
    const datasets = await readDatasets(root)
    assert.deepEqual(
      datasets.map((d) => d.name),
      ['one'],
    )
    await assert.rejects(readDatasets(path.join(root, 'missing')), DatasetError)
  })
})

describe('demoGroup', () => {
  it("labels the demo's comments with their planted themes, a quarter for training", () => {
    const group = demoGroup(40)
    assert.ok(group.train.length > 0 && group.test.length > group.train.length)
    assert.ok([...group.train, ...group.test].every((item) => item.labels.length > 0 && item.text.length > 0))
  })
})
