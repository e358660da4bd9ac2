import type { Kysely } from 'kysely'
import { systemActor } from '../../platform/audit/audit-log.js'
import { generatePassword } from '../../platform/auth/passwords.js'
import type { UserService } from '../../platform/auth/service.js'
import type { Database } from '../../platform/db/schema.js'
import type { ConsultationService } from '../consultations/service.js'
import type { ResponseService } from '../responses/service.js'
import { pick, seededRandom, seededUuid, weightedPick } from './random.js'
import {
  agreementOptions,
  demoComments,
  demoConsultation,
  demoQuestionnaire,
  demoSlug,
} from './reference-consultation.js'

const dayMs = 24 * 60 * 60 * 1000

export interface DemoOptions {
  responses: number
  seed: number
  onProgress?: (done: number, total: number) => void
}

export const demoAdministratorEmail = 'admin@heard.localhost'

export function createDemoService(deps: {
  db: Kysely<Database>
  now: () => Date
  consultations: ConsultationService
  responses: ResponseService
  users: UserService
}) {
  const { db, now, consultations, responses, users } = deps

  return {
    async isDatabaseEmpty(): Promise<boolean> {
      const row = await db.selectFrom('consultations').select('id').limit(1).executeTakeFirst()
      return row === undefined
    },

    /**
     * The demo consultation, open now: four weeks into its twelve weeks online, with paper
     * returns counted for ten days after the close, and a spread of responses so far.
     */
    async load(options: DemoOptions): Promise<{ consultationId: string; responses: number }> {
      const random = seededRandom(options.seed)
      const at = now()
      const opensAt = new Date(at.getTime() - 28 * dayMs)
      const closesAt = new Date(opensAt.getTime() + 84 * dayMs)
      const consultationId = await consultations.createPublished(
        {
          ...demoConsultation,
          status: 'open',
          opensAt,
          closesAt,
          postalDeadlineAt: new Date(closesAt.getTime() + 10 * dayMs),
          questionnaire: demoQuestionnaire,
        },
        systemActor,
      )
      const questionnaire = await consultations.getPublishedQuestionnaire(consultationId)
      if (!questionnaire) throw new Error('The demo questionnaire was not published')
      // Support leans towards agreement, as it did in the reference case, with a real minority against.
      const weights = [0.28, 0.34, 0.12, 0.11, 0.08, 0.07]
      for (let i = 0; i < options.responses; i++) {
        const choice = weightedPick(random, agreementOptions, weights)
        const answers: Record<string, string> = { overall_agreement: choice.value }
        if (random() < 0.6) answers.overall_comments = pick(random, demoComments)
        await responses.storeResponse({
          consultationId,
          questionnaireVersionId: questionnaire.id,
          submissionKey: seededUuid(random),
          channel: 'online',
          answers,
          submittedAt: new Date(opensAt.getTime() + random() * (at.getTime() - opensAt.getTime())),
          actor: systemActor,
        })
        options.onProgress?.(i + 1, options.responses)
      }
      return { consultationId, responses: options.responses }
    },

    /** Creates the first administrator with a generated password, if there are no users at all. */
    async ensureAdministrator(): Promise<{ email: string; password: string } | undefined> {
      if ((await users.countUsers()) > 0) return undefined
      const password = generatePassword()
      await users.createUser({
        email: demoAdministratorEmail,
        displayName: 'Demo administrator',
        password,
        roles: ['administrator'],
      })
      return { email: demoAdministratorEmail, password }
    },

    demoSlug,
  }
}

export type DemoService = ReturnType<typeof createDemoService>
