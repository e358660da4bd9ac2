import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { openDemoConsultation } from '../demo/open-consultation.js'
import { readAssetManifest } from '../platform/http/built-assets.js'
import { createTestApp, type TestApp } from '../testing/app.js'

// What a slow phone is sent: hashed assets cached for a year with the copies compressed at build
// time, and pages compressed as they are sent.

const immutable = 'public, max-age=31536000, immutable'

describe('page weight', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp()
  })
  after(() => t.close())

  test('the layout names the hashed stylesheet and scripts', async () => {
    const assets = readAssetManifest()
    const page = await t.app.inject('/')
    assert.equal(page.statusCode, 200)
    assert.match(assets['app.css'], /^\/assets\/built\/app\.[\w-]+\.css$/)
    assert.ok(page.body.includes(`<link rel="stylesheet" href="${assets['app.css']}">`))
    assert.ok(page.body.includes(`<script type="module" src="${assets['init.js']}">`))
    assert.ok(page.body.includes(`<link rel="modulepreload" href="${assets['nhsuk-frontend.js']}">`))
    assert.doesNotMatch(page.body, /href="\/assets\/app\.css"/)
  })

  test('a hashed asset is cached for a year and sent as its brotli or gzip copy when asked', async () => {
    const url = readAssetManifest()['app.css']
    const plain = await t.app.inject(url)
    assert.equal(plain.statusCode, 200)
    assert.equal(plain.headers['cache-control'], immutable)
    assert.match(plain.headers['content-type'] as string, /^text\/css/)
    assert.equal(plain.headers['content-encoding'], undefined)
    assert.match(plain.body, /\.nhsuk-header/)
    assert.match(plain.body, /\.heard-reference/)

    const br = await t.app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } })
    assert.equal(br.statusCode, 200)
    assert.equal(br.headers['content-encoding'], 'br')
    assert.equal(br.headers['cache-control'], immutable)
    assert.match(br.headers.vary as string, /accept-encoding/i)
    assert.ok(br.rawPayload.length < plain.rawPayload.length / 5, 'the brotli copy is far smaller')
    assert.equal(brotliDecompressSync(br.rawPayload).toString('utf8'), plain.body)

    const gzip = await t.app.inject({ url, headers: { 'accept-encoding': 'gzip' } })
    assert.equal(gzip.headers['content-encoding'], 'gzip')
    assert.equal(gunzipSync(gzip.rawPayload).toString('utf8'), plain.body)
  })

  test('the hashed script imports the hashed nhsuk-frontend script, which is served', async () => {
    const assets = readAssetManifest()
    const init = await t.app.inject(assets['init.js'])
    assert.equal(init.statusCode, 200)
    assert.equal(init.headers['cache-control'], immutable)
    assert.ok(init.body.includes(`from '${assets['nhsuk-frontend.js']}'`))
    const nhsuk = await t.app.inject({
      url: assets['nhsuk-frontend.js'],
      headers: { 'accept-encoding': 'br' },
    })
    assert.equal(nhsuk.statusCode, 200)
    assert.equal(nhsuk.headers['content-encoding'], 'br')
    assert.match(nhsuk.headers['content-type'] as string, /javascript/)
  })

  test('a page is sent compressed when the client accepts it, with its security headers', async () => {
    const url = `/consultations/${openDemoConsultation.slug}`
    const plain = await t.app.inject(url)
    const page = await t.app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } })
    assert.equal(page.statusCode, 200)
    assert.equal(page.headers['content-encoding'], 'br')
    assert.match(page.headers.vary as string, /accept-encoding/i)
    assert.ok(page.headers['content-security-policy'], 'the CSP is still sent')
    const html = brotliDecompressSync(page.rawPayload).toString('utf8')
    assert.ok(html.includes(openDemoConsultation.title))
    assert.ok(page.rawPayload.length < plain.rawPayload.length / 3, 'the page is far smaller compressed')

    const gzip = await t.app.inject({ url, headers: { 'accept-encoding': 'gzip' } })
    assert.equal(gzip.headers['content-encoding'], 'gzip')
    assert.ok(gunzipSync(gzip.rawPayload).toString('utf8').includes(openDemoConsultation.title))
  })

  test('error pages are still sent, compressed too', async () => {
    const missing = await t.app.inject({
      url: '/consultations/no-such-thing',
      headers: { 'accept-encoding': 'gzip' },
    })
    assert.equal(missing.statusCode, 404)
    assert.equal(missing.headers['content-encoding'], 'gzip')
    assert.match(gunzipSync(missing.rawPayload).toString('utf8'), /<h1/)
  })
})
