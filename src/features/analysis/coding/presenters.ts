import { canCode, hasAnyRole } from '../../../platform/auth/roles.js'
import type { ResponseChannel } from '../../../platform/db/schema.js'
import type { FieldErrors } from '../../../platform/errors.js'
import { formModel, selectItems } from '../../../platform/http/forms.js'
import { t } from '../../../platform/i18n/translate.js'
import { channelLabel, channels } from '../../responses/index.js'
import type { Theme, ThemeNode } from './codeframe.js'
import { formatCursor, sentiments } from './forms.js'
import type { CommentFilters, CommentKey, CommentRow } from './repository.js'
import type { CodingService } from './service.js'
import type { themeCountsBy } from './theme-counts.js'

// View models for the coding workspace's templates.

export const codingViews = 'features/analysis/coding/views'

export const codingBase = (consultationId: string) => `/admin/consultations/${consultationId}/coding`

/** What every coding page has: its title, the way back, the consultation and whether the reader codes. */
export function codingFraming(
  reader: { roles: readonly string[] } | undefined,
  consultation: { id: string; title: string },
  pageTitle: string,
  backHref = codingBase(consultation.id),
) {
  const canCodeHere = hasAnyRole(reader?.roles ?? [], canCode)
  return { pageTitle, activeNav: 'consultations', backHref, consultation, canCode: canCodeHere }
}

export function presentProgress(overall: { total: number; coded: number }) {
  const percent = overall.total === 0 ? 0 : Math.floor((overall.coded / overall.total) * 1000) / 10
  return { ...overall, percent }
}

/** A theme as shown in lists: its code path and label, indented by depth. */
export function themeOption(theme: ThemeNode) {
  return { value: theme.id, text: `${'— '.repeat(theme.depth)}${theme.code}: ${theme.label}` }
}

export function themeLabels(themes: readonly Theme[]) {
  return new Map(themes.map((th) => [th.id, `${th.code}: ${th.label}`]))
}

export function presentCommentRows(
  rows: readonly (CommentRow & { blind: boolean })[],
  labels: ReadonlyMap<string, string>,
  questionTitles: ReadonlyMap<string, string>,
  seesSafeguarding: boolean,
) {
  return rows.map((r) => ({
    responseId: r.response_id,
    reference: r.reference,
    questionKey: r.question_key,
    question: questionTitles.get(r.question_key) ?? r.question_key,
    channel: channelLabel(r.channel as ResponseChannel),
    excerpt: r.excerpt,
    truncated: r.length > r.excerpt.length,
    coded: r.coding_id !== null && !r.blind,
    blind: r.blind,
    sentiment: r.sentiment && !r.blind ? t(`coding.sentiment.${r.sentiment}`) : '',
    themes: r.blind ? [] : (r.theme_ids ?? []).map((id) => labels.get(id) ?? id),
    flags: r.blind
      ? []
      : [
          r.quote_worthy ? t('coding.flags.quote_worthy') : '',
          r.personal_data ? t('coding.flags.personal_data') : '',
          r.safeguarding && seesSafeguarding ? t('coding.flags.safeguarding') : '',
        ].filter(Boolean),
  }))
}

/** A statistic to two decimals, or a dash when it is not defined. */
export const statistic = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(2))

type CommentPage = Awaited<ReturnType<CodingService['listComments']>>
type Codeframe = Awaited<ReturnType<CodingService['codeframe']>>
type CommentDetail = Awaited<ReturnType<CodingService['getComment']>>
type Agreement = Awaited<ReturnType<CodingService['agreement']>>
type Question = { key: string; title: string }
/** A form sent back with mistakes: what was wrong and what the person had entered. */
export type SentBack = { errors?: FieldErrors; values?: Record<string, string> }

/** The workspace: progress, a page of comments, links to the pages either side, and the filters. */
export function presentCommentList(
  page: CommentPage,
  frame: Codeframe,
  questions: readonly Question[],
  filters: CommentFilters,
  seesSafeguarding: boolean,
) {
  const kept = new URLSearchParams()
  for (const [name, value] of Object.entries(filters)) kept.set(name, value === true ? 'yes' : String(value))
  // A page link keeps the filters, so paging never widens what the reader asked for.
  const href = (name: 'after' | 'before', key: CommentKey | undefined) =>
    key ? `?${new URLSearchParams([...kept, [name, formatCursor(key)]]).toString()}` : undefined
  return {
    progress: presentProgress(page.overall),
    matched: page.matched,
    rows: presentCommentRows(
      page.rows,
      themeLabels(frame.themes),
      new Map(questions.map((q) => [q.key, q.title])),
      seesSafeguarding,
    ),
    nextHref: href('after', page.next),
    previousHref: href('before', page.previous),
    filters: { ...filters, uncoded: filters.uncoded ? 'yes' : '' },
    questionItems: selectItems(
      questions.map((q) => ({ value: q.key, text: q.title })),
      filters.question,
      'coding.any',
    ),
    themeItems: selectItems(frame.tree.map(themeOption), filters.theme, 'coding.any'),
    sentimentItems: selectItems(
      sentiments.map((s) => ({ value: s, text: t(`coding.sentiment.${s}`) })),
      filters.sentiment,
      'coding.any',
    ),
    channelItems: selectItems(
      channels.map((c) => ({ value: c, text: channelLabel(c) })),
      filters.channel,
      'coding.any',
    ),
  }
}

/** One comment with its coding form: the themes ticked are those sent back, else those assigned. */
export function presentComment(
  detail: CommentDetail,
  questions: readonly Question[],
  questionKey: string,
  form: SentBack,
) {
  const labels = themeLabels(detail.themes)
  const chosen = form.values?.themes?.split(',') ?? detail.assigned.map((a) => a.theme_id)
  return {
    detail,
    question: questions.find((q) => q.key === questionKey)?.title ?? questionKey,
    channel: channelLabel(detail.comment.channel),
    themeItems: detail.themes.map((th) => ({
      ...themeOption(th),
      hint: { text: th.description },
      checked: chosen.includes(th.id),
    })),
    provenance: detail.assigned.map((a) => ({
      theme: labels.get(a.theme_id) ?? a.theme_id,
      kind: t(`coding.provenance.${a.provenance}`),
      person: a.assigned_by_name ?? '',
      model: a.model_name ?? '',
      modelVersion: a.model_version ?? '',
      confidence: a.confidence === null ? undefined : Math.round(a.confidence * 100),
      at: a.assigned_at,
    })),
    suggestionLabels: Object.fromEntries(labels),
    sentimentItems: sentiments.map((s) => ({
      value: s,
      text: t(`coding.sentiment.${s}`),
      checked: (form.values?.sentiment ?? detail.coding?.sentiment) === s,
    })),
    flagItems: (['quote_worthy', 'personal_data', 'safeguarding'] as const).map((f) => ({
      value: f,
      text: t(`coding.flags.${f}`),
      checked: Boolean(detail.coding?.[f]),
    })),
    ...formModel(form),
  }
}

/** The codeframe's tree and the forms to add, merge and split themes, keeping what was entered. */
export function presentCodeframe(frame: Codeframe, questions: readonly Question[], form: SentBack) {
  const options = frame.tree.map(themeOption)
  return {
    tree: frame.tree,
    versions: frame.versions,
    questionTitles: Object.fromEntries(questions.map((q) => [q.key, q.title])),
    themeItems: selectItems(options, form.values?.parentId, 'coding.noParent'),
    targetItems: selectItems(options, form.values?.target, 'coding.chooseTheme'),
    sourceItems: selectItems(options, form.values?.source, 'coding.chooseTheme'),
    mergeItems: frame.tree.map((th) => ({ ...themeOption(th) })),
    questionItems: selectItems(
      questions.map((q) => ({ value: q.key, text: q.title })),
      form.values?.questionKey,
      'coding.sharedTheme',
    ),
    ...formModel(form),
  }
}

/** The people who may code a sample again, as choices for its second coder. */
export function presentCoderItems(
  coders: readonly { id: string; display_name: string; email: string }[],
  chosen: string | undefined,
) {
  return selectItems(
    coders.map((c) => ({ value: c.id, text: `${c.display_name} (${c.email})` })),
    chosen,
    'coding.chooseCoder',
  )
}

const interval = (value: { low: number; high: number } | undefined) =>
  value === undefined ? '–' : `${value.low.toFixed(2)} to ${value.high.toFixed(2)}`

/**
 * A sample's reliability: alpha pooled and per question with their intervals, kappa per theme where
 * the theme was used, and the disagreements with their adjudication if any.
 */
export function presentAgreement(agreement: Agreement) {
  const labels = themeLabels(agreement.allThemes)
  const titles = new Map(agreement.questions.map((q) => [q.key, q.title]))
  const { report } = agreement
  return {
    agreement,
    alpha: statistic(report.alpha),
    alphaInterval: interval(report.alphaInterval),
    exactMatch: statistic(report.exactMatch),
    replicates: report.replicates,
    perQuestion: report.perQuestion.map((q) => ({
      title: titles.get(q.questionKey) ?? q.questionKey,
      units: q.units,
      themes: q.themes,
      alpha: statistic(q.alpha),
      alphaInterval: interval(q.alphaInterval),
      exactMatch: statistic(q.exactMatch),
      perTheme: q.perTheme
        .filter((th) => th.used > 0)
        .map((th) => ({
          label: labels.get(th.themeId) ?? th.themeId,
          kappa: statistic(th.kappa),
          kappaInterval: interval(th.kappaInterval),
          disagreements: th.disagreements,
          used: th.used,
        })),
    })),
    disagreements: agreement.disagreements.map((d) => ({
      ...d,
      firstLabels: d.first.map((x) => labels.get(x) ?? x),
      secondLabels: d.second.map((x) => labels.get(x) ?? x),
      finalLabels: d.final?.map((x) => labels.get(x) ?? x),
    })),
    themeItems: agreement.themes.map((th) => ({ value: th.id, text: labels.get(th.id) ?? th.id })),
  }
}

/** The theme counts page: the table, the note on hidden cells and the breakdowns to choose from. */
export function presentThemeCounts(
  { breakdowns, chosen, table }: Awaited<ReturnType<typeof themeCountsBy>>,
  threshold: number,
) {
  return {
    table,
    chosen,
    suppressionNote: t('coding.themeCounts.suppression', { threshold }),
    breakdownItems: selectItems(
      breakdowns.map((b) => ({ value: b.key, text: b.label })),
      chosen?.key,
      'coding.themeCounts.nothing',
    ),
  }
}
