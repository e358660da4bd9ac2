// Finds the *.test.ts files beside the code and runs them with node's test runner through tsx.
// Browser tests (*.browser.test.ts) run only with --browser, as they need Chromium, and all in one
// process (scripts/browser-suite.js), as most of each file's time would otherwise be starting up.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import path from 'node:path'

const browser = process.argv.includes('--browser')
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'))

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return find(full)
    return entry.name.endsWith('.test.ts') ? [full] : []
  })
}

const files = find('src')
  .filter((f) => f.endsWith('.browser.test.ts') === browser)
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()

if (files.length === 0) {
  console.error('No test files found.')
  process.exit(1)
}

const runner = browser
  ? ['--test-reporter=spec', 'scripts/browser-suite.js']
  : ['--test', '--test-concurrency=2', '--test-reporter=spec']
const result = spawnSync(process.execPath, ['--import', 'tsx', ...runner, ...files], {
  stdio: 'inherit',
  env: { LOG_LEVEL: 'silent', ...process.env },
})
process.exit(result.status ?? 1)
