import type { FieldErrors } from '../../platform/errors.js'
import { errorList } from '../../platform/http/forms.js'
import { t } from '../../platform/i18n/translate.js'
import type { Refusal } from './approval.js'
import { checkReadability, easyReadMaxWords } from './easy-read.js'
import { type DraftSection, editions, formats } from './model.js'
import type { ReportService } from './service.js'

// View models for the report pages.

type Overview = Awaited<ReturnType<ReportService['overview']>>

export const reportPath = (consultationId: string) => `/admin/consultations/${consultationId}/report`

export function refusalText(refusal: Refusal): string {
  switch (refusal.reason) {
    case 'no_evidence':
      return t('reports.refusals.noEvidence')
    case 'stale_evidence':
      return t('reports.refusals.stale', {
        changed: refusal.changed.map((c) => t(`reports.basis.${c}`)).join(', '),
      })
    case 'unreviewed_quote':
      return t('reports.refusals.unreviewedQuote', { reference: refusal.reference })
    case 'placeholder':
      return t('reports.refusals.placeholder', { heading: refusal.heading })
  }
}

export function presentOverview(
  overview: Overview,
  may: { write: boolean; approve: boolean },
  refused: Refusal[] = [],
) {
  const { consultation, versions, draft } = overview
  const base = reportPath(consultation.id)
  const approved = versions.filter((v) => v.status === 'approved')
  const sections = ((draft?.sections ?? []) as DraftSection[]).map((s, i, all) => ({
    ...s,
    index: i,
    href: `${base}/sections/${i}`,
    first: i === 0,
    last: i === all.length - 1,
  }))
  const shownRefusals = (refused.length > 0 ? refused : overview.refusals).map(refusalText)
  return {
    pageTitle: t('reports.titles.overview', { title: consultation.title }),
    activeNav: 'consultations',
    backHref: `/admin/consultations/${consultation.id}`,
    consultation,
    base,
    may,
    draft: draft && {
      version: draft.version,
      evidenceGatheredAt: draft.evidence_gathered_at,
      gathering: draft.gathering && {
        state: draft.gathering,
        text: t(`reports.gathering.${draft.gathering}`, {
          step: draft.gathering_step,
          steps: draft.gathering_steps,
        }),
      },
      sections,
    },
    refusals: shownRefusals,
    errorList: refused.length > 0 ? shownRefusals.map((text) => ({ text, href: '#approve' })) : undefined,
    versions: approved.map((v) => ({
      version: v.version,
      approvedAt: v.approved_at,
      hash: v.content_hash,
      changes: v.changes,
    })),
    downloads:
      approved.length > 0
        ? editions.map((edition) => ({
            edition,
            label: t(`reports.editions.${edition}.name`),
            formats: formats.map((format) => ({
              format,
              label: t(`reports.formats.${format}`),
              href: `${base}/download/${edition}/${format}`,
            })),
          }))
        : [],
    publicHref: approved.length > 0 ? `/consultations/${consultation.slug}/report/full` : undefined,
  }
}

export function presentSectionForm(
  consultation: { id: string; title: string },
  index: number,
  section: DraftSection,
  form: { errors?: FieldErrors; values?: Record<string, string> } = {},
) {
  const values = form.values ?? {
    heading: section.heading,
    text: section.text,
    included: section.included ? 'yes' : 'no',
  }
  const readability = section.kind === 'easy_read' ? checkReadability(values.text ?? '') : undefined
  return {
    pageTitle: t('reports.titles.section', { heading: section.heading }),
    activeNav: 'consultations',
    backHref: reportPath(consultation.id),
    consultation,
    action: `${reportPath(consultation.id)}/sections/${index}`,
    kind: section.kind,
    hint: t(`reports.sections.${section.kind}.hint`),
    values,
    errors: form.errors,
    errorList: form.errors ? errorList(form.errors) : undefined,
    readability: readability && {
      ...readability,
      maxWords: easyReadMaxWords,
    },
  }
}
