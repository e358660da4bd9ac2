import type { BenchConfig, Benchmark } from './benchmark.js'
import { type BenchDatabaseChoice, type BenchTarget, benchTargets, openBenchDatabase } from './database.js'
import { selectBenchmarks, unknownBenchmarksMessage } from './registry.js'
import { type BenchResult, buildResult, formatResult, resultsFile, writeResults } from './results.js'

const exitCodes = { ok: 0, failure: 1, usage: 2 } as const

/** `npm run bench -- [names...]`: runs them on each database, prints and saves the results, and gives the exit status. */
export async function bench(
  names: readonly string[],
  config: BenchConfig,
  print: (line: string) => void,
  database: BenchDatabaseChoice = 'both',
): Promise<number> {
  const selection = selectBenchmarks(names)
  if (!selection.ok) {
    process.stderr.write(`${unknownBenchmarksMessage(selection.unknown)}\n`)
    return exitCodes.usage
  }
  const targets = benchTargets(config.databaseUrl, database)
  if (!targets) {
    process.stderr.write('--database postgres needs DATABASE_URL: set it to a PostgreSQL server to run on.\n')
    return exitCodes.usage
  }
  const { results, failures } = await runBenchmarks(selection.selected, targets, config, print)
  await writeResults(results)
  print(`Results written to ${resultsFile}`)
  print(JSON.stringify(results, null, 2))
  if (failures.length > 0) {
    process.stderr.write(`${failures.length} benchmark run(s) failed: ${failures.join(', ')}\n`)
    return exitCodes.failure
  }
  return exitCodes.ok
}

async function runBenchmarks(
  selected: readonly Benchmark[],
  targets: readonly BenchTarget[],
  config: BenchConfig,
  print: (line: string) => void,
): Promise<{ results: BenchResult[]; failures: string[] }> {
  const results: BenchResult[] = []
  const failures: string[] = []
  for (const benchmark of selected) {
    for (const target of targets) {
      const label = `${benchmark.name} [${target.kind}]`
      print(`${label} starting: ${benchmark.description}`)
      // One failed run is reported and the rest still run, so one broken benchmark hides no others.
      try {
        const database = await openBenchDatabase(target)
        try {
          const measurement = await benchmark.run({
            database,
            config,
            progress: (line) => print(`${label} ${line}`),
          })
          const result = buildResult(benchmark, target.kind, measurement)
          results.push(result)
          print(formatResult(benchmark, result))
          for (const figure of measurement.further ?? []) {
            const further = buildResult(figure, target.kind, figure)
            results.push(further)
            print(formatResult({ targetIs: figure.targetIs, baseline: figure.baselineLabel }, further))
          }
        } finally {
          await database.close()
        }
      } catch (error) {
        failures.push(label)
        process.stderr.write(`${label} FAILED: ${error instanceof Error ? error.message : String(error)}\n`)
      }
    }
  }
  return { results, failures }
}
