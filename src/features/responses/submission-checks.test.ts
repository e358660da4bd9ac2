import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, test } from 'node:test'
import { checkEnvelope, typedValues } from './submission-checks.js'

describe('the envelope of a submission', () => {
  const current = randomUUID()
  const key = randomUUID()

  test('needs a submission key and the id of the version open now', () => {
    assert.deepEqual(checkEnvelope({ submission_key: key, version_id: current }, current), {
      ok: true,
      submissionKey: key,
    })
    for (const body of [
      {},
      { submission_key: key },
      { submission_key: 'not-a-key', version_id: current },
      { submission_key: [key, key], version_id: current },
      // A key in a list of one is still not a key, even though it reads as one when made text.
      { submission_key: [key], version_id: current },
      { submission_key: key, version_id: [current] },
      // A key must be the whole field, not found somewhere inside it.
      { submission_key: `x${key}`, version_id: current },
      { submission_key: `${key}x`, version_id: current },
      { submission_key: key.toUpperCase(), version_id: current },
      { submission_key: key, version_id: 'v1' },
    ]) {
      assert.deepEqual(
        checkEnvelope(body, current),
        { ok: false, problem: 'malformed' },
        JSON.stringify(body),
      )
    }
    const other = randomUUID()
    assert.deepEqual(checkEnvelope({ submission_key: key, version_id: other }, current), {
      ok: false,
      problem: 'otherVersion',
      versionId: other,
    })
  })

  test('only answer fields that are text are typed back into the form', () => {
    assert.deepEqual(
      typedValues({
        q_a: 'x',
        q_b: ['1', '2'],
        q_c: { x: 1 },
        q_d: [1],
        q_e: ['1', 2],
        _csrf: 't',
        other: 'o',
      }),
      {
        q_a: 'x',
        q_b: ['1', '2'],
      },
    )
  })
})
