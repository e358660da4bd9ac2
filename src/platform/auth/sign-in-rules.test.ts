import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  beginSignedInSession,
  sessionAbsoluteLifetimeMs,
  sessionOutlived,
  signInRefusal,
  signInRetryAfterSeconds,
} from './sign-in-rules.js'

const active = { disabled_at: null }
const disabled = { disabled_at: new Date('2026-11-30T09:00:00Z') }

test('a disabled account cannot sign in, even with its right password', () => {
  assert.equal(signInRefusal(disabled, true), 'account disabled')
  assert.equal(signInRefusal(disabled, false), 'account disabled')
})

test('an active account signs in with its right password and only with it', () => {
  assert.equal(signInRefusal(active, true), undefined)
  assert.equal(signInRefusal(active, false), 'wrong password')
})

test('an email with no account is refused whatever password is typed', () => {
  assert.equal(signInRefusal(undefined, true), 'unknown account')
  assert.equal(signInRefusal(undefined, false), 'unknown account')
})

const count = (current: number, ttl = 60_000) => ({ current, ttl })

test('the attempts allowed for an account are allowed, and the next one waits for the window to end', () => {
  assert.equal(signInRetryAfterSeconds({ byAccount: count(5), byAddress: count(5) }, 5), undefined)
  assert.equal(signInRetryAfterSeconds({ byAccount: count(6, 90_000), byAddress: count(6) }, 5), 90)
})

test('one address may fail four times the per-account limit across accounts, and no more', () => {
  assert.equal(signInRetryAfterSeconds({ byAccount: count(1), byAddress: count(20) }, 5), undefined)
  assert.equal(signInRetryAfterSeconds({ byAccount: count(1), byAddress: count(21, 30_000) }, 5), 30)
})

test('over both limits, the wait is the longer of the two, in whole seconds rounded up', () => {
  assert.equal(signInRetryAfterSeconds({ byAccount: count(9, 10_000), byAddress: count(40, 45_001) }, 5), 46)
  assert.equal(signInRetryAfterSeconds({ byAccount: count(9, 45_001), byAddress: count(40, 10_000) }, 5), 46)
  assert.equal(signInRetryAfterSeconds({ byAccount: count(9, 1), byAddress: count(1) }, 5), 1)
})

test('a session ends twelve hours after sign-in however busy it is, not a moment later', () => {
  const signedInAt = Date.UTC(2026, 11, 6, 9)
  assert.equal(sessionAbsoluteLifetimeMs, 12 * 60 * 60 * 1000)
  assert.equal(sessionOutlived(signedInAt, signedInAt), false)
  assert.equal(sessionOutlived(signedInAt, signedInAt + sessionAbsoluteLifetimeMs - 1), false)
  assert.equal(sessionOutlived(signedInAt, signedInAt + sessionAbsoluteLifetimeMs), true)
})

test('a signed-in session that does not say when it was signed in has ended', () => {
  assert.equal(sessionOutlived(undefined, Date.UTC(2026, 11, 6)), true)
})

/**
 * A request as @fastify/session leaves it: regenerating puts a new session, with a new id and
 * nothing of the old one, on the request in place of the old.
 */
function fakeRequest(plantedId: string) {
  type FakeSession = { id: string; userId?: string; signedInAt?: number; regenerate(): Promise<void> }
  const request: { session: FakeSession } = { session: sessionWithId(plantedId) }
  function sessionWithId(id: string): FakeSession {
    return {
      id,
      async regenerate() {
        request.session = sessionWithId(`${id}-regenerated`)
      },
    }
  }
  return request
}

test('a session id planted before sign-in is worthless after it (no fixation)', async () => {
  const request = fakeRequest('planted-by-attacker')
  const planted = request.session
  await beginSignedInSession(request, 'user-1', 1_000)
  assert.equal(request.session.id, 'planted-by-attacker-regenerated')
  assert.equal(request.session.userId, 'user-1')
  assert.equal(request.session.signedInAt, 1_000)
  // The planted session signs nobody in.
  assert.equal(planted.userId, undefined)
})
