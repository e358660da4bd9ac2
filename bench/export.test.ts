import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createTestDatabase, testDatabaseKind } from '../src/testing/databases.js'
import { measureExport } from './export.js'

test('the export benchmark runs every phase in its own process and reports both exports beside the raw COPYs around them', async () => {
  // A database of this test's own on PostgreSQL; PGlite gets a folder inside the benchmark.
  const database = await createTestDatabase({ migrate: false })
  const lines: string[] = []
  try {
    const figures = await measureExport(
      testDatabaseKind,
      database.url ?? '',
      300,
      { pgliteBuffersMb: 16 },
      (line) => lines.push(line),
    )
    assert.equal(figures.rows, 300)
    assert.ok(figures.csvSeconds > 0 && figures.xlsxSeconds > 0)
    const [before, after] = figures.rawRuns
    assert.equal(figures.rawSeconds, (before + after) / 2)
    assert.ok(figures.peakRssMb >= figures.idleRssMb && figures.idleRssMb > 0)
    const phases = lines
      .filter((line) => /^(prepare|raw|csv|xlsx): \{/.test(line))
      .map((l) => l.split(':')[0])
    assert.deepEqual(phases, ['prepare', 'raw', 'raw', 'csv', 'xlsx', 'raw'])
    // Each export wrote all 300 responses, or its process would have failed.
    const csv = JSON.parse(lines.find((l) => l.startsWith('csv: '))?.slice(5) ?? '{}')
    assert.ok(csv.bytes > 300 * 50)
  } finally {
    await database.close()
  }
})
