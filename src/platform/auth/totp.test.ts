import assert from 'node:assert/strict'
import { test } from 'node:test'
import { generateSync } from 'otplib'
import { acceptedTimeStep, hashRecoveryCode, newRecoveryCodes, newTotpSecret, totpAddress } from './totp.js'

const at = new Date('2026-12-06T10:00:10Z')
const codeAt = (secret: string, when: Date) =>
  generateSync({ secret, epoch: Math.floor(when.getTime() / 1000) })

test('a code from the authenticator is accepted now and half a minute either side, not later', () => {
  const secret = newTotpSecret()
  const code = codeAt(secret, at)
  assert.equal(typeof acceptedTimeStep(secret, code, at), 'number')
  assert.equal(typeof acceptedTimeStep(secret, code, new Date(at.getTime() + 30_000)), 'number')
  assert.equal(acceptedTimeStep(secret, code, new Date(at.getTime() + 120_000)), undefined)
  assert.equal(acceptedTimeStep(newTotpSecret(), code, at), undefined)
})

test('a code already used for its time step is refused the second time', () => {
  const secret = newTotpSecret()
  const code = codeAt(secret, at)
  const step = acceptedTimeStep(secret, code, at)
  assert.ok(step !== undefined)
  assert.equal(acceptedTimeStep(secret, code, at, step), undefined)
})

test('anything but six digits is not checked as a code', () => {
  assert.equal(acceptedTimeStep(newTotpSecret(), 'abcdef', at), undefined)
  assert.equal(acceptedTimeStep(newTotpSecret(), '1234567', at), undefined)
})

test('the QR address names Heard and the account', () => {
  assert.match(
    totpAddress('JBSWY3DPEHPK3PXP', 'a@b.org'),
    /^otpauth:\/\/totp\/Heard:a%40b\.org\?secret=JBSWY3DPEHPK3PXP/,
  )
})

test('recovery codes are ten, all different, and match however they are typed', () => {
  const codes = newRecoveryCodes()
  assert.equal(codes.length, 10)
  assert.equal(new Set(codes).size, 10)
  const [first = ''] = codes
  assert.match(first, /^[a-z2-9]{5}-[a-z2-9]{5}$/)
  assert.equal(hashRecoveryCode(first.toUpperCase().replace('-', ' ')), hashRecoveryCode(first))
})
