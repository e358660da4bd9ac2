// Finds the *.test.ts files beside the code and runs them with node's test runner, transpiled to
// JavaScript first (scripts/test-build.js: loading through tsx cost each file's process about
// twice the CPU). Some tests read what the build makes (the stylesheet, the compiled import
// benchmark child), so dist/ is built first when it is missing or stale.
// Browser tests (*.browser.test.ts) run only with --browser, as they need Chromium. They run in
// two processes, each taking its share of the files one after another (scripts/browser-suite.js):
// starting a process (loading the app) would otherwise be most of a file's time, and two keep
// both cores of a small machine busy.
import { spawn, spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { ensureBuilt } from './build-state.js'
import { buildTests } from './test-build.js'

const browser = process.argv.includes('--browser')
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

const built = await buildTests()
const result = spawnSync(
  process.execPath,
  [
    '--enable-source-maps',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    ...files.map((f) => path.join(built.dir, f.replace(/\.ts$/, '.js'))),
  ],
  { stdio: 'inherit', env },
)
built.remove()
process.exit(result.status ?? 1)
