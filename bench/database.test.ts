import assert from 'node:assert/strict'
import { test } from 'node:test'
import { benchTargets } from './database.js'

const server = 'postgres://postgres@127.0.0.1:5432/test'

test('benchmarks run on PGlite, and on PostgreSQL too when a server is configured', () => {
  assert.deepEqual(benchTargets(undefined), [{ kind: 'pglite' }])
  assert.deepEqual(benchTargets(server), [{ kind: 'pglite' }, { kind: 'postgres', serverUrl: server }])
})

test('--database keeps one database, and PostgreSQL without a server is refused', () => {
  assert.deepEqual(benchTargets(server, 'postgres'), [{ kind: 'postgres', serverUrl: server }])
  assert.deepEqual(benchTargets(server, 'pglite'), [{ kind: 'pglite' }])
  assert.deepEqual(benchTargets(undefined, 'pglite'), [{ kind: 'pglite' }])
  assert.equal(benchTargets(undefined, 'postgres'), undefined)
})
