import { createHash } from 'node:crypto'
import type { DecisionTranslationKind } from '../../platform/db/schema.js'
import type { FieldErrors } from '../../platform/errors.js'
import { hasControlCharacters } from '../../platform/http/form-fields.js'
import { type FormResult, field } from '../../platform/http/forms.js'
import { t } from '../../platform/i18n/translate.js'
import {
  describeLanguage,
  easyRead,
  type LanguageChoice,
  type LocalText,
} from '../../questionnaire/localise.js'

// The "You said, we did" page in the languages the consultation has: which of its texts can be
// translated, the staff form for them, and the pick of a text for the public page. A translation
// is shown only while the English it was made from is still the approved English on the page.

export const translationKinds = ['consideration', 'resolution', 'conditions', 'action', 'progress'] as const

/** A text the public page shows, which staff can translate. */
export interface TranslatableText {
  kind: DecisionTranslationKind
  subject: string
  /** What the text is, for the translator: "Proposal 2, theme Transport". */
  context: string
  english: string
  /** Whether the public page shows it now: a consideration not yet signed off is not shown. */
  shown: boolean
}

export interface SavedTranslation {
  kind: DecisionTranslationKind
  subject: string
  source: string
  text: string
}

export interface TranslationSlot extends TranslatableText {
  name: string
  current: string
  /** A translation made from English that has since changed: the page shows the English. */
  stale: boolean
}

/** A text on the public page: translated, or English marked as not yet translated. */
export interface PublicText extends LocalText {
  dir: 'ltr' | 'rtl'
  untranslated: boolean
  /** On the English page nothing needs its own language. */
  plain: boolean
}

export const slotName = (kind: DecisionTranslationKind, subject: string) => `${kind}.${subject}`
export const considerationSubject = (proposalId: string, themeId: string) => `${proposalId}:${themeId}`

const languageCode = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/
export const isLanguageCode = (code: unknown): code is string =>
  typeof code === 'string' && code.length <= 35 && code !== 'en' && languageCode.test(code)

/** The languages the page can be read in besides English: the questionnaire's, and any begun here. */
export function offeredLanguages(
  questionnaire: readonly string[],
  translated: readonly string[],
): LanguageChoice[] {
  const codes = new Set([...questionnaire, ...translated].filter((c) => c !== easyRead && isLanguageCode(c)))
  return [...codes].sort().map(describeLanguage)
}

export function publicTexts(input: {
  proposals: readonly { id: string; position: number }[]
  considerations: readonly {
    proposal_id: string
    theme_id: string
    theme_label: string
    response: string
    signed_off_at: Date | string | null
  }[]
  decision: { conditions: string; resolutions: readonly { proposal_id: string; note: string }[] } | undefined
  actions: readonly { id: string; title: string; progress: readonly { note: string }[] }[]
}): TranslatableText[] {
  const position = (id: string) => input.proposals.find((p) => p.id === id)?.position ?? 0
  const texts: TranslatableText[] = input.considerations.map((c) => ({
    kind: 'consideration',
    subject: considerationSubject(c.proposal_id, c.theme_id),
    context: t('decisions.translations.contexts.consideration', {
      n: position(c.proposal_id),
      theme: c.theme_label,
    }),
    english: c.response,
    shown: c.signed_off_at !== null,
  }))
  if (input.decision) {
    for (const r of input.decision.resolutions)
      if (r.note)
        texts.push({
          kind: 'resolution',
          subject: r.proposal_id,
          context: t('decisions.translations.contexts.resolution', { n: position(r.proposal_id) }),
          english: r.note,
          shown: true,
        })
    if (input.decision.conditions)
      texts.push({
        kind: 'conditions',
        subject: 'decision',
        context: t('decisions.translations.contexts.conditions'),
        english: input.decision.conditions,
        shown: true,
      })
  }
  for (const a of input.actions) {
    texts.push({
      kind: 'action',
      subject: a.id,
      context: t('decisions.translations.contexts.action'),
      english: a.title,
      shown: true,
    })
    const latest = a.progress.at(-1)?.note
    if (latest)
      texts.push({
        kind: 'progress',
        subject: a.id,
        context: t('decisions.translations.contexts.progress', { title: a.title }),
        english: latest,
        shown: true,
      })
  }
  return texts
}

export function translationSlots(
  texts: readonly TranslatableText[],
  saved: readonly SavedTranslation[],
): TranslationSlot[] {
  return texts.map((text) => {
    const found = saved.find((s) => s.kind === text.kind && s.subject === text.subject)
    return {
      ...text,
      name: slotName(text.kind, text.subject),
      current: found?.text ?? '',
      stale: found !== undefined && found.source !== text.english,
    }
  })
}

/** Picks each public text in `language`, or its English marked untranslated; English pages are as they were. */
export function localiser(saved: readonly SavedTranslation[], language: LanguageChoice | undefined) {
  return (kind: DecisionTranslationKind, subject: string, english: string): PublicText => {
    const inEnglish = { text: english, lang: 'en', dir: 'ltr' as const }
    if (!language || english === '') return { ...inEnglish, untranslated: false, plain: true }
    const found = saved.find((s) => s.kind === kind && s.subject === subject && s.source === english)
    return found
      ? { text: found.text, lang: language.lang, dir: language.dir, untranslated: false, plain: false }
      : { ...inEnglish, untranslated: true, plain: false }
  }
}
export type Localise = ReturnType<typeof localiser>

/** The English the form was shown with, so a save made against English since changed is caught. */
export function englishSeen(slots: readonly TranslationSlot[]): string {
  return createHash('sha256')
    .update(JSON.stringify(slots.map((s) => [s.name, s.english])))
    .digest('hex')
}

const maxTranslation = 10_000

/** The texts the form sent; an empty box removes that translation, one not sent is left as it was. Names no slot has are refused. */
export function parseTranslationsForm(
  body: unknown,
  slots: readonly TranslationSlot[],
): FormResult<(SavedTranslation & { text: string })[]> {
  const values: Record<string, string> = {}
  const errors: FieldErrors = {}
  const names = new Set(slots.map((s) => s.name))
  for (const name of Object.keys((body ?? {}) as Record<string, unknown>))
    if (name !== '_csrf' && name !== 'seen' && !names.has(name))
      errors.form = t('decisions.translations.errors.unknown')
  const value = slots.flatMap((slot) => {
    const sent = field(body, slot.name)
    if (sent === undefined) return []
    const text = sent.replace(/\r\n?/g, '\n').trim()
    values[slot.name] = text
    if (text.length > maxTranslation)
      errors[slot.name] = t('decisions.translations.errors.tooLong', { max: maxTranslation })
    else if (hasControlCharacters(text)) errors[slot.name] = t('decisions.translations.errors.characters')
    return [{ kind: slot.kind, subject: slot.subject, source: slot.english, text }]
  })
  return Object.keys(errors).length > 0 ? { ok: false, errors, values } : { ok: true, value }
}
