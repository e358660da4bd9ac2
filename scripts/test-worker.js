// One of the processes `npm test` runs the test files in (scripts/run-tests.js). It asks its
// parent for a file, runs it, and asks again until none are left, so two workers share the files
// whatever their lengths. Each file runs as a suite of its own in this process: its top-level
// tests and hooks (a `before` that builds an app, an `after` that closes it) belong to that suite,
// and the next file starts only when they have all finished. Loading the app and PGlite is then
// paid once a worker rather than once a file. A file marked `heard-test: own-process` (one that
// changes something every file would share, such as the temporary folder) runs in a child
// process, as one test here.
import { spawnSync } from 'node:child_process'
import { after, describe, test } from 'node:test'
import { pathToFileURL } from 'node:url'

/** The next file to run, from the parent, or null when there are none left. */
function nextFile() {
  return new Promise((resolve) => {
    process.once('message', (message) => resolve(message.job))
    process.send({ ready: true })
  })
}

function runHere(name, file) {
  return new Promise((resolve) => {
    describe(name, async () => {
      // Registered first, so it runs once the file's own tests and hooks are done.
      after(() => resolve())
      try {
        await import(pathToFileURL(file).href)
      } catch (error) {
        resolve()
        throw error
      }
    })
  })
}

function runAlone(name, file) {
  return test(`${name} (in a process of its own)`, (t) => {
    const child = spawnSync(
      process.execPath,
      ['--enable-source-maps', '--test', '--test-reporter=spec', file],
      { encoding: 'utf8', env: process.env, maxBuffer: 64 * 1024 * 1024 },
    )
    const summary = child.stdout.match(/^ℹ (tests|pass|fail) \d+$/gm) ?? []
    t.diagnostic(summary.map((line) => line.slice(2)).join(', '))
    if (child.status !== 0) throw new Error(`${child.stdout}${child.stderr}`)
  })
}

for (let job = await nextFile(); job; job = await nextFile()) {
  const started = performance.now()
  const cpu = process.cpuUsage()
  await (job.ownProcess ? runAlone(job.name, job.path) : runHere(job.name, job.path))
  const used = process.cpuUsage(cpu)
  process.send({
    done: job.name,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
  })
}
process.disconnect()
