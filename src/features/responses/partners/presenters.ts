import { t } from '../../../platform/i18n/translate.js'
import { presentAnswerRows } from '../presenters.js'
import { type KeyedEntryState, presentKeyedEntry } from '../recorded/presenters.js'
import type { PartnerService } from './service.js'

// View models for the partners' pages: staff see partners' reach, collectors enter responses.

type Of<K extends keyof PartnerService> = Awaited<ReturnType<PartnerService[K]>>

export const collectorConsultationPath = (id: string) => `/partner/consultations/${id}`

/** How many people each partner reached, split by the chosen question's answers. */
export function presentReach(reach: Of<'reach'>, threshold: number) {
  return {
    pageTitle: t('channelRecords.titles.partnerReach', { title: reach.consultation.title }),
    activeNav: 'consultations',
    backHref: `/admin/consultations/${reach.consultation.id}/responses`,
    ...reach,
    threshold,
    byItems: reach.questions.map((q) => ({
      value: q.key,
      text: q.title,
      selected: q.key === reach.question?.key,
    })),
  }
}

export function presentPartnerProfile(found: Of<'partnerProfile'>, threshold: number) {
  return {
    pageTitle: t('channelRecords.titles.partnerProfile', { partner: found.partner.name }),
    activeNav: 'consultations',
    backHref: `/admin/consultations/${found.consultation.id}/partners`,
    ...found,
    threshold,
  }
}

export function presentCollectorHome(home: Of<'collectorHome'>) {
  return {
    pageTitle: t('channelRecords.titles.collectorHome', { partner: home.organisation.name }),
    activeNav: 'partner',
    ...home,
  }
}

export function presentCollectorConsultation(found: Of<'collectorConsultation'>, threshold: number) {
  return {
    pageTitle: t('channelRecords.titles.collectorConsultation', {
      partner: found.organisation.name,
      title: found.consultation.title,
    }),
    activeNav: 'partner',
    backHref: '/partner',
    ...found,
    threshold,
  }
}

/** The whole questionnaire, keyed by a collector for someone their organisation reached. */
export function presentPartnerEntryForm(
  { organisation, consultation, questionnaire }: Of<'entryForm'>,
  state: KeyedEntryState,
) {
  return {
    pageTitle: t('channelRecords.titles.partnerEntryNew', { partner: organisation.name }),
    activeNav: 'partner',
    backHref: collectorConsultationPath(consultation.id),
    organisation,
    consultation,
    action: `${collectorConsultationPath(consultation.id)}/entries`,
    ...presentKeyedEntry(questionnaire, state),
  }
}

export function presentPartnerEntry(found: Of<'getEntry'>) {
  return {
    pageTitle: t('channelRecords.titles.partnerEntry', { reference: found.entry.reference }),
    activeNav: 'partner',
    backHref: collectorConsultationPath(found.consultation.id),
    ...found,
    answerRows: presentAnswerRows(found.questions),
  }
}
