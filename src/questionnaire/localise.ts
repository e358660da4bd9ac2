import {
  choicesOf,
  type Question,
  type QuestionnaireDefinition,
  type QuestionnaireSection,
} from './definition.js'

// A questionnaire in the language a respondent chose. Each text says which language it is in, so
// a text not yet translated is shown in English and marked `lang="en"` inside a page in Welsh.

export const easyRead = 'easy-read'

export interface LanguageChoice {
  /** How the definition stores it: "cy", "pl", or "easy-read". */
  code: string
  /** The `lang` attribute for text in it: Easy Read is English. */
  lang: string
  /** Its own name for itself, as a language menu shows it: "Cymraeg", "Polski", "Easy Read". */
  name: string
  dir: 'ltr' | 'rtl'
}

const rightToLeft = new Set(['ar', 'fa', 'he', 'ps', 'ur', 'yi'])

export function describeLanguage(code: string): LanguageChoice {
  if (code === 'en') return { code, lang: 'en', name: 'English', dir: 'ltr' }
  if (code === easyRead) return { code, lang: 'en', name: 'Easy Read', dir: 'ltr' }
  let name = code
  try {
    name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code
  } catch {
    name = code
  }
  const primary = code.split('-')[0] ?? code
  return {
    code,
    lang: code,
    name: name.charAt(0).toLocaleUpperCase(code) + name.slice(1),
    dir: rightToLeft.has(primary) ? 'rtl' : 'ltr',
  }
}

type Translated = { translations?: Record<string, Record<string, string | undefined>> | undefined }

function textsOf(definition: QuestionnaireDefinition): Translated[] {
  return definition.sections.flatMap((s) => [
    s,
    ...s.questions.flatMap((q): Translated[] => [q, ...('options' in q ? q.options : [])]),
  ])
}

/** The languages the definition has text in, English first, then in code order. */
export function languagesOf(definition: QuestionnaireDefinition): LanguageChoice[] {
  const codes = new Set<string>()
  for (const item of textsOf(definition))
    for (const code of Object.keys(item.translations ?? {})) codes.add(code)
  return ['en', ...[...codes].sort()].map(describeLanguage)
}

export interface LocalText {
  text: string
  lang: string
}

export interface LocalisedQuestion {
  /** The question as defined, with its English wording. */
  question: Question
  title: LocalText
  hint: LocalText | undefined
  lowLabel: LocalText | undefined
  highLabel: LocalText | undefined
  /** The answers to choose from, for the types that offer a fixed set. */
  choices: { value: string; label: LocalText }[] | undefined
}

export interface LocalisedSection {
  key: string
  title: LocalText
  questions: LocalisedQuestion[]
}

export interface LocalisedDefinition {
  language: LanguageChoice
  sections: LocalisedSection[]
}

/** Every respondent-facing text in `language`, or in English where there is no translation. */
export function localiseDefinition(
  definition: QuestionnaireDefinition,
  language: string,
): LocalisedDefinition {
  const chosen = describeLanguage(language)
  const pick = (english: string, item: Translated, field: string): LocalText => {
    const translated = language === 'en' ? undefined : item.translations?.[language]?.[field]
    return translated ? { text: translated, lang: chosen.lang } : { text: english, lang: 'en' }
  }
  const optional = (english: string | undefined, item: Translated, field: string) =>
    english === undefined || english === '' ? undefined : pick(english, item, field)
  const localiseQuestion = (q: Question): LocalisedQuestion => {
    const options = 'options' in q ? q.options : undefined
    return {
      question: q,
      title: pick(q.title, q, 'title'),
      hint: optional(q.hint, q, 'hint'),
      lowLabel: q.type === 'rating' ? optional(q.lowLabel, q, 'lowLabel') : undefined,
      highLabel: q.type === 'rating' ? optional(q.highLabel, q, 'highLabel') : undefined,
      choices: choicesOf(q)?.map((choice) => {
        const option = options?.find((o) => o.value === choice.value)
        return {
          value: choice.value,
          label: option ? pick(option.label, option, 'label') : { text: choice.label, lang: 'en' },
        }
      }),
    }
  }
  const localiseSection = (s: QuestionnaireSection): LocalisedSection => ({
    key: s.key,
    title: pick(s.title, s, 'title'),
    questions: s.questions.map(localiseQuestion),
  })
  return { language: chosen, sections: definition.sections.map(localiseSection) }
}

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/**
 * A text for an NHS.UK macro: plain `text` when it is in the page's language, otherwise `html`
 * with the text escaped inside a span that carries its own `lang`.
 */
export function textInPage(local: LocalText, pageLang: string): { text: string } | { html: string } {
  return local.lang === pageLang ? { text: local.text } : { html: inOwnLanguage(local) }
}

/** The text escaped, inside a span that carries its language. */
export function inOwnLanguage(local: LocalText): string {
  const escaped = local.text.replace(/[&<>"']/g, (c) => escapes[c] ?? c)
  return `<span lang="${local.lang}">${escaped}</span>`
}
