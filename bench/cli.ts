import { Command, InvalidArgumentError, Option } from 'commander'
import { loadConfig } from '../src/app/config.js'
import { type BenchDatabaseChoice, benchDatabaseChoices } from './database.js'

// The benchmarks' own command line (`npm run bench`, `npm run bench:coding`), apart from the app's:
// the benchmarks depend on the app, never the reverse.

const exitCodes = { usage: 2 } as const

const print = (line: string) => process.stdout.write(`${line}\n`)

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number')
  return Number(value)
}

export function buildBenchCli(): Command {
  const program = new Command('heard-bench')
    .description("Heard's benchmarks: figures for the README, written to bench-results/.")
    .showHelpAfterError()

  program
    .command('run')
    .description(
      'run the benchmarks, or only those named, on PGlite and also on PostgreSQL when DATABASE_URL is set; results go to bench-results/latest.json',
    )
    .argument('[names...]', 'the benchmarks to run (all when none is named)')
    .addOption(
      new Option('--database <kind>', 'run on one database only, or on both')
        .choices(benchDatabaseChoices)
        .default('both'),
    )
    .action(async (names: string[], options: { database: BenchDatabaseChoice }) => {
      const { bench } = await import('./run.js')
      process.exitCode = await bench(names, loadConfig(), print, options.database)
    })

  program
    .command('staff-pages')
    .description(
      'time every staff page on a database that is kept: DATABASE_URL, or a PGlite data folder; the reference case is loaded only if it is not there yet',
    )
    .option('--responses <n>', 'responses to load if the reference case is not there yet', wholeNumber, 6650)
    .option('--data-dir <dir>', 'a PGlite data folder, when DATABASE_URL is not set')
    .action(async (options: { responses: number; dataDir?: string }) => {
      const config = loadConfig()
      if (!config.databaseUrl && !options.dataDir) {
        process.stderr.write('staff-pages needs DATABASE_URL or --data-dir: the database it keeps.\n')
        process.exitCode = exitCodes.usage
        return
      }
      const { timeStaffPagesOnKeptDatabase } = await import('./staff-pages.js')
      await timeStaffPagesOnKeptDatabase(
        {
          databaseUrl: config.databaseUrl,
          dataDir: options.dataDir ?? 'memory://',
          pgliteBuffersMb: config.pgliteBuffersMb,
          responses: options.responses,
        },
        print,
      )
    })

  program
    .command('coding')
    .description(
      'score auto-coding beside a plain baseline on labelled data and the demo, and time 100,000 comments; results go to bench-results/coding.json',
    )
    .option('--data <dir>', 'a folder of dataset folders, each with items.jsonl and codeframe.json')
    .option('--demo <n>', 'demo responses whose comments are scored (0 for none)', wholeNumber, 5000)
    .option(
      '--timing <n>',
      'demo comments for the timing: it trains on half and codes the other half',
      wholeNumber,
      100_000,
    )
    .action(async (options: { data?: string; demo: number; timing: number }) => {
      const { benchCoding, defaultDataDir, DatasetError } = await import('./coding.js')
      try {
        await benchCoding(
          {
            dataDir: options.data ?? defaultDataDir,
            demoResponses: options.demo,
            timingComments: options.timing,
          },
          print,
        )
      } catch (error) {
        if (!(error instanceof DatasetError)) throw error
        process.stderr.write(`${error.message}\n`)
        process.exitCode = exitCodes.usage
      }
    })

  return program
}

export async function main(argv: string[]): Promise<void> {
  await buildBenchCli().parseAsync(argv)
}
