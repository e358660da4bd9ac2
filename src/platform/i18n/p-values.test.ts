import assert from 'node:assert/strict'
import { test } from 'node:test'
import { pValueText } from './p-values.js'

test('a p-value below 0.001 reads "< 0.001"; others are rounded to three places', () => {
  assert.equal(pValueText(0.0000004), '< 0.001')
  assert.equal(pValueText(0.001), '= 0.001')
  assert.equal(pValueText(0.04567), '= 0.046')
})
