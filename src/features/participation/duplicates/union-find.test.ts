import assert from 'node:assert/strict'
import { test } from 'node:test'
import { UnionFind } from './union-find.js'

test('responses linked in any order, to any member of a group, end in one group', () => {
  const sets = new UnionFind(6)
  sets.union(0, 1)
  sets.union(2, 0)
  sets.union(4, 5)
  sets.union(5, 1)
  assert.deepEqual(sets.groups(), [[0, 1, 2, 4, 5]])
})
