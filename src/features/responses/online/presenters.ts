import type { ConsultationRow, DraftRespondent } from '../../../platform/db/schema.js'
import { errorList } from '../../../platform/http/forms.js'
import { t } from '../../../platform/i18n/translate.js'
import type { QuestionnaireDefinition } from '../../../questionnaire/definition.js'
import type { PublishedQuestionnaire, QuestionnaireService } from '../../consultations/index.js'
import { presentCheckAnswers, presentForm, presentFormLanguages, presentPageTitle } from '../presenters.js'
import { answersToCheck, type FormPage, type FormValues, type JourneyPage, previousPage } from './journey.js'
import type { Journey } from './journey-service.js'

// View models for the online form's pages, one page at a time or all at once, and its preview.

export const formBase = (slug: string) => `/consultations/${slug}/respond`

export function pageHref(slug: string, page: JourneyPage | undefined): string {
  if (!page) return formBase(slug)
  if (page.kind === 'section') return `${formBase(slug)}/questions/${page.key}`
  return `${formBase(slug)}/${page.kind === 'about' ? 'about' : 'check-answers'}`
}

/** The language menu and page language; its links lead to `path`, which keeps the choice. */
export function presentLanguage(definition: QuestionnaireDefinition, lang: unknown, path: string) {
  const { chosen, languages } = presentFormLanguages(definition, lang, path)
  return { formLanguage: chosen, formLanguages: languages }
}

/** The whole questionnaire on one page, sent back with its errors. */
export function presentOnePageForm(input: {
  consultation: ConsultationRow
  questionnaire: PublishedQuestionnaire
  submissionKey: string
  lang: unknown
  values: FormValues
  errors: Record<string, string>
}) {
  const { consultation, questionnaire, lang, errors } = input
  return {
    pageTitle: t('journey.titles.respond', { title: consultation.title }),
    backHref: `/consultations/${consultation.slug}`,
    consultation,
    versionId: questionnaire.id,
    submissionKey: input.submissionKey,
    ...presentLanguage(questionnaire.definition, lang, formBase(consultation.slug)),
    sections: presentForm(questionnaire.definition, input.values, errors, lang),
    formError: errors.form,
    errorList: errorList(errors).map((e) => (e.href === '#form' ? { ...e, href: '#respond-form' } : e)),
  }
}

/** Whether the form is in its grace time after the close, and until when. */
export const presentGrace = (journey: Journey, graceMinutes: number) => ({
  inGrace: journey.state === 'grace',
  graceEndsAt: new Date(journey.consultation.closes_at.getTime() + graceMinutes * 60_000),
})

/** One section's page of the form, with what was typed and its errors. */
export function presentJourneyPage(
  journey: Journey,
  page: FormPage,
  form: { values: FormValues; errors: Record<string, string>; change: boolean },
) {
  const { consultation, definition, draft } = journey
  const action = pageHref(consultation.slug, { kind: 'section', key: page.key })
  const language = draft.language
  const back = form.change
    ? { kind: 'check' as const }
    : previousPage(definition, draft.answers, { kind: 'section', key: page.key })
  return {
    pageTitle: t('journey.titles.page', {
      page: presentPageTitle(definition, page, language),
      title: consultation.title,
    }),
    backHref: pageHref(consultation.slug, back),
    consultation,
    action,
    change: form.change,
    ...presentLanguage(definition, language, action),
    sections: presentForm(
      definition,
      form.values,
      form.errors,
      language,
      page.questions.map((q) => q.key),
    ),
    formError: form.errors.form,
    errorList: errorList(form.errors).map((e) => (e.href === '#form' ? { ...e, href: '#page-form' } : e)),
  }
}

export function presentAbout(journey: Journey) {
  const { consultation, definition, draft } = journey
  return {
    pageTitle: t('journey.titles.about', { title: consultation.title }),
    backHref: pageHref(consultation.slug, previousPage(definition, draft.answers, { kind: 'about' })),
    consultation,
    action: pageHref(consultation.slug, { kind: 'about' }),
    askOrganisation: definition.respondent?.askOrganisation,
    askContact: definition.respondent?.askContact,
  }
}

/** What the about-you page shows for the answers it already has. */
export function aboutValues(respondent: DraftRespondent) {
  return {
    responding_as: respondent.respondingAs ?? '',
    organisation: respondent.respondingFor ?? '',
    consent: respondent.consentToContact ? 'yes' : '',
    name: respondent.name ?? '',
    email: respondent.email ?? '',
    phone: respondent.phone ?? '',
    postcode: respondent.postcode ?? '',
  }
}

/** The about-you answers as summary rows, each with a link to change them. */
function presentAboutRows(definition: QuestionnaireDefinition, r: DraftRespondent, slug: string) {
  const aboutHref = `${pageHref(slug, { kind: 'about' })}?change=yes`
  const rows = [
    ...(definition.respondent?.askOrganisation
      ? [
          {
            key: t('journey.about.responding'),
            value: r.respondingFor
              ? t('journey.about.respondingFor', { organisation: r.respondingFor })
              : t('journey.about.asIndividual'),
          },
        ]
      : []),
    ...(definition.respondent?.askContact
      ? [
          ...(['name', 'email', 'phone', 'postcode'] as const).map((field) => ({
            key: t(`journey.about.${field}`),
            value: r[field] ?? t('journey.about.notGiven'),
          })),
          {
            key: t('journey.about.contact'),
            value: r.consentToContact
              ? t('journey.about.contactYes', { email: r.email ?? '' })
              : t('journey.about.contactNo'),
          },
        ]
      : []),
  ]
  return rows.map((row) => ({
    key: { text: row.key },
    value: { text: row.value },
    actions: { items: [{ href: aboutHref, text: t('journey.change'), visuallyHiddenText: row.key }] },
  }))
}

export function presentCheckAnswersPage(journey: Journey, graceMinutes: number) {
  const { consultation, definition, draft } = journey
  const slug = consultation.slug
  return {
    pageTitle: t('journey.titles.checkAnswers', { title: consultation.title }),
    backHref: pageHref(slug, previousPage(definition, draft.answers, { kind: 'check' })),
    consultation,
    groups: presentCheckAnswers(
      answersToCheck(definition, draft.answers),
      (key) => pageHref(slug, { kind: 'section', key }),
      definition,
      draft.language,
    ),
    formLanguage: presentLanguage(definition, draft.language, pageHref(slug, { kind: 'check' })).formLanguage,
    aboutRows: presentAboutRows(definition, draft.respondent, slug),
    respondingFor: draft.respondent.respondingFor,
    submissionKey: draft.submission_key,
    action: `${formBase(slug)}/submit`,
    saveAction: `${formBase(slug)}/save`,
    ...presentGrace(journey, graceMinutes),
  }
}

type PreviewVersion = Awaited<ReturnType<QuestionnaireService['getVersion']>>

/** A questionnaire version drawn as a respondent sees it; its language links keep the version. */
export function presentPreview(found: PreviewVersion, lang: unknown, consultationId: string) {
  const path = `/admin/consultations/${consultationId}/questionnaire/preview`
  const { formLanguage, formLanguages } = presentLanguage(found.definition, lang, path)
  return {
    pageTitle: t('journey.titles.preview', { title: found.consultation.title }),
    activeNav: 'consultations',
    backHref: `/admin/consultations/${consultationId}/questionnaire`,
    consultation: found.consultation,
    version: found.version,
    published: found.published,
    formLanguage,
    formLanguages: formLanguages.map((l) => ({
      ...l,
      href: `${path}?version=${found.version}${l.code === 'en' ? '' : `&lang=${encodeURIComponent(l.code)}`}`,
    })),
    sections: presentForm(found.definition, {}, {}, lang),
  }
}
