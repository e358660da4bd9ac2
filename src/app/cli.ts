import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { open, readFile, rm, writeFile } from 'node:fs/promises'
import { Command, InvalidArgumentError, Option } from 'commander'
import { referenceSlug } from '../demo/reference-consultation.js'
import { defaultDemoResponses } from '../demo/reference-questionnaire.js'
import { editions, exportFormats, formats } from '../features/reports/index.js'
import { generatePassword } from '../platform/auth/passwords.js'
import { roles } from '../platform/auth/roles.js'
import { BackupError } from '../platform/db/backup-error.js'
import { FolderInUseError } from '../platform/db/folder-lock.js'
import type { Role } from '../platform/db/schema.js'
import { ConflictError, NotFoundError } from '../platform/errors.js'
import { createLogger } from '../platform/logging/logger.js'
import { ConfigError, configVariables, loadConfig } from './config.js'
import type { Runtime } from './runtime.js'

const exitCodes = { failure: 1, usage: 2 } as const

/** A failure the command explains in one line, such as a file it cannot write. */
class CommandError extends Error {}

const print = (line: string) => process.stdout.write(`${line}\n`)

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number')
  return Number(value)
}

/** A one-line progress display that redraws in place on a terminal and prints every tenth otherwise. */
function progress(label: string) {
  let lastTenth = -1
  return (done: number, total: number) => {
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100)
    if (process.stdout.isTTY) {
      process.stdout.write(
        `\r${label}: ${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} (${percent}%)`,
      )
      if (done === total) process.stdout.write('\n')
    } else if (Math.floor(percent / 10) > lastTenth) {
      lastTenth = Math.floor(percent / 10)
      print(`${label}: ${done} of ${total} (${percent}%)`)
    }
  }
}

/** The runtime for a one-off command: its log goes to standard error, keeping standard output for data. */
async function openTool(): Promise<Runtime> {
  const config = loadConfig()
  // The app is loaded only by the command that runs it, so `--help` and a mistyped command answer at once.
  const { openRuntime } = await import('./runtime.js')
  return openRuntime(config, { logger: createLogger(config.logLevel, process.stderr) })
}

function untilSignal(stop: () => Promise<void>) {
  let stopping = false
  const shutdown = async () => {
    if (stopping) return
    stopping = true
    await stop()
    process.exit(0)
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

export function buildCli(): Command {
  const program = new Command('heard')
    .description('Heard: run a public consultation from launch to decision, and keep the evidence.')
    .addHelpText(
      'after',
      `\nConfiguration comes from environment variables: ${configVariables.join(', ')}.\nSee docs/operating/configuration.md for what each one does.`,
    )
    .showHelpAfterError()

  program
    .command('serve')
    .description('migrate the database, load the demo into an empty one, and serve the web application')
    .action(async () => {
      const { serve } = await import('./server.js')
      const stop = await serve(loadConfig(), print)
      untilSignal(stop)
    })

  program
    .command('worker')
    .description(
      'run background jobs in this process (needs DATABASE_URL; start web processes with HEARD_JOBS=off)',
    )
    .action(async () => {
      const { work } = await import('./worker.js')
      const stop = await work(loadConfig())
      untilSignal(stop)
    })

  program
    .command('migrate')
    .description('bring the database schema up to date (also done by serve at start)')
    .action(async () => {
      // Opening the runtime migrates; this reports what it did.
      const runtime = await openTool()
      const { migrated } = runtime
      print(migrated.length ? `Applied ${migrated.join(', ')}.` : 'The database is up to date.')
      await runtime.close()
    })

  program
    .command('backup')
    .description(
      'write the whole database to a file: pg_dump custom format on PostgreSQL, a dump of the data folder on PGlite (stop the server first)',
    )
    .requiredOption('--out <file>', 'the file to write')
    .action(async (options: { out: string }) => {
      const config = loadConfig()
      const { backUp } = await import('../platform/db/backup.js')
      await backUp({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, options.out)
      print(`Wrote a backup of the database to ${options.out}.`)
    })

  program
    .command('restore')
    .description('restore a file written by `heard backup` into an empty database or data folder')
    .argument('<file>', 'the backup to restore')
    .action(async (file: string) => {
      const config = loadConfig()
      const { restore } = await import('../platform/db/backup.js')
      await restore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, file)
      print(`Restored ${file}. Start Heard to bring its schema up to date if the backup is older.`)
    })

  const users = program.command('users').description('manage staff accounts')
  users
    .command('create')
    .description('create a staff account and print its generated password once')
    .requiredOption('--email <email>', 'the email address they sign in with')
    .requiredOption('--name <name>', 'their name, as shown to colleagues')
    .addOption(
      new Option('--role <role...>', 'one or more roles').choices(roles as string[]).makeOptionMandatory(),
    )
    .option(
      '--organisation <name>',
      'the organisation they work for (a partner collector sees only its entries)',
    )
    .action(async (options: { email: string; name: string; role: string[]; organisation?: string }) => {
      const runtime = await openTool()
      try {
        // Found first, so that a misspelt organisation leaves no account behind.
        const organisation = options.organisation
          ? await runtime.services.partners.organisationNamed(options.organisation)
          : undefined
        const password = generatePassword()
        await runtime.services.users.createUser({
          email: options.email,
          displayName: options.name,
          password,
          roles: options.role as Role[],
          organisationId: organisation?.id,
        })
        print(`Created ${options.email} (${options.role.join(', ')}).`)
        print(`Password: ${password}`)
        print('This password is shown only now.')
      } finally {
        await runtime.close()
      }
    })

  const demo = program.command('demo').description('the demonstration consultation')
  demo
    .command('load')
    .description(
      'load the reference consultation with synthetic responses and their known truth, and a small open consultation',
    )
    .option(
      '--responses <n>',
      'how many responses to the reference consultation',
      wholeNumber,
      defaultDemoResponses,
    )
    .option('--seed <s>', 'the random seed: the same seed gives the same data', wholeNumber, 1)
    .action(async (options: { responses: number; seed: number }) => {
      const runtime = await openTool()
      try {
        const started = Date.now()
        const { reference } = await runtime.services.demo.loadStartupDemo({
          responses: options.responses,
          seed: options.seed,
          onProgress: progress('Responses'),
        })
        const seconds = (Date.now() - started) / 1000
        print(
          `Loaded the demo consultations: ${reference.responses} responses to the reference case in ${seconds.toFixed(1)} s.`,
        )
      } finally {
        await runtime.close()
      }
    })

  program
    .command('population')
    .description('reference population tables for reach')
    .command('check')
    .description(
      "check a population CSV against a consultation's questionnaire, listing every problem by line",
    )
    .argument('<file>', 'the CSV: area,dimension,category,count,base,source')
    .option('--consultation <slug>', 'the consultation to check against', referenceSlug)
    .action(async (file: string, options: { consultation: string }) => {
      const runtime = await openTool()
      try {
        const consultation = await runtime.services.consultations.getBySlug(options.consultation)
        const checked = await runtime.services.participation.checkPopulation(
          consultation.id,
          await readFile(file, 'utf8'),
        )
        if (checked.ok) print(`${file} is a complete population table: ${checked.table.rows.length} counts.`)
        else {
          for (const p of checked.problems)
            process.stderr.write(`${p.row > 0 ? `Line ${p.row}: ` : ''}${p.reason}\n`)
          process.exitCode = exitCodes.failure
        }
      } finally {
        await runtime.close()
      }
    })

  demo
    .command('export-truth')
    .description(
      'write the known truth behind the reference consultation as JSON lines (gold labels, duplicates, campaign)',
    )
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (options: { out?: string }) => {
      const runtime = await openTool()
      const output = options.out ? createWriteStream(options.out) : process.stdout
      try {
        const count = await runtime.services.demo.exportTruth(async (line) => {
          // Waits when the output is behind, so a million lines never sit in memory.
          if (!output.write(`${line}\n`)) await once(output, 'drain')
        })
        if (options.out) {
          output.end()
          await once(output, 'finish')
          print(`Wrote ${count} lines to ${options.out}.`)
        }
      } finally {
        await runtime.close()
      }
    })

  program
    .command('export')
    .description('write data out of Heard')
    .command('responses')
    .description(
      'write every response to a consultation to a file, streamed: CSV, XLSX (with a README sheet) or JSON lines',
    )
    .requiredOption('--consultation <slug>', "the consultation's address")
    .addOption(
      new Option('--format <format>', 'the file format').choices(exportFormats).makeOptionMandatory(),
    )
    .requiredOption('--out <file>', 'the file to write')
    .option('--open-data', 'for publishing: no free text, postcodes, contact details or staff notes')
    .option('--with-contacts', "include respondents' contact details (not with --open-data)")
    // One line saying what is wrong, not the whole help, for scripts that log their errors.
    .showHelpAfterError(false)
    .action(
      async (options: {
        consultation: string
        format: (typeof exportFormats)[number]
        out: string
        openData?: boolean
        withContacts?: boolean
      }) => {
        if (options.openData && options.withContacts)
          throw new CommandError('--with-contacts cannot be used with --open-data.')
        const runtime = await openTool()
        try {
          const consultation = await runtime.services.consultations
            .getBySlug(options.consultation)
            .catch((error: unknown) => {
              if (error instanceof NotFoundError)
                throw new NotFoundError(`No consultation has the address "${options.consultation}".`)
              throw error
            })
          const prepared = await runtime.services.exports.prepareResponseExport({
            consultation,
            format: options.format,
            variant: options.openData ? 'open-data' : 'analysis',
            withContacts: options.withContacts === true,
            actor: { userId: null, label: 'heard export responses' },
          })
          const file = await open(options.out, 'w').catch((error: NodeJS.ErrnoException) => {
            throw new CommandError(`Cannot write to ${options.out}: ${error.code ?? error.message}.`)
          })
          const written = await prepared.writeTo(file.createWriteStream()).catch(async (error: unknown) => {
            // A half-written export must not pass for a whole one.
            await rm(options.out, { force: true })
            throw error
          })
          print(`Wrote ${written} responses to ${options.out}.`)
        } finally {
          await runtime.close()
        }
      },
    )

  program
    .command('report')
    .description("a consultation's Report of Findings")
    .command('build')
    .description('build an edition of the newest approved version of a report, in one format')
    .requiredOption('--consultation <slug>', "the consultation's address, as in /consultations/SLUG")
    .addOption(new Option('--edition <edition>', 'which edition').choices(editions).makeOptionMandatory())
    .addOption(new Option('--format <format>', 'which format').choices(formats).makeOptionMandatory())
    .requiredOption('--out <file>', 'the file to write')
    .action(
      async (options: {
        consultation: string
        edition: (typeof editions)[number]
        format: (typeof formats)[number]
        out: string
      }) => {
        const runtime = await openTool()
        try {
          const { body, snapshot } = await runtime.services.reports.buildBySlug(
            options.consultation,
            options.edition,
            options.format,
          )
          await writeFile(options.out, body)
          print(
            `Wrote the ${options.edition} edition of version ${snapshot.version} as ${options.format} to ${options.out} (${body.length.toLocaleString('en-GB')} bytes).`,
          )
        } finally {
          await runtime.close()
        }
      },
    )
  const audit = program.command('audit').description('the hash-chained audit log')
  audit
    .command('verify')
    .description('recompute every hash in the audit log; exits non-zero naming the first broken entry')
    .action(async () => {
      const runtime = await openTool()
      try {
        const check = await runtime.services.audit.verify()
        if (check.brokenAtSeq === undefined) {
          print(`The audit log holds: ${check.checked} entries checked.`)
          print(`Latest hash: ${check.headHash}`)
        } else {
          const why =
            check.brokenBecause === 'link'
              ? 'it does not point to the hash of the entry before it'
              : 'its hash does not match what it records'
          process.stderr.write(
            `The audit log is broken at entry ${check.brokenAtSeq}: ${why}. The ${check.checked} entries before it hold.\n`,
          )
          process.exitCode = exitCodes.failure
        }
      } finally {
        await runtime.close()
      }
    })
  audit
    .command('export')
    .description("write the audit log as JSON lines with the chain's hashes, for anyone to verify")
    .option('--consultation <slug>', "only this consultation's entries")
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (options: { consultation?: string; out?: string }) => {
      const runtime = await openTool()
      const output = options.out ? createWriteStream(options.out) : process.stdout
      try {
        const consultationId = options.consultation
          ? (await runtime.services.consultations.getBySlug(options.consultation)).id
          : undefined
        const count = await runtime.services.audit.exportEntries({ consultationId }, async (line) => {
          if (!output.write(`${line}\n`)) await once(output, 'drain')
        })
        if (options.out) {
          output.end()
          await once(output, 'finish')
          print(`Wrote ${count} entries to ${options.out}.`)
        }
      } finally {
        await runtime.close()
      }
    })

  program
    .command('evidence-pack')
    .description(
      "build a consultation's evidence pack: each legal test mapped to its dated records, gaps shown, with a manifest of hashes",
    )
    .requiredOption('--consultation <slug>', 'the consultation')
    .requiredOption('--out <file>', 'the zip file to write')
    .action(async (options: { consultation: string; out: string }) => {
      const runtime = await openTool()
      try {
        const consultation = await runtime.services.consultations.getBySlug(options.consultation)
        const built = await runtime.services.evidencePacks
          .writePack(consultation.id, createWriteStream(options.out))
          .catch(async (error: unknown) => {
            // Half a pack is worse than none: it would fail its own manifest.
            await rm(options.out, { force: true })
            throw error
          })
        print(`Wrote ${options.out}: ${built.files.length + 1} files, ${built.bytes} bytes.`)
        print(`SHA-256 of the zip: ${built.sha256} (recorded in the audit log)`)
      } finally {
        await runtime.close()
      }
    })

  return program
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv)
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`)
      process.exit(exitCodes.usage)
    }
    if (
      error instanceof ConflictError ||
      error instanceof NotFoundError ||
      error instanceof FolderInUseError ||
      error instanceof BackupError ||
      error instanceof CommandError
    ) {
      process.stderr.write(`${error.message}\n`)
      process.exit(exitCodes.failure)
    }
    throw error
  }
}
