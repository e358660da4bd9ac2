import { systemActor } from '../../../platform/audit/audit-log.js'
import type { StaffActor } from '../../../platform/auth/guards.js'
import { ConflictError } from '../../../platform/errors.js'
import { listFlags, markFlagHandled } from './flags-repository.js'
import { type CommentKey, scanComments } from './repository.js'
import { detectRisk, textAnswers } from './safeguarding.js'
import {
  advanceHorizon,
  listUnscannedResponses,
  markScanned,
  type ScanCursor,
  scanBounds,
} from './safeguarding-scan-repository.js'
import { type CodingDeps, codingSupport } from './support.js'

// Safeguarding: the risk detector run over comments, the flags it and analysts raise, and who
// followed each one up.

export function createSafeguardingService(deps: CodingDeps) {
  const { db, now } = deps
  const { commentQuestions, audit, raiseFlag } = codingSupport(deps)

  return {
    /** Runs the risk detector over every comment and flags the ones not flagged yet. */
    async scanSafeguarding(consultationId: string, actor: StaffActor) {
      const questionKeys = (await commentQuestions(consultationId)).map((q) => q.key)
      let after: CommentKey = { reference: '', questionKey: '' }
      let flagged = 0
      for (;;) {
        const page =
          questionKeys.length > 0 ? await scanComments(db, consultationId, questionKeys, after, 2000) : []
        const last = page[page.length - 1]
        if (!last) break
        after = { reference: last.reference, questionKey: last.question_key }
        for (const row of page) {
          if (detectRisk(row.text).length === 0) continue
          const raised = await db
            .transaction()
            .execute((trx) =>
              raiseFlag(
                trx,
                consultationId,
                { responseId: row.response_id, questionKey: row.question_key, text: row.text },
                'detector',
                actor,
              ),
            )
          if (raised) flagged++
        }
      }
      return { flagged }
    },

    listFlags: (consultationId: string) => listFlags(db, consultationId),

    /**
     * Reads the free text of responses the detector has not read yet, whatever their channel, and
     * flags those that suggest risk; a job calls this every minute so the online submit never waits.
     * Only responses inserted since the last complete pass are looked at.
     */
    async scanArrivals(batchSize = 500, maxBatches = 20) {
      let scanned = 0
      let flagged = 0
      const { start, horizon } = await scanBounds(db)
      let after: ScanCursor | undefined
      for (let batch = 0; batch < maxBatches; batch++) {
        const found = await db.transaction().execute(async (trx) => {
          const responses = await listUnscannedResponses(trx, start, after, batchSize)
          const marks: { responseId: string; flagged: number }[] = []
          for (const response of responses) {
            let raised = 0
            for (const answer of textAnswers(response.answers)) {
              if (detectRisk(answer.text).length === 0) continue
              const comment = { responseId: response.id, ...answer }
              if (await raiseFlag(trx, response.consultation_id, comment, 'detector', systemActor)) raised++
            }
            marks.push({ responseId: response.id, flagged: raised })
            flagged += raised
          }
          await markScanned(trx, marks, now())
          // Read to the end: every response older than the horizon was visible to this pass.
          if (responses.length < batchSize) await advanceHorizon(trx, horizon)
          return responses
        })
        scanned += found.length
        const last = found.at(-1)
        if (found.length < batchSize || !last) break
        after = { xid: last.xid, id: last.id }
      }
      return { scanned, flagged }
    },

    /** Records who followed a flag up, when, and what was done. */
    async handleFlag(consultationId: string, flagId: string, action: string, actor: StaffActor) {
      return db.transaction().execute(async (trx) => {
        const handled = await markFlagHandled(trx, consultationId, flagId, {
          action,
          by: actor.userId,
          at: now(),
        })
        if (!handled) throw new ConflictError('This flag is not open')
        await audit(trx, actor, 'safeguarding.handled', 'safeguarding_flag', flagId, { action })
      })
    },
  }
}
