import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  challengeLifetimeMs,
  knownTransportsOf,
  parseAuthenticationResponse,
  parseRegistrationResponse,
  relyingPartyFor,
  usableChallenge,
} from './security-keys.js'

describe('security keys', () => {
  test('the relying party is the host and origin of the base URL', () => {
    assert.deepEqual(relyingPartyFor('https://heard.example.org/'), {
      id: 'heard.example.org',
      origin: 'https://heard.example.org',
      name: 'Heard',
    })
    assert.equal(relyingPartyFor('http://localhost:3000').origin, 'http://localhost:3000')
  })

  test('a challenge answers only its purpose and person, and only while fresh', () => {
    const stored = { challenge: 'abc', purpose: 'authenticate' as const, userId: 'u1', issuedAt: 1_000 }
    assert.equal(usableChallenge(stored, 'authenticate', 'u1', 1_000 + challengeLifetimeMs), 'abc')
    assert.equal(usableChallenge(stored, 'authenticate', 'u1', 1_001 + challengeLifetimeMs), undefined)
    assert.equal(usableChallenge(stored, 'register', 'u1', 2_000), undefined)
    assert.equal(usableChallenge(stored, 'authenticate', 'u2', 2_000), undefined)
    assert.equal(usableChallenge(stored, 'authenticate', 'u1', 999), undefined)
    assert.equal(usableChallenge(undefined, 'authenticate', 'u1', 2_000), undefined)
  })

  test('only the shape of a public-key credential is passed on to be verified', () => {
    const assertion = {
      id: 'AAEC',
      rawId: 'AAEC',
      type: 'public-key',
      response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'MEUC' },
      clientExtensionResults: {},
    }
    assert.ok(parseAuthenticationResponse(JSON.stringify(assertion)))
    assert.equal(parseRegistrationResponse(JSON.stringify(assertion)), undefined)
    for (const bad of [
      '',
      'not json',
      'null',
      '[]',
      JSON.stringify({ ...assertion, type: 'password' }),
      JSON.stringify({ ...assertion, id: 'has spaces' }),
      JSON.stringify({ ...assertion, response: { ...assertion.response, signature: 7 } }),
    ])
      assert.equal(parseAuthenticationResponse(bad), undefined, bad)
  })

  test('transports the browser names are kept only when WebAuthn knows them', () => {
    assert.deepEqual(knownTransportsOf(['usb', 'telepathy', 'hybrid']), ['usb', 'hybrid'])
    assert.deepEqual(knownTransportsOf(undefined), [])
  })
})
