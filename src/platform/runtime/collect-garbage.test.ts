import assert from 'node:assert/strict'
import { test } from 'node:test'
import { setImmediate } from 'node:timers/promises'
import vm from 'node:vm'
import { collectGarbage } from './collect-garbage.js'

test('a full collection frees what nothing refers to, without exposing gc to other code', async () => {
  let held: object[] | undefined = Array.from({ length: 1000 }, (_, i) => ({ i }))
  const weak = new WeakRef(held)
  held = undefined
  // A WeakRef keeps its target alive until the current job ends.
  await setImmediate()
  collectGarbage()
  assert.equal(weak.deref(), undefined)
  assert.equal(vm.runInNewContext('typeof gc'), 'undefined')
  assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined')
})
