import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { openDemoSlug } from '../demo/open-consultation.js'
import { createTestApp, signedInStaff, type TestApp, type TestBrowser } from '../testing/app.js'

// Finding 2 of issue 20: multipart bodies were read, and imports written to a temporary file,
// before the role and CSRF checks refused them. The uploads here go through a real socket, so a
// body the server never reads stays with the client.

// heard-test: own-process. Its temporary folder is its own, so the files counted are the ones
// this app made, and no other file's temporary files land in a folder this one removes.
const spoolDir = mkdtempSync(path.join(os.tmpdir(), 'heard-upload-refusals-'))
process.env.TMPDIR = spoolDir
const spooled = () => readdirSync(spoolDir).filter((name) => name.startsWith('heard-upload-'))

const boundary = 'heard-test-boundary'
const megabyte = Buffer.alloc(1024 * 1024, 'a')

interface Sent {
  status: number
  location: string
  bytesSent: number
}

/**
 * Posts a multipart form whose file has `megabytes` of data, stopping as soon as the server
 * answers, and says how much of the body had been sent by then.
 */
function postLargeUpload(
  origin: string,
  url: string,
  options: { cookie?: string; fields?: Record<string, string>; megabytes: number },
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    let bytesSent = 0
    let answered = false
    const request = http.request(`${origin}${url}`, {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        ...(options.cookie ? { cookie: options.cookie } : {}),
      },
    })
    request.on('response', (response) => {
      answered = true
      response.resume()
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          location: String(response.headers.location ?? ''),
          bytesSent,
        }),
      )
      request.destroy()
    })
    request.on('error', (error) => {
      if (!answered) reject(error)
    })
    const fields = Object.entries(options.fields ?? {})
      .map(
        ([name, value]) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      )
      .join('')
    const head = `${fields}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`
    const chunks = [Buffer.from(head), ...Array.from({ length: options.megabytes }, () => megabyte)]
    chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`))
    const writeNext = () => {
      while (!answered && chunks.length > 0) {
        const chunk = chunks.shift() as Buffer
        bytesSent += chunk.length
        if (!request.write(chunk)) return void request.once('drain', writeNext)
      }
      if (!answered) request.end()
    }
    writeNext()
  })
}

const cookieHeader = (browser: TestBrowser) =>
  [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ')

describe('uploads are refused before a byte is stored', () => {
  let t: TestApp
  let origin: string
  let consultationId: string

  before(async () => {
    t = await createTestApp({ env: { HEARD_IMPORT_LIMIT_BYTES: String(256 * 1024 * 1024) } })
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
    consultationId = (await t.services.consultations.getBySlug(openDemoSlug)).id
  })
  after(() => t.close())

  test('an anonymous 30 MB import is sent to sign in, leaving no temporary file', async () => {
    const sent = await postLargeUpload(origin, `/admin/consultations/${consultationId}/imports`, {
      megabytes: 30,
    })
    assert.equal(sent.status, 303)
    assert.match(sent.location, /^\/admin\/sign-in\?next=/)
    assert.ok(
      sent.bytesSent < 30 * 1024 * 1024,
      `answered before the body was all sent (${sent.bytesSent} bytes)`,
    )
    assert.deepEqual(spooled(), [])
  })

  test('an import from a role that may not import, or without a CSRF token, stores nothing', async () => {
    const observer = await signedInStaff(t, 'observer')
    const refusedRole = await postLargeUpload(origin, `/admin/consultations/${consultationId}/imports`, {
      cookie: cookieHeader(observer),
      fields: { _csrf: (await observer.formFields('/admin/sign-out'))._csrf ?? '' },
      megabytes: 30,
    })
    assert.equal(refusedRole.status, 403)
    const manager = await signedInStaff(t, 'consultation_manager')
    for (const fields of [{}, { _csrf: 'forged' }] as Record<string, string>[]) {
      const forged = await postLargeUpload(origin, `/admin/consultations/${consultationId}/imports`, {
        cookie: cookieHeader(manager),
        fields,
        megabytes: 30,
      })
      assert.equal(forged.status, 403)
    }
    assert.deepEqual(spooled(), [])
    assert.equal(
      Number(
        (
          await t.database.db
            .selectFrom('imports')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      0,
    )
  })

  test('anonymous 20 MB posts to the upload forms leave resident memory where it was', async () => {
    const uploadForms = [
      `/admin/consultations/${consultationId}/documents`,
      `/admin/consultations/${consultationId}/paper`,
      `/admin/consultations/${consultationId}/correspondence`,
    ]
    global.gc?.()
    const before = process.memoryUsage().rss
    for (let i = 0; i < 8; i++) {
      const sent = await postLargeUpload(origin, uploadForms[i % uploadForms.length] ?? '', { megabytes: 20 })
      assert.equal(sent.status, 303)
    }
    const grownMb = (process.memoryUsage().rss - before) / 1024 / 1024
    // Eight bodies held in memory would be 160 MB; refused unread, they are nothing.
    assert.ok(grownMb < 40, `resident memory grew ${grownMb.toFixed(0)} MB`)
  })

  test('a manager with a valid token still uploads an import, and its temporary file goes afterwards', async () => {
    const manager = await signedInStaff(t, 'consultation_manager')
    const csrf = (await manager.formFields(`/admin/consultations/${consultationId}/imports`))._csrf ?? ''
    const response = await manager.upload(
      `/admin/consultations/${consultationId}/imports`,
      { _csrf: csrf },
      'file',
      { name: 'small.csv', data: Buffer.from('name,comment\nA,Hello\n') },
    )
    assert.notEqual(response.statusCode, 403)
    assert.ok(response.statusCode < 500, response.body)
    // The file is removed once the response has gone, which is just after inject resolves.
    for (let tries = 0; spooled().length > 0 && tries < 100; tries++) await sleep(50)
    assert.deepEqual(spooled(), [])
  })
})
