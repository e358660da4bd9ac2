import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createTestDatabase, testDatabaseKind } from '../src/testing/databases.js'
import { measureImport } from './import.js'

test('the import benchmark runs every phase in its own process and reports the import beside the raw COPYs around it', async () => {
  // A migrated database of this test's own on PostgreSQL; PGlite gets a folder inside the benchmark.
  const database = await createTestDatabase({ migrate: false })
  const lines: string[] = []
  try {
    const figures = await measureImport(
      testDatabaseKind,
      database.url ?? '',
      300,
      { importLimitBytes: 1024 * 1024, pgliteBuffersMb: 16 },
      (line) => lines.push(line),
    )
    assert.equal(figures.rows, 300)
    assert.ok(figures.importRate > 0 && figures.rawRates.every((rate) => rate > 0))
    // The baseline is the rows over the mean of the two raw times, which lies between the two rates.
    const [before, after] = figures.rawRates
    assert.ok(figures.rawRate >= Math.min(before, after) && figures.rawRate <= Math.max(before, after))
    assert.ok(figures.peakRssMb >= figures.idleRssMb && figures.idleRssMb > 0)
    const phases = lines.filter((line) => /^(prepare|raw|import): \{/.test(line)).map((l) => l.split(':')[0])
    assert.deepEqual(phases, ['prepare', 'raw', 'raw', 'import', 'raw'])
  } finally {
    await database.close()
  }
})
