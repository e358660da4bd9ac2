import assert from 'node:assert/strict'
import { it } from 'node:test'
import { generateResponses } from '../../../demo/generator/generate.js'
import { referenceTimeline } from '../../../demo/reference-questionnaire.js'
import { findPersonalData } from './redaction.js'
import { detectRisk } from './safeguarding.js'

// Measures the personal-data and safeguarding detectors against the truth the demo plants in its
// comments (comment level: does the comment hold personal data / a disclosure of risk?).

interface Counts {
  truePositive: number
  falsePositive: number
  falseNegative: number
}

const precision = (c: Counts) => c.truePositive / (c.truePositive + c.falsePositive)
const recall = (c: Counts) => c.truePositive / (c.truePositive + c.falseNegative)

function tally(counts: Counts, found: boolean, truth: boolean) {
  if (found && truth) counts.truePositive++
  else if (found) counts.falsePositive++
  else if (truth) counts.falseNegative++
}

it('finds the personal data and the risks planted in the demo comments', (t) => {
  const personal: Counts = { truePositive: 0, falsePositive: 0, falseNegative: 0 }
  const risk: Counts = { truePositive: 0, falsePositive: 0, falseNegative: 0 }
  let comments = 0
  for (const response of generateResponses({ seed: 7, count: 3000, timeline: referenceTimeline })) {
    for (const [key, truth] of Object.entries(response.truth.comments)) {
      const text = String(response.answers[key] ?? '')
      if (!text) continue
      comments++
      tally(personal, findPersonalData(text).length > 0, truth.personalData)
      tally(risk, detectRisk(text).length > 0, truth.safeguarding)
    }
  }
  t.diagnostic(
    `comments ${comments}; personal data P ${precision(personal).toFixed(3)} R ${recall(personal).toFixed(3)} ` +
      `(${personal.truePositive + personal.falseNegative} planted); safeguarding P ${precision(risk).toFixed(3)} ` +
      `R ${recall(risk).toFixed(3)} (${risk.truePositive + risk.falseNegative} planted)`,
  )
  assert.ok(personal.truePositive + personal.falseNegative >= 50)
  assert.ok(recall(personal) >= 0.95 && precision(personal) >= 0.95)
  assert.ok(risk.truePositive + risk.falseNegative >= 10)
  assert.ok(recall(risk) >= 0.95 && precision(risk) >= 0.8)
})
