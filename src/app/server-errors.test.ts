import assert from 'node:assert/strict'
import { PassThrough } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { createLogger } from '../platform/logging/logger.js'
import { createTestDatabase, type TestDatabase } from '../testing/databases.js'
import { buildApp } from './build-app.js'
import { loadConfig } from './config.js'
import { createServices } from './services.js'

describe('server errors', () => {
  let database: TestDatabase
  let app: FastifyInstance
  const lines: Record<string, unknown>[] = []

  before(async () => {
    database = await createTestDatabase()
    const stream = new PassThrough()
    stream.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line))
    })
    const services = createServices({ database, now: () => new Date() })
    app = await buildApp({
      config: loadConfig({}),
      db: database.db,
      services,
      logger: createLogger('info', stream),
    })
    // A route that fails the way a bug would, carrying a detail that must not reach the person.
    app.get('/broken', async () => {
      throw new Error('secret internal detail: password=hunter2')
    })
    await app.ready()
  })
  after(async () => {
    await app.close()
    await database.close()
  })

  test('a server error shows a friendly page whose reference matches the log line', async () => {
    const page = await app.inject({
      url: '/broken',
      headers: { cookie: 'heard_session=abc', 'user-agent': 't' },
    })
    assert.equal(page.statusCode, 500)
    assert.match(page.body, /Sorry, there is a problem with the service/)
    assert.doesNotMatch(page.body, /secret internal detail|hunter2|at .*\.ts/)
    const reference = /class="heard-reference">([0-9a-f-]{36})</.exec(page.body)?.[1]
    assert.ok(reference, 'the page shows a reference')
    const failure = lines.find((l) => l.msg === 'request failed')
    assert.ok(failure, 'the failure was logged')
    assert.equal(failure.reqId, reference)
    assert.equal(failure.reference, reference)
    // Every line about the request carries its id; none carries the cookie.
    const aboutRequest = lines.filter((l) => l.reqId === reference)
    assert.ok(aboutRequest.length >= 3)
    assert.doesNotMatch(JSON.stringify(lines), /heard_session=abc/)
  })

  test('a server error asked for as JSON is problem+json without the detail', async () => {
    const response = await app.inject({ url: '/broken', headers: { accept: 'application/json' } })
    assert.equal(response.statusCode, 500)
    assert.match(response.headers['content-type'] as string, /application\/problem\+json/)
    const problem = response.json()
    assert.equal(problem.status, 500)
    assert.equal(problem.title, 'Internal server error')
    assert.equal(problem.detail, undefined)
    assert.match(problem.reference, /^[0-9a-f-]{36}$/)
  })
})
