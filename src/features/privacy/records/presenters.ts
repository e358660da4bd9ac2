import type { ConsultationRow } from '../../../platform/db/schema.js'
import type { findProcessingRecord } from './repository.js'

type StoredRecord = NonNullable<Awaited<ReturnType<typeof findProcessingRecord>>>

/** When contact details go: the retention period counted from the last day responses were accepted. */
export function retentionEndsAt(consultation: ConsultationRow, months: number): Date {
  const from = new Date(consultation.postal_deadline_at ?? consultation.closes_at)
  const ends = new Date(from)
  ends.setUTCMonth(ends.getUTCMonth() + months)
  return ends
}

/** The form's values: what is stored, or a starting point that says what Heard itself collects. */
export function processingRecordValues(record: StoredRecord | undefined): Record<string, string> {
  if (!record)
    return {
      purpose: '',
      lawfulBasis: '',
      dataCategories: '',
      retentionMonths: '12',
      retentionAction: 'erase',
    }
  return {
    purpose: record.purpose,
    lawfulBasis: record.lawful_basis,
    dataCategories: record.data_categories,
    retentionMonths: String(record.retention_months),
    retentionAction: record.retention_action,
  }
}

export function presentRetentionStatus(consultation: ConsultationRow, record: StoredRecord | undefined) {
  if (!record) return undefined
  return {
    endsAt: retentionEndsAt(consultation, record.retention_months),
    appliedAt: record.retention_applied_at,
    summary: record.retention_summary,
  }
}
