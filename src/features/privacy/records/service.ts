import type { Kysely } from 'kysely'
import { type AuditActor, recordAudit, systemActor } from '../../../platform/audit/audit-log.js'
import type { Database } from '../../../platform/db/schema.js'
import { scrubAnswers, scrubText } from '../free-text.js'
import {
  clearContacts,
  deleteFilesAsReceived,
  findDueRetention,
  findProcessingRecord,
  listRetention,
  markRetentionApplied,
  type ProcessingRecordInput,
  responsesAfter,
  saveProcessingRecord,
} from './repository.js'

const firstId = '00000000-0000-0000-0000-000000000000'
const batchSize = 500

export function createProcessingRecordService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps

  /** Free text of every response in the consultation, scrubbed a batch per transaction, by keyset. */
  async function scrubConsultationText(consultationId: string): Promise<number> {
    let after = firstId
    let scrubbed = 0
    for (;;) {
      const page = await responsesAfter(db, consultationId, after, batchSize)
      const last = page.at(-1)
      if (!last) return scrubbed
      await db.transaction().execute(async (trx) => {
        for (const row of page) {
          const answers = scrubAnswers(row.answers, [])
          if (answers) {
            await trx
              .updateTable('responses')
              .set({ answers: JSON.stringify(answers) })
              .where('id', '=', row.id)
              .execute()
            scrubbed++
          }
          if (row.summary) {
            const summary = scrubText(row.summary, [])
            if (summary !== row.summary)
              await trx
                .updateTable('correspondence')
                .set({ summary })
                .where('response_id', '=', row.id)
                .execute()
          }
        }
      })
      after = last.id
    }
  }

  return {
    find: (consultationId: string) => findProcessingRecord(db, consultationId),

    async save(consultationId: string, record: ProcessingRecordInput, actor: AuditActor) {
      await db.transaction().execute(async (trx) => {
        const before = await findProcessingRecord(trx, consultationId)
        await saveProcessingRecord(trx, consultationId, record, actor.userId, now())
        await recordAudit(
          trx,
          {
            actor,
            action: 'processing_record.saved',
            entityType: 'consultation',
            entityId: consultationId,
            details: {
              before: before
                ? {
                    purpose: before.purpose,
                    lawfulBasis: before.lawful_basis,
                    dataCategories: before.data_categories,
                    retentionMonths: before.retention_months,
                    retentionAction: before.retention_action,
                  }
                : null,
              after: record,
            },
          },
          now(),
        )
      })
    },

    /** The retention of every published consultation, for the privacy notice. */
    listRetention: () => listRetention(db),

    /**
     * The scheduled end of retention: for each consultation whose period has run out since it closed,
     * contact details are erased or anonymised, files as received are deleted and identifiers in
     * free text are replaced. Responses and every count stay; the audit keeps what was done, in counts.
     */
    async applyDueRetention(): Promise<Record<string, number>> {
      const due = await findDueRetention(db, now())
      let consultations = 0
      for (const consultation of due) {
        const contacts = await db.transaction().execute(async (trx) => {
          const cleared = await clearContacts(
            trx,
            consultation.consultation_id,
            consultation.retention_action,
          )
          const files = await deleteFilesAsReceived(trx, consultation.consultation_id)
          return { contacts: cleared, ...files }
        })
        const textsScrubbed = await scrubConsultationText(consultation.consultation_id)
        const summary = { ...contacts, textsScrubbed }
        await db.transaction().execute(async (trx) => {
          await markRetentionApplied(trx, consultation.consultation_id, now(), summary)
          await recordAudit(
            trx,
            {
              actor: systemActor,
              action: 'personal_data.retention_applied',
              entityType: 'consultation',
              entityId: consultation.consultation_id,
              details: {
                action: consultation.retention_action,
                retentionMonths: consultation.retention_months,
                ...summary,
              },
            },
            now(),
          )
        })
        consultations++
      }
      return { consultations }
    },
  }
}

export type ProcessingRecordService = ReturnType<typeof createProcessingRecordService>
