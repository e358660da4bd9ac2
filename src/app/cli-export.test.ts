import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { referenceSlug } from '../demo/reference-consultation.js'
import { createTestDatabase, type TestDatabase } from '../testing/databases.js'

// heard-test: slow (CLI processes on a loaded demo), so it is started first.
// `heard export responses` as an operator runs it: on the test run's PostgreSQL server when there
// is one (a fresh database), otherwise on an embedded database in a folder of its own.
describe('heard export responses', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'heard-cli-export-'))
  let database: TestDatabase
  let env: Record<string, string>
  const responses = 40

  const heard = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/heard.js', ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      encoding: 'utf8',
    })
  const exportTo = (name: string, ...args: string[]) => {
    const out = path.join(folder, name)
    const result = heard('export', 'responses', '--consultation', referenceSlug, '--out', out, ...args)
    return { ...result, out }
  }

  before(() => {
    return createTestDatabase().then((fresh) => {
      database = fresh
      env = fresh.url
        ? { DATABASE_URL: fresh.url }
        : { DATABASE_URL: '', HEARD_DATA_DIR: path.join(folder, 'data') }
      const load = heard('demo', 'load', '--responses', String(responses))
      assert.equal(load.status, 0, load.stderr)
    })
  })
  after(async () => {
    await database.close()
    rmSync(folder, { recursive: true, force: true })
  })

  test('writes a CSV of every response, without contact details unless asked for them', () => {
    const plain = exportTo('plain.csv', '--format', 'csv')
    assert.equal(plain.status, 0, plain.stderr)
    assert.equal(plain.stdout.trim(), `Wrote ${responses} responses to ${plain.out}.`)
    const rows: Record<string, string>[] = parse(readFileSync(plain.out), { columns: true })
    assert.equal(rows.length, responses)
    assert.ok(!('contact_email' in (rows[0] ?? {})))
    assert.ok('overall_comments' in (rows[0] ?? {}))

    const withContacts = exportTo('contacts.csv', '--format', 'csv', '--with-contacts')
    assert.equal(withContacts.status, 0, withContacts.stderr)
    const contactRows: Record<string, string>[] = parse(readFileSync(withContacts.out), { columns: true })
    assert.ok('contact_email' in (contactRows[0] ?? {}))
  })

  test('writes XLSX and JSON lines that read back, and open data without free text', async () => {
    const xlsx = exportTo('all.xlsx', '--format', 'xlsx')
    assert.equal(xlsx.status, 0, xlsx.stderr)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(xlsx.out)
    assert.deepEqual(
      workbook.worksheets.map((s) => s.name),
      ['README', 'Responses'],
    )
    assert.equal(workbook.getWorksheet('Responses')?.actualRowCount, responses + 1)

    const jsonl = exportTo('open.jsonl', '--format', 'jsonl', '--open-data')
    assert.equal(jsonl.status, 0, jsonl.stderr)
    const lines = readFileSync(jsonl.out, 'utf8').trimEnd().split('\n')
    assert.equal(lines.length, responses)
    for (const line of lines) {
      const record = JSON.parse(line)
      assert.equal(typeof record.counted, 'boolean')
      assert.ok(!('overall_comments' in record) && !('reference' in record))
    }
  })

  test('an unknown consultation, a format not offered or clashing options give one line and fail', () => {
    const unknown = heard(
      'export',
      'responses',
      '--consultation',
      'nope',
      '--format',
      'csv',
      '--out',
      path.join(folder, 'nope.csv'),
    )
    assert.equal(unknown.status, 1)
    assert.equal(unknown.stderr, 'No consultation has the address "nope".\n')
    assert.ok(!existsSync(path.join(folder, 'nope.csv')))

    const badFormat = exportTo('bad.pdf', '--format', 'pdf')
    assert.notEqual(badFormat.status, 0)
    assert.equal(badFormat.stderr.trim().split('\n').length, 1, badFormat.stderr)
    assert.match(badFormat.stderr, /'pdf' is invalid\. Allowed choices are csv, xlsx, jsonl/)
    assert.ok(!existsSync(badFormat.out))

    const clash = exportTo('clash.csv', '--format', 'csv', '--open-data', '--with-contacts')
    assert.equal(clash.status, 1)
    assert.equal(clash.stderr, '--with-contacts cannot be used with --open-data.\n')
  })
})
