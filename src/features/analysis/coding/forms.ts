import type { CodingSentiment, ResponseChannel } from '../../../platform/db/schema.js'
import type { FieldErrors } from '../../../platform/errors.js'
import { type FormResult, field } from '../../../platform/http/forms.js'
import { t } from '../../../platform/i18n/translate.js'
import { channels } from '../../responses/index.js'
import { themeCodePattern } from './codeframe.js'
import type { CommentFilters, CommentKey } from './repository.js'

// Parsing of the coding workspace's forms and query strings into typed values and NHS.UK errors.

export const sentiments: readonly CodingSentiment[] = ['positive', 'negative', 'neutral', 'mixed']
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export const isUuid = (value: string | undefined): value is string => uuid.test(value ?? '')

/** Every value of a field: repeated checkboxes arrive as an array, one as a string. */
export function fieldList(body: unknown, name: string): string[] {
  if (!body || typeof body !== 'object') return []
  const value = (body as Record<string, unknown>)[name]
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

const text = (body: unknown, name: string) => (field(body, name) ?? '').trim()

/** Filters from the query string; values that are not offered are ignored rather than trusted. */
export function parseCommentFilters(query: unknown, questionKeys: readonly string[]): CommentFilters {
  const filters: CommentFilters = {}
  const question = text(query, 'question')
  if (questionKeys.includes(question)) filters.question = question
  const theme = text(query, 'theme')
  if (isUuid(theme)) filters.theme = theme
  const sentiment = sentiments.find((s) => s === text(query, 'sentiment'))
  if (sentiment) filters.sentiment = sentiment
  const channel = channels.find((c): c is ResponseChannel => c === text(query, 'channel'))
  if (channel) filters.channel = channel
  if (text(query, 'uncoded') === 'yes') filters.uncoded = true
  return filters
}

/** A keyset cursor written as "reference~questionKey". */
export function parseCursor(value: string | undefined): CommentKey | undefined {
  const match = /^([A-Z0-9-]{1,40})~([a-z0-9_]{1,100})$/i.exec(value ?? '')
  return match ? { reference: match[1] ?? '', questionKey: match[2] ?? '' } : undefined
}

export const formatCursor = (key: CommentKey) => `${key.reference}~${key.questionKey}`

export interface CodingForm {
  themeIds: string[]
  sentiment: CodingSentiment | null
  quoteWorthy: boolean
  personalData: boolean
  safeguarding: boolean
}

export function parseCodingForm(body: unknown, allowedThemeIds: readonly string[]): FormResult<CodingForm> {
  const themeIds = [...new Set(fieldList(body, 'themes'))]
  const flags = fieldList(body, 'flags')
  const sentimentText = text(body, 'sentiment')
  const sentiment = sentiments.find((s) => s === sentimentText) ?? null
  const errors: FieldErrors = {}
  if (themeIds.some((id) => !allowedThemeIds.includes(id)))
    errors.themes = t('coding.validation.themeUnknown')
  if (sentimentText !== '' && !sentiment) errors.sentiment = t('coding.validation.sentimentUnknown')
  if (Object.keys(errors).length > 0) return { ok: false, errors, values: { sentiment: sentimentText } }
  return {
    ok: true,
    value: {
      themeIds,
      sentiment,
      quoteWorthy: flags.includes('quote_worthy'),
      personalData: flags.includes('personal_data'),
      safeguarding: flags.includes('safeguarding'),
    },
  }
}

export interface AdjudicationForm {
  themeIds: string[]
  reason: string
}

/** The final themes of a sample item and why; the reason is required so every settlement is explained. */
export function parseAdjudicationForm(
  body: unknown,
  allowedThemeIds: readonly string[],
): FormResult<AdjudicationForm> {
  const themeIds = [...new Set(fieldList(body, 'themes'))]
  const reason = text(body, 'reason')
  const errors: FieldErrors = {}
  if (themeIds.some((id) => !allowedThemeIds.includes(id)))
    errors.themes = t('coding.validation.themeUnknown')
  if (reason === '') errors.reason = t('coding.validation.reasonMissing')
  else if (reason.length > 1000) errors.reason = t('coding.validation.reasonTooLong')
  if (Object.keys(errors).length > 0) return { ok: false, errors, values: { reason } }
  return { ok: true, value: { themeIds, reason } }
}

/** The number of themes discovery should find; blank lets it choose from the data. */
export function parseDiscoveryForm(body: unknown): FormResult<{ themes?: number }> {
  const value = text(body, 'themes')
  if (value === '') return { ok: true, value: {} }
  const themes = Number(value)
  if (!/^\d{1,2}$/.test(value) || themes < 2 || themes > 50)
    return { ok: false, errors: { themes: t('coding.validation.themesInvalid') }, values: { themes: value } }
  return { ok: true, value: { themes } }
}

export interface ThemeForm {
  code: string
  label: string
  description: string
  examples: string[]
  parentId: string | null
  questionKey: string | null
}

export function parseThemeForm(
  body: unknown,
  options: { questionKeys: readonly string[]; themeIds: readonly string[] },
): FormResult<ThemeForm> {
  const values = Object.fromEntries(
    ['code', 'label', 'description', 'examples', 'parentId', 'questionKey'].map((n) => [n, text(body, n)]),
  )
  const errors: FieldErrors = {}
  const code = (values.code ?? '').toLowerCase()
  if (!code) errors.code = t('coding.validation.codeMissing')
  else if (!themeCodePattern.test(code)) errors.code = t('coding.validation.codeInvalid')
  const label = values.label ?? ''
  if (!label) errors.label = t('coding.validation.labelMissing')
  else if (label.length > 200) errors.label = t('coding.validation.labelTooLong')
  const parentId = values.parentId || null
  if (parentId && !options.themeIds.includes(parentId)) errors.parentId = t('coding.validation.themeUnknown')
  const questionKey = values.questionKey || null
  if (questionKey && !options.questionKeys.includes(questionKey))
    errors.questionKey = t('coding.validation.questionUnknown')
  if (Object.keys(errors).length > 0) return { ok: false, errors, values }
  return {
    ok: true,
    value: {
      code,
      label,
      description: (values.description ?? '').slice(0, 2000),
      examples: (values.examples ?? '')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean)
        .slice(0, 10),
      parentId,
      questionKey,
    },
  }
}

export function parseMergeForm(
  body: unknown,
  themeIds: readonly string[],
): FormResult<{ sources: string[]; target: string }> {
  const sources = [...new Set(fieldList(body, 'sources'))]
  const target = text(body, 'target')
  const errors: FieldErrors = {}
  if (sources.length === 0 || sources.some((s) => !themeIds.includes(s)))
    errors.sources = t('coding.validation.mergeSourcesMissing')
  if (!themeIds.includes(target)) errors.target = t('coding.validation.mergeTargetMissing')
  else if (sources.includes(target)) errors.target = t('coding.validation.mergeIntoItself')
  if (Object.keys(errors).length > 0) return { ok: false, errors, values: { target } }
  return { ok: true, value: { sources, target } }
}

/** A split names the theme to split and two or more new themes, one "code | label" a line. */
export function parseSplitForm(
  body: unknown,
  themeIds: readonly string[],
): FormResult<{ source: string; parts: { code: string; label: string }[] }> {
  const source = text(body, 'source')
  const lines = text(body, 'parts')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
  const parts = lines.map((line) => {
    const [code = '', ...rest] = line.split('|')
    return { code: code.trim().toLowerCase(), label: rest.join('|').trim() }
  })
  const errors: FieldErrors = {}
  if (!themeIds.includes(source)) errors.source = t('coding.validation.splitSourceMissing')
  if (parts.length < 2) errors.parts = t('coding.validation.splitPartsMissing')
  else if (parts.some((p) => !themeCodePattern.test(p.code) || !p.label || p.label.length > 200))
    errors.parts = t('coding.validation.splitPartsInvalid')
  else if (new Set(parts.map((p) => p.code)).size !== parts.length)
    errors.parts = t('coding.validation.splitPartsRepeated')
  if (Object.keys(errors).length > 0)
    return { ok: false, errors, values: { source, parts: text(body, 'parts') } }
  return { ok: true, value: { source, parts } }
}

export function parseSampleForm(
  body: unknown,
  coderIds: readonly string[],
): FormResult<{ percent: number; seed: number; secondCoderId: string }> {
  const values = Object.fromEntries(['percent', 'seed', 'secondCoderId'].map((n) => [n, text(body, n)]))
  const errors: FieldErrors = {}
  const percent = Number(values.percent)
  if (!values.percent) errors.percent = t('coding.validation.percentMissing')
  else if (!Number.isFinite(percent) || percent <= 0 || percent > 100)
    errors.percent = t('coding.validation.percentInvalid')
  const seed = values.seed ? Number(values.seed) : 1
  if (!Number.isInteger(seed) || Math.abs(seed) > 2_147_483_647)
    errors.seed = t('coding.validation.seedInvalid')
  if (!coderIds.includes(values.secondCoderId ?? ''))
    errors.secondCoderId = t('coding.validation.coderMissing')
  if (Object.keys(errors).length > 0) return { ok: false, errors, values }
  return { ok: true, value: { percent, seed, secondCoderId: values.secondCoderId ?? '' } }
}

export function parseQuoteReview(body: unknown): FormResult<{ text: string }> {
  const quote = text(body, 'text')
  if (!quote)
    return { ok: false, errors: { text: t('coding.validation.quoteMissing') }, values: { text: quote } }
  if (quote.length > 5000)
    return { ok: false, errors: { text: t('coding.validation.quoteTooLong') }, values: { text: quote } }
  return { ok: true, value: { text: quote } }
}

/**
 * The comment and theme a quote is chosen from. They come from hidden fields of the page, not from
 * anything a person types, so anything else names nothing and is answered as not found.
 */
export function parseQuoteChoice(body: unknown) {
  const [responseId, questionKey, themeId] = [
    field(body, 'responseId'),
    field(body, 'questionKey'),
    field(body, 'themeId'),
  ]
  return isUuid(responseId) && isUuid(themeId) && questionKey
    ? { responseId, questionKey, themeId }
    : undefined
}

export function parseFlagHandling(body: unknown): FormResult<{ action: string }> {
  const action = text(body, 'action')
  if (!action)
    return { ok: false, errors: { action: t('coding.validation.actionMissing') }, values: { action } }
  return { ok: true, value: { action: action.slice(0, 2000) } }
}

/** The code and label an analyst gives a discovered candidate theme to make it a codeframe theme. */
export function parseCandidateForm(body: unknown): FormResult<{ code: string; label: string }> {
  const values = { code: text(body, 'code'), label: text(body, 'label') }
  const errors: FieldErrors = {}
  const code = values.code.toLowerCase()
  if (!code) errors.code = t('coding.validation.codeMissing')
  else if (!themeCodePattern.test(code)) errors.code = t('coding.validation.codeInvalid')
  if (!values.label) errors.label = t('coding.validation.labelMissing')
  else if (values.label.length > 200) errors.label = t('coding.validation.labelTooLong')
  if (Object.keys(errors).length > 0) return { ok: false, errors, values }
  return { ok: true, value: { code, label: values.label } }
}
