import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createTestDatabase } from '../src/testing/databases.js'
import { measureWorkspace } from './coding-workspace.js'

test('the workspace benchmark loads comments, codes a fifth and times every filter, a deep page and a comment', async () => {
  const database = await createTestDatabase()
  try {
    const measured = await measureWorkspace(database, 150, () => {})
    assert.ok(measured.comments > 150, 'more than one comment a response')
    const coded = await database.db
      .selectFrom('codings')
      .select(({ fn }) => fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    const share = Number(coded.n) / measured.comments
    assert.ok(share > 0.1 && share < 0.3, `about a fifth coded, not ${share}`)
    assert.deepEqual(Object.keys(measured.timings), [
      'list, no filter',
      'list, a page half way down',
      'list, by question',
      'list, by theme',
      'list, by sentiment',
      'list, by channel',
      'list, uncoded',
      'list, uncoded by theme (none match)',
      'comment page',
    ])
    assert.equal(measured.value, Math.max(...Object.values(measured.timings)))
    assert.ok(measured.baseline > 0)
  } finally {
    await database.close()
  }
})
