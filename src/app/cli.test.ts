import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, test } from 'node:test'
import { lockDataFolder } from '../platform/db/folder-lock.js'
import { migrationNames } from '../platform/db/migrate.js'

// heard-test: slow (a dozen CLI processes, one loading a demo), so it is started first.
// The CLI as a newcomer runs it, on an embedded database in a folder of its own.
const dataDir = mkdtempSync(path.join(tmpdir(), 'heard-cli-'))
after(() => rmSync(dataDir, { recursive: true, force: true }))

const heardIn = (folder: string, ...args: string[]) =>
  spawnSync(process.execPath, ['bin/heard.js', ...args], {
    env: { ...process.env, HEARD_DATA_DIR: folder, DATABASE_URL: '', LOG_LEVEL: 'info' },
    encoding: 'utf8',
  })
const heard = (...args: string[]) => heardIn(dataDir, ...args)

test('migrate says which migrations it applied, then that the database is up to date', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'heard-migrate-'))
  try {
    const first = heardIn(folder, 'migrate')
    assert.equal(first.status, 0, first.stderr)
    // Every migration, in order, so a branch that adds one need not edit this test.
    assert.equal(first.stdout.match(/^Applied (.+)\.$/m)?.[1], migrationNames.join(', '))
    const second = heardIn(folder, 'migrate')
    assert.equal(second.status, 0, second.stderr)
    assert.equal(second.stdout.trim(), 'The database is up to date.')
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
})

test('demo load shows progress, export-truth writes only JSON lines, and a second load is refused', () => {
  const load = heard('demo', 'load', '--responses', '300', '--seed', '5')
  assert.equal(load.status, 0, load.stderr)
  assert.match(load.stdout, /Responses: 300 of 300 \(100%\)/)
  assert.match(load.stdout, /Loaded the demo consultations: 300 responses to the reference case/)

  const exported = heard('demo', 'export-truth')
  assert.equal(exported.status, 0, exported.stderr)
  const lines = exported.stdout.trim().split('\n')
  assert.equal(lines.length, 300)
  for (const line of lines) {
    const truth = JSON.parse(line)
    assert.match(truth.reference, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/)
    assert.equal(typeof truth.personId, 'number')
  }

  const again = heard('demo', 'load', '--responses', '10')
  assert.equal(again.status, 1)
  assert.match(
    again.stderr,
    /A consultation with the address "step-up-to-great-mental-health" already exists/,
  )
})

test('evidence-pack writes a zip of the demo consultation and audits its hash; audit verify finds the chain whole', () => {
  const out = path.join(dataDir, 'evidence.zip')
  const built = heard('evidence-pack', '--consultation', 'step-up-to-great-mental-health', '--out', out)
  assert.equal(built.status, 0, built.stderr)
  const sha = /SHA-256 of the zip: ([0-9a-f]{64})/.exec(built.stdout)?.[1]
  assert.equal(sha, createHash('sha256').update(readFileSync(out)).digest('hex'))
  const verified = heard('audit', 'verify')
  assert.equal(verified.status, 0, verified.stderr)
  assert.match(verified.stdout, /The audit log holds: \d+ entries checked\./)
  const missing = heard('evidence-pack', '--consultation', 'no-such-consultation', '--out', out)
  assert.equal(missing.status, 1)
  assert.match(missing.stderr, /No consultation no-such-consultation/)
})

test("report build writes each edition of the demo's published report, and refuses an unknown format", () => {
  // Runs after the demo load above, which publishes the reference case's report.
  for (const [edition, format, signature] of [
    ['full', 'pdf', '%PDF-'],
    ['easy-read', 'docx', 'PK'],
    ['summary', 'html', '<!DOCTYPE html>'],
  ] as const) {
    const out = path.join(dataDir, `report.${format}`)
    const built = heard(
      'report',
      'build',
      '--consultation',
      'step-up-to-great-mental-health',
      '--edition',
      edition,
      '--format',
      format,
      '--out',
      out,
    )
    assert.equal(built.status, 0, built.stderr)
    assert.match(built.stdout, new RegExp(`Wrote the ${edition} edition of version 1 as ${format}`))
    assert.equal(readFileSync(out).subarray(0, signature.length).toString('latin1'), signature)
  }
  const unknown = heard(
    'report',
    'build',
    '--consultation',
    'x',
    '--edition',
    'full',
    '--format',
    'odt',
    '--out',
    'x',
  )
  assert.notEqual(unknown.status, 0)
  assert.match(unknown.stderr, /Allowed choices are html, docx, pdf, xlsx/)
})

test('a bad option is refused with a usage message', () => {
  const result = heard('demo', 'load', '--responses', 'lots')
  assert.notEqual(result.status, 0)
  assert.match(result.stderr, /must be a whole number/)
})

test('a command that writes refuses, in one line, a data folder another process has open', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'heard-held-'))
  // This test's process stands in for a running server.
  const release = await lockDataFolder(folder)
  try {
    for (const args of [
      ['migrate'],
      ['users', 'create', '--email', 'a@example.org', '--name', 'A', '--role', 'observer'],
    ]) {
      const refused = heardIn(folder, ...args)
      assert.equal(refused.status, 1, refused.stdout)
      assert.equal(
        refused.stderr.trim().split('\n').at(-1),
        `The data folder ${folder} is in use by another Heard process (pid ${process.pid}, "${process.argv.slice(2).join(' ') || 'heard'}", since ${
          JSON.parse(readFileSync(path.join(folder, 'heard.lock', 'owner.json'), 'utf8')).since
        }): stop it first.`,
      )
    }
  } finally {
    await release()
    rmSync(folder, { recursive: true, force: true })
  }
})
