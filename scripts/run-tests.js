// Finds the *.test.ts files beside the code and runs them with node's test runner, transpiled to
// JavaScript first (scripts/test-build.js: loading through tsx cost each file's process about
// twice the CPU). Some tests read what the build makes (the stylesheet, the compiled import
// benchmark child), so dist/ is built first when it is missing or stale.
// The files run in worker processes, one per core, each taking the next file when it finishes one
// (scripts/test-worker.js): a process per file spent more of CI's time loading the app than some
// files spent testing it. Files marked `heard-test: slow` are handed out first, so that no worker
// is left with a long one at the end.
// With DATABASE_URL set, only the files that get a database from src/testing/databases.ts run:
// the others (pure logic, and PGlite-only ones such as the CLI's) do the same on either database
// and ran in the PGlite run. `--all` runs them too.
// Browser tests (*.browser.test.ts) run only with --browser, as they need Chromium. They run in
// two processes, each taking its share of the files one after another (scripts/browser-suite.js).
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ensureBuilt } from './build-state.js'
import { buildTests } from './test-build.js'

const browser = process.argv.includes('--browser')
const all = process.argv.includes('--all')
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const env = { LOG_LEVEL: 'silent', ...process.env }
const browserProcesses = 2

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return find(full)
    return entry.name.endsWith('.test.ts') ? [full] : []
  })
}

/** Runs the files in one process and resolves with its exit code, printing its report when it ends. */
function runBrowserFiles(files) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test-reporter=spec', 'scripts/browser-suite.js', ...files],
      { stdio: ['ignore', 'pipe', 'pipe'], env },
    )
    // Whole reports, not interleaved lines: each names its suites and tests in order.
    const output = []
    child.stdout.on('data', (chunk) => output.push(chunk))
    child.stderr.on('data', (chunk) => output.push(chunk))
    child.on('close', (code) => {
      process.stdout.write(Buffer.concat(output))
      resolve(code ?? 1)
    })
  })
}

const files = ['src', 'bench']
  .flatMap(find)
  .filter((f) => f.endsWith('.browser.test.ts') === browser)
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()

if (files.length === 0) {
  console.error('No test files found.')
  process.exit(1)
}

ensureBuilt()

if (browser) {
  const shares = Array.from({ length: Math.min(browserProcesses, files.length) }, (_, i) =>
    files.filter((_, j) => j % browserProcesses === i),
  )
  const codes = await Promise.all(shares.map(runBrowserFiles))
  process.exit(codes.every((code) => code === 0) ? 0 : 1)
}

const databaseModule = path.resolve('src/testing/databases.ts')
const reaches = new Map()

/** Whether a source file imports, directly or through others, the test databases module. */
function reachesDatabase(file) {
  const absolute = path.resolve(file)
  if (absolute === databaseModule) return true
  if (reaches.has(absolute)) return reaches.get(absolute)
  reaches.set(absolute, false)
  const source = readFileSync(absolute, 'utf8')
  const found = [...source.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].some((m) => {
    const target = path.resolve(path.dirname(absolute), m[1].replace(/\.js$/, '.ts'))
    return existsSync(target) && reachesDatabase(target)
  })
  reaches.set(absolute, found)
  return found
}

const onPostgres = Boolean(process.env.DATABASE_URL)
const chosen = onPostgres && !all ? files.filter(reachesDatabase) : files
if (chosen.length < files.length)
  console.log(
    `On PostgreSQL: the ${chosen.length} test files that use a database. The other ${files.length - chosen.length} do the same on either database and run with PGlite (--all runs them here too).`,
  )

const marked = (file, mark) => readFileSync(file, 'utf8').includes(`heard-test: ${mark}`)
const built = await buildTests()
const jobs = [...chosen]
  .sort((a, b) => Number(marked(b, 'slow')) - Number(marked(a, 'slow')))
  .map((file) => ({
    name: file,
    path: path.join(built.dir, file.replace(/\.ts$/, '.js')),
    ownProcess: marked(file, 'own-process'),
  }))
const workerCount = Math.max(1, Math.min(os.availableParallelism(), jobs.length))
let handedOut = 0
const timings = []

/** One worker: hands it a file each time it asks, and resolves with its exit code when it ends. */
function runWorker() {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', '--test-reporter=spec', 'scripts/test-worker.js'],
      { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env },
    )
    const output = []
    child.stdout.on('data', (chunk) => output.push(chunk))
    child.stderr.on('data', (chunk) => output.push(chunk))
    child.on('message', (message) => {
      if (message.done) {
        timings.push(message)
        return
      }
      const job = jobs[handedOut] ?? null
      if (job) console.log(`[${++handedOut}/${jobs.length}] ${job.name}`)
      child.send({ job })
    })
    child.on('close', (code) => {
      process.stdout.write(Buffer.concat(output))
      resolve(code ?? 1)
    })
  })
}

const codes = await Promise.all(Array.from({ length: workerCount }, runWorker))
built.remove()
// The processor time is the worker's own, not that of child processes a test starts.
console.log('\nThe ten longest test files (wall and processor seconds):')
for (const t of timings.sort((a, b) => b.seconds - a.seconds).slice(0, 10))
  console.log(`${t.seconds.toFixed(1).padStart(7)} ${t.cpuSeconds.toFixed(1).padStart(7)}  ${t.done}`)
if (handedOut < jobs.length) console.error(`${jobs.length - handedOut} test files were never run.`)
process.exit(codes.every((code) => code === 0) && handedOut === jobs.length ? 0 : 1)
