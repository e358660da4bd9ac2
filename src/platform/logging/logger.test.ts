import assert from 'node:assert/strict'
import { PassThrough } from 'node:stream'
import { test } from 'node:test'
import { createLogger } from './logger.js'

test('a database error is logged without its query parameters, query or detail', async () => {
  const lines: string[] = []
  const stream = new PassThrough()
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()))
  const logger = createLogger('info', stream)
  const error = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
    code: '22021',
    severity: 'ERROR',
    query: 'insert into response_contacts (email, organisation) values ($1, $2)',
    params: ['sam@example.org', 'Walkers\u0000'],
    parameters: ['sam@example.org'],
    detail: 'Key (email)=(sam@example.org) already exists.',
    cause: Object.assign(new Error('inner'), { params: ['sam@example.org'] }),
  })
  logger.error({ err: error, reference: 'req-1' }, 'request failed')
  await new Promise((resolve) => setImmediate(resolve))
  const logged = lines.join('')
  assert.match(logged, /invalid byte sequence/)
  assert.match(logged, /22021/)
  assert.doesNotMatch(logged, /sam@example\.org/)
  assert.doesNotMatch(logged, /response_contacts/)
})
