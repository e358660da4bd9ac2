import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fitTfidf, tfidfVector } from './tfidf.js'

const docs = [['bus', 'late', 'bus'], ['bus', 'staff'], ['staff', 'kind'], ['parking']]

describe('fitTfidf', () => {
  it('keeps terms within the document-frequency limits with smoothed IDF', () => {
    const model = fitTfidf(docs, { minDf: 2, maxDfShare: 0.5 })
    assert.deepEqual(model.terms, ['bus', 'staff'])
    // Both are in 2 of 4 documents: ln(5 / 3) + 1.
    assert.ok(Math.abs((model.idf[0] ?? 0) - (Math.log(5 / 3) + 1)) < 1e-12)
  })

  it('keeps only the most frequent terms when asked', () => {
    const model = fitTfidf([['a', 'b'], ['a'], ['a', 'c']], { minDf: 1, maxDfShare: 1, maxTerms: 1 })
    assert.deepEqual(model.terms, ['a'])
  })
})

describe('tfidfVector', () => {
  it('weights counts sublinearly and scales to unit length', () => {
    const model = fitTfidf(docs, { minDf: 2, maxDfShare: 0.5 })
    const v = tfidfVector(model, ['bus', 'bus', 'staff', 'unknown'])
    assert.deepEqual([...v.indices], [0, 1])
    // Same IDF, so the ratio is (1 + ln 2) to 1.
    assert.ok(Math.abs((v.values[0] ?? 0) / (v.values[1] ?? 1) - (1 + Math.log(2))) < 1e-12)
    assert.ok(Math.abs((v.values[0] ?? 0) ** 2 + (v.values[1] ?? 0) ** 2 - 1) < 1e-12)
    assert.equal(tfidfVector(model, []).indices.length, 0)
  })
})
