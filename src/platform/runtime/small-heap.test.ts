import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createSmallHeap } from './small-heap.js'

test('the small heap is set by the first holder and cleared only when the last lets go', () => {
  const set: string[] = []
  const hold = createSmallHeap((flags) => set.push(flags))
  const first = hold()
  const second = hold()
  assert.deepEqual(set, ['--optimize-for-size'])
  first()
  first()
  assert.deepEqual(set, ['--optimize-for-size'])
  second()
  assert.deepEqual(set, ['--optimize-for-size', '--no-optimize-for-size'])
  hold()
  assert.deepEqual(set, ['--optimize-for-size', '--no-optimize-for-size', '--optimize-for-size'])
})
