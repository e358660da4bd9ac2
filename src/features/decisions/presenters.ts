import type { FieldErrors } from '../../platform/errors.js'
import { errorList } from '../../platform/http/forms.js'
import { t } from '../../platform/i18n/translate.js'
import { formatLondonDate } from '../../platform/time/london.js'
import { describeLanguage, type LanguageChoice } from '../../questionnaire/localise.js'
import { countText, suppress } from './business-case.js'
import type { BusinessCaseRefusal, DecisionRefusal } from './rules.js'
import { considerationOutcomes, followUpStatuses, resolutionOutcomes } from './rules.js'
import type { DecisionService } from './service.js'
import {
  considerationSubject,
  englishSeen,
  type Localise,
  localiser,
  type TranslationSlot,
} from './translations.js'

// View models for the decision pages, staff and public.

type Overview = Awaited<ReturnType<DecisionService['overview']>>
type Published = NonNullable<Awaited<ReturnType<DecisionService['published']>>>
export type FormState = { form?: string; errors?: FieldErrors; values?: Record<string, string> }

export const decisionsPath = (consultationId: string) => `/admin/consultations/${consultationId}/decisions`

const share = (count: number, base: number) => (base === 0 ? 0 : count / base)

export function presentOverview(
  o: Overview,
  may: { write: boolean; approve: boolean },
  state: FormState = {},
  refused: { decision?: DecisionRefusal[]; businessCase?: BusinessCaseRefusal[] } = {},
) {
  const base = decisionsPath(o.consultation.id)
  const values = state.values ?? {}
  const errors = state.errors ?? {}
  const considered = new Map(o.considerations.map((c) => [`${c.proposal_id}|${c.theme_id}`, c]))
  const proposals = o.proposals.map((p) => {
    const themes = o.themesOnProposals.filter((x) => x.proposalId === p.id)
    const matters = new Set(o.themesThatMatter.filter((x) => x.proposalId === p.id).map((x) => x.themeId))
    return {
      ...p,
      codedComments: themes[0]?.codedComments ?? 0,
      themes: themes
        .sort((a, b) => b.count - a.count)
        .map((x) => ({
          ...x,
          groups: x.groups.map((g) => {
            const count = suppress(g.count, o.threshold)
            return { group: g.group, countText: count === null ? t('decisions.hidden') : String(count) }
          }),
          matters: matters.has(x.themeId),
          countText: countText(x.count, share(x.count, x.codedComments)),
          consideration: considered.get(`${p.id}|${x.themeId}`),
        })),
      considerations: o.considerations
        .filter((c) => c.proposal_id === p.id)
        .map((c) => ({ ...c, outcomeText: t(`decisions.outcomes.${c.outcome}`) })),
      resolution: o.decision.current?.resolutions.find((r) => r.proposal_id === p.id),
      themeItems: [
        { value: '', text: t('decisions.chooseTheme') },
        ...o.allThemes.map((th) => ({
          value: th.id,
          text: th.label,
          selected: values.proposalId === p.id && values.themeId === th.id,
        })),
      ],
    }
  })
  const formErrors = (form: string) => (state.form === form ? errors : {})
  const approved = o.businessCase.versions.filter((v) => v.status === 'approved')
  const caseRefusals = (refused.businessCase ?? o.businessCase.refusals).map((r) =>
    t(`decisions.caseRefusals.${r}`),
  )
  return {
    pageTitle: t('decisions.titles.overview', { title: o.consultation.title }),
    activeNav: 'consultations',
    consultation: o.consultation,
    base,
    may,
    state: { form: state.form, errors, values },
    errorList: state.errors ? errorList(state.errors) : undefined,
    formErrors: {
      consideration: formErrors('consideration'),
      equality: formErrors('equality'),
      introduction: formErrors('introduction'),
      workstream: formErrors('workstream'),
      action: formErrors('action'),
    },
    proposals,
    missing: o.missing.map((m) => ({
      ...m,
      proposal: o.proposals.find((p) => p.id === m.proposalId)?.title ?? '',
    })),
    outcomeItems: considerationOutcomes.map((value) => ({
      value,
      text: t(`decisions.outcomes.${value}`),
      hint: { text: t(`decisions.outcomeHints.${value}`) },
    })),
    equality: o.equality.map((e) => ({ ...e, basisText: t(`decisions.basis.${e.basis}`) })),
    basisItems: (['under_heard', 'difference'] as const).map((value) => ({
      value,
      text: t(`decisions.basis.${value}`),
      checked: values.basis === value,
    })),
    businessCase: {
      draft: o.businessCase.draft,
      approved: approved.map((v) => ({ ...v })),
      refusals: caseRefusals,
      downloads: (['html', 'docx', 'pdf'] as const).map((format) => ({
        href: `${base}/business-case/${format}`,
        text: t(`decisions.formats.${format}`),
      })),
    },
    papers: [o.papers.report, o.papers.businessCase].filter((p) => p !== null),
    decision: o.decision.current && {
      ...o.decision.current,
      corrections: o.decision.records.filter((r) => r.supersedes !== null),
    },
    decisionRefusals: (refused.decision ?? []).map((r) => t(`decisions.refusals.${r}`)),
    workstreams: o.workstreams,
    workstreamItems: [
      { value: '', text: t('decisions.noWorkstream') },
      ...o.workstreams.map((w) => ({ value: w.id, text: w.title, selected: values.workstreamId === w.id })),
    ],
    actions: o.actions.map((a) => ({
      ...a,
      href: `${base}/actions/${a.id}`,
      statusText: t(`decisions.statuses.${a.status}`),
      themes: a.themeIds.map((id) => o.allThemes.find((x) => x.id === id)?.label ?? ''),
    })),
    overdueCount: o.actions.filter((a) => a.overdue).length,
    themeCheckboxes: o.allThemes.map((th) => ({ value: th.id, text: th.label })),
    proposalCheckboxes: o.proposals.map((p) => ({ value: p.id, text: `${p.position}. ${p.title}` })),
    publicHref: `/consultations/${o.consultation.slug}/you-said-we-did`,
    translationsLink: t('decisions.translations.link'),
  }
}

export function presentDecisionForm(o: Overview, state: FormState = {}, refusals: DecisionRefusal[] = []) {
  const correcting = o.decision.current !== undefined
  const values = state.values ?? {}
  const current = o.decision.current
  const initial = (name: string, fallback: string) => values[name] ?? fallback
  return {
    pageTitle: t(correcting ? 'decisions.titles.correct' : 'decisions.titles.record'),
    activeNav: 'consultations',
    consultation: o.consultation,
    action: `${decisionsPath(o.consultation.id)}/record`,
    correcting,
    errors: state.errors,
    errorList: state.errors ? errorList(state.errors) : undefined,
    refusals: refusals.map((r) => t(`decisions.refusals.${r}`)),
    values: {
      body: initial('body', current?.body ?? ''),
      meetingOn: initial('meetingOn', current?.meeting_day ?? ''),
      conditions: initial('conditions', current?.conditions ?? ''),
      minutesUrl: initial('minutesUrl', current?.minutes_url ?? ''),
      correctionReason: values.correctionReason ?? '',
    },
    publicItems: ['yes', 'no'].map((value) => ({
      value,
      text: t(`decisions.heldInPublic.${value}`),
      checked: initial('heldInPublic', current ? (current.held_in_public ? 'yes' : 'no') : '') === value,
    })),
    meetingItems: [
      { value: '', text: t('decisions.noMeeting') },
      ...o.meetings.map((m) => ({
        value: m.id,
        text: `${m.committee}, ${new Date(m.starts_at).toLocaleDateString('en-GB', { timeZone: 'Europe/London' })}`,
        selected: initial('meetingId', current?.meeting_id ?? '') === m.id,
      })),
    ],
    papers: [o.papers.report, o.papers.businessCase].filter((p) => p !== null),
    proposals: o.proposals.map((p) => {
      const was = current?.resolutions.find((r) => r.proposal_id === p.id)
      const chosen = initial(`outcome-${p.id}`, was?.outcome ?? '')
      return {
        ...p,
        outcomeName: `outcome-${p.id}`,
        noteName: `note-${p.id}`,
        note: initial(`note-${p.id}`, was?.note ?? ''),
        error: state.errors?.[`outcome-${p.id}`],
        items: resolutionOutcomes.map((value) => ({
          value,
          text: t(`decisions.resolutions.${value}`),
          checked: chosen === value,
        })),
      }
    }),
  }
}

export function presentAction(
  consultation: { id: string; title: string },
  action: Awaited<ReturnType<DecisionService['action']>>,
  state: FormState = {},
) {
  return {
    pageTitle: action.title,
    activeNav: 'consultations',
    consultation,
    action: { ...action, statusText: t(`decisions.statuses.${action.status}`) },
    formAction: `${decisionsPath(consultation.id)}/actions/${action.id}/progress`,
    errors: state.errors,
    errorList: state.errors ? errorList(state.errors) : undefined,
    values: state.values ?? {},
    statusItems: followUpStatuses.map((value) => ({
      value,
      text: t(`decisions.statuses.${value}`),
      checked: (state.values?.status ?? action.status) === value,
    })),
  }
}

const publicPageKeys = [
  'heading',
  'intro',
  'languages',
  'alsoAvailable',
  'easyRead',
  'progress',
  'businessCaseAs',
  'decision',
  'minutes',
  'decidedCaption',
  'proposal',
  'decisionColumn',
  'conditions',
  'themes',
  'youSaid',
  'proposalLabel',
  'onProposal',
  'decisionOnProposal',
  'doing',
  'due',
  'noAction',
  'nothingSigned',
  'untranslated',
  'progressHeading',
  'progressIntro',
  'progressWhy',
  'workingWith',
  'involved',
  'actionsIn',
  'action',
  'dueColumn',
  'status',
  'latest',
  'noWorkstream',
] as const

/** The public page, in plain words: theme → what people said → what was decided → what is being done. */
export function presentPublic(
  p: Published,
  easyRead: boolean,
  language: { offered: readonly LanguageChoice[]; chosen: LanguageChoice | undefined; localise: Localise } = {
    offered: [],
    chosen: undefined,
    localise: localiser([], undefined),
  },
  path = `/consultations/${p.consultation.slug}/you-said-we-did`,
) {
  const slug = p.consultation.slug
  const { localise, chosen } = language
  const withLang = (href: string) => (chosen ? `${href}?lang=${encodeURIComponent(chosen.code)}` : href)
  const page = (key: string, params: Record<string, string> = {}) => t(`decisions.public.page.${key}`, params)
  return {
    text: {
      ...Object.fromEntries(publicPageKeys.map((key) => [key, page(key)])),
      decidedOn: page('decidedOn', {
        body: p.decision.body,
        date: formatLondonDate(p.decision.meeting_on),
        how: t(p.decision.held_in_public ? 'decisions.public.inPublic' : 'decisions.public.inPrivate'),
      }),
      corrected: page('corrected', {
        date: formatLondonDate(p.decision.recorded_at),
        reason: p.decision.correction_reason ?? '',
      }),
    },
    pageLanguage: chosen,
    languages:
      language.offered.length === 0
        ? []
        : [describeLanguage('en'), ...language.offered].map((l) => ({
            ...l,
            href: l.code === 'en' ? path : `${path}?lang=${encodeURIComponent(l.code)}`,
            current: l.code === (chosen?.code ?? 'en'),
          })),
    pageTitle: t(easyRead ? 'decisions.public.easyReadTitle' : 'decisions.public.title', {
      title: p.consultation.title,
    }),
    activeNav: 'consultations',
    backHref: `/consultations/${slug}`,
    consultation: p.consultation,
    easyRead,
    decision: {
      ...p.decision,
      publicText: t(p.decision.held_in_public ? 'decisions.public.inPublic' : 'decisions.public.inPrivate'),
      conditionsText: localise('conditions', 'decision', p.decision.conditions),
    },
    corrected: p.corrected,
    proposals: p.proposals.map((x) => ({
      ...x,
      resolutionText: x.resolution
        ? t(`decisions.resolutions.${x.resolution.outcome}`)
        : t('decisions.public.noResolution'),
      noteText: localise('resolution', x.id, x.resolution?.note ?? ''),
      easyText: x.resolution ? t(`decisions.easy.resolutions.${x.resolution.outcome}`) : '',
    })),
    rows: p.rows.map((row) => ({
      ...row,
      proposals: row.proposals.map((x) => ({
        ...x,
        countText: countText(x.count, x.share),
        outcomeText: t(`decisions.publicOutcomes.${x.outcome}`),
        easyOutcome: t(`decisions.easy.outcomes.${x.outcome}`),
        resolutionText: x.resolution ? t(`decisions.resolutions.${x.resolution.outcome}`) : '',
        responseText: localise('consideration', considerationSubject(x.proposalId, row.themeId), x.response),
      })),
      actions: row.actions.map((a) => ({
        ...a,
        titleText: localise('action', a.id, a.title),
        noteText: localise('progress', a.id, a.latestNote ?? ''),
        statusText: a.overdue ? t('decisions.statuses.overdue') : t(`decisions.statuses.${a.status}`),
      })),
    })),
    workstreams: p.workstreams.map((w) => ({
      ...w,
      actions: w.actions.map((a) => ({
        ...a,
        statusText: a.overdue ? t('decisions.statuses.overdue') : t(`decisions.statuses.${a.status}`),
        latestNote: a.progress.at(-1)?.note ?? '',
        titleText: localise('action', a.id, a.title),
        noteText: localise('progress', a.id, a.progress.at(-1)?.note ?? ''),
      })),
    })),
    links: {
      full: withLang(`/consultations/${slug}/you-said-we-did`),
      easyRead: `/consultations/${slug}/you-said-we-did/easy-read`,
      progress: withLang(`/consultations/${slug}/progress`),
      businessCase: p.businessCase
        ? (['html', 'docx', 'pdf'] as const).map((format) => ({
            href: `/consultations/${slug}/business-case/${format}`,
            text: t(`decisions.formats.${format}`),
          }))
        : [],
    },
  }
}

/** The languages the public page can be translated into, with how far each has got. */
export function presentTranslationLanguages(
  consultation: { id: string; title: string },
  languages: readonly { code: string; name: string; lang: string; done: number; total: number }[],
  errors: FieldErrors = {},
) {
  const base = `${decisionsPath(consultation.id)}/translations`
  return {
    pageTitle: t('decisions.translations.title', { title: consultation.title }),
    consultation,
    backHref: decisionsPath(consultation.id),
    base,
    languages: languages.map((l) => ({
      ...l,
      href: `${base}/${encodeURIComponent(l.code)}`,
      progress: t('decisions.translations.progress', { done: l.done, total: l.total }),
    })),
    errors,
    errorList: errorList(errors),
    text: translationText(),
  }
}

/** Every public text beside its translation into one language, with what was sent after errors. */
export function presentTranslationForm(
  consultation: { id: string; title: string; slug: string },
  language: LanguageChoice,
  slots: readonly TranslationSlot[],
  state: FormState = {},
) {
  const errors = state.errors ?? {}
  return {
    pageTitle: t('decisions.translations.languageTitle', {
      language: language.name,
      title: consultation.title,
    }),
    consultation,
    language,
    backHref: `${decisionsPath(consultation.id)}/translations`,
    action: `${decisionsPath(consultation.id)}/translations/${encodeURIComponent(language.code)}`,
    publicHref: `/consultations/${consultation.slug}/you-said-we-did?lang=${encodeURIComponent(language.code)}`,
    seen: englishSeen(slots),
    slots: slots.map((s) => ({
      ...s,
      id: s.name,
      hint: [
        s.shown ? '' : t('decisions.translations.notShown'),
        s.stale ? t('decisions.translations.stale') : '',
      ]
        .filter(Boolean)
        .join(' '),
      value: state.values?.[s.name] ?? s.current,
      error: errors[s.name],
    })),
    formError: errors.form,
    errorList: errorList(errors),
    text: translationText(),
  }
}

const translationText = () => ({
  intro: t('decisions.translations.intro'),
  languagesHeading: t('decisions.translations.languagesHeading'),
  noLanguages: t('decisions.translations.noLanguages'),
  another: t('decisions.translations.another'),
  anotherHint: t('decisions.translations.anotherHint'),
  start: t('decisions.translations.start'),
  english: t('decisions.translations.english'),
  save: t('decisions.translations.save'),
  nothing: t('decisions.translations.none'),
})
