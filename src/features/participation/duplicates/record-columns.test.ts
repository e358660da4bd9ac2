import assert from 'node:assert/strict'
import { test } from 'node:test'
import { compareNames, normaliseName, type PersonName } from '../../../platform/identity/normalise.js'
import { type LinkRecord, levels } from './linkage.js'
import { nameLevel, smallestSharedBlock, toColumns } from './record-columns.js'

const record = (fields: Partial<LinkRecord>): LinkRecord => ({
  email: null,
  phone: null,
  name: null,
  postcode: null,
  answerBlocks: [],
  campaign: null,
  profile: [],
  ...fields,
})

test('names compared from columns agree with compareNames, every two of them', () => {
  const written = [
    'Anne Pickering',
    'Pickering, Anne',
    'A Pickering',
    'Mrs P Kaur',
    'PJ Kaur',
    'Bob Smith',
    'Robert Smith',
    'R Smith',
    'Smith',
    'Jo Smith',
  ]
  const names = written.map((w) => normaliseName(w) as PersonName)
  const columns = toColumns(names.map((name) => record({ name })))
  for (let a = 0; a < names.length; a++)
    for (let b = 0; b < names.length; b++)
      assert.equal(
        levels.name[nameLevel(columns, a, b)],
        compareNames(names[a] as PersonName, names[b] as PersonName),
        `${written[a]} and ${written[b]}`,
      )
  assert.equal(nameLevel(toColumns([record({}), record({ name: names[0] })]), 0, 1), -1)
})

test('the smallest answer block two records share, by its key', () => {
  const columns = toColumns([
    record({
      answerBlocks: [
        { key: '-9100000000000000001', size: 300 },
        { key: '42', size: 2 },
      ],
    }),
    record({
      answerBlocks: [
        { key: '42', size: 2 },
        { key: '-9100000000000000001', size: 300 },
      ],
    }),
    record({ answerBlocks: [{ key: '43', size: 2 }] }),
  ])
  assert.equal(smallestSharedBlock(columns, 0, 1), 2)
  assert.equal(smallestSharedBlock(columns, 0, 2), Number.POSITIVE_INFINITY)
})
