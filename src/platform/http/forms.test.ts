import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseFormBody } from './forms.js'

test('form bodies are decoded as browsers encode them, with repeated names as lists', () => {
  assert.deepEqual(parseFormBody('a=one+two&b=caf%C3%A9&c=1&c=2&c=3&d=50%25'), {
    a: 'one two',
    b: 'café',
    c: ['1', '2', '3'],
    d: '50%',
  })
})

test('bytes that are not UTF-8 become U+FFFD rather than passing through as typed text', () => {
  assert.deepEqual(parseFormBody('a=caf%E9&b=%ED%A0%80'), { a: 'caf\uFFFD', b: '\uFFFD\uFFFD\uFFFD' })
})

test('a field named __proto__ is an ordinary field, not a prototype', () => {
  const body = parseFormBody('__proto__=x&polluted=no')
  assert.equal(Object.getPrototypeOf(body), Object.prototype)
  assert.equal(Object.getOwnPropertyDescriptor(body, '__proto__')?.value, 'x')
  assert.equal(({} as Record<string, unknown>).polluted, undefined)
})

test('a NUL in a field or its name is refused as a bad request, as PostgreSQL cannot store it', () => {
  for (const body of ['organisation=a%00b', 'a%00=x', `organisation=${encodeURIComponent('a\u0000')}`]) {
    assert.throws(
      () => parseFormBody(body),
      (error: Error & { statusCode?: number }) => {
        assert.equal(error.statusCode, 400)
        return true
      },
    )
  }
})
