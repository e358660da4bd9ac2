import type { ConsultationService } from '../src/features/consultations/index.js'
import { systemActor } from '../src/platform/audit/audit-log.js'
import { everyQuestionType } from '../src/questionnaire/examples.js'

const dayMs = 86_400_000

/**
 * The consultation the bulk benchmarks (import, export) fill: open from yesterday to tomorrow,
 * asking every question type, so each run measures the same shape of answers.
 */
export async function createBenchConsultation(
  consultations: ConsultationService,
  fields: { slug: string; title: string; summary: string },
) {
  await consultations.createPublished(
    {
      ...fields,
      status: 'open',
      opensAt: new Date(Date.now() - dayMs),
      closesAt: new Date(Date.now() + dayMs),
      proposals: [],
      questionnaire: everyQuestionType,
    },
    systemActor,
  )
  return consultations.getBySlug(fields.slug)
}
