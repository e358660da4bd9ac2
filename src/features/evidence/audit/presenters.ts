import type { ConsultationRow } from '../../../platform/db/schema.js'
import { errorList, type FormResult } from '../../../platform/http/forms.js'
import { t } from '../../../platform/i18n/translate.js'
import { formatLondonDateTime } from '../../../platform/time/london.js'
import type { AuditFilters } from './filters.js'
import type { AuditRow } from './repository.js'

// View models for the audit view: the filter form, and each entry with its before and after.

const shown = (value: unknown) =>
  value === null || value === undefined || value === ''
    ? t('audit.nothing')
    : typeof value === 'string'
      ? value
      : JSON.stringify(value)

/** Where a record the log names can be seen, for the records that have a staff page. */
function recordHref(entityType: string, entityId: string): string | undefined {
  if (entityType === 'response') return `/admin/responses/${entityId}`
  if (entityType === 'consultation') return `/admin/consultations/${entityId}`
  return undefined
}

export function presentEntry(row: AuditRow) {
  const { changes, ...rest } = row.details as {
    changes?: Record<string, { before: unknown; after: unknown }>
  }
  return {
    seq: String(row.seq),
    when: formatLondonDateTime(row.occurred_at),
    who: row.actor_label,
    action: row.action,
    record: `${row.entity_type} ${row.entity_id}`,
    recordHref: recordHref(row.entity_type, row.entity_id),
    recordFilterHref: `/admin/audit?record=${encodeURIComponent(row.entity_id)}`,
    changes: Object.entries(changes ?? {}).map(([name, change]) => ({
      field: name,
      before: shown(change.before),
      after: shown(change.after),
    })),
    details: Object.keys(rest).length > 0 ? JSON.stringify(rest) : undefined,
    hash: row.hash,
  }
}

export function presentAuditList(input: {
  form: FormResult<AuditFilters>
  found: { entries: AuditRow[]; olderBefore: string | undefined; unknownPerson: boolean }
  consultations: Pick<ConsultationRow, 'id' | 'title'>[]
}) {
  const { form, found, consultations } = input
  const values: Record<string, string | undefined> = form.ok
    ? {
        consultation: form.value.consultationId,
        record: form.value.record,
        person: form.value.person,
        action: form.value.action,
        from: form.value.from,
        to: form.value.to,
      }
    : form.values
  const kept = new URLSearchParams()
  for (const [name, value] of Object.entries(values)) if (value && name !== 'before') kept.set(name, value)
  const olderParams = new URLSearchParams(kept)
  if (found.olderBefore) olderParams.set('before', found.olderBefore)
  const chosen = consultations.find((c) => c.id === values.consultation)
  return {
    pageTitle: chosen ? t('audit.titles.forConsultation', { title: chosen.title }) : t('audit.titles.list'),
    activeNav: 'consultations',
    backHref: chosen ? `/admin/consultations/${chosen.id}` : '/admin',
    consultation: chosen,
    values,
    errors: form.ok ? undefined : form.errors,
    errorList: form.ok ? undefined : errorList(form.errors),
    consultationItems: [
      { value: '', text: t('audit.anyConsultation'), selected: !values.consultation },
      ...consultations.map((c) => ({ value: c.id, text: c.title, selected: c.id === values.consultation })),
    ],
    unknownPerson: found.unknownPerson,
    entries: found.entries.map(presentEntry),
    olderHref: found.olderBefore ? `/admin/audit?${olderParams.toString()}` : undefined,
    newestHref: form.ok && form.value.before ? `/admin/audit?${kept.toString()}` : undefined,
  }
}
