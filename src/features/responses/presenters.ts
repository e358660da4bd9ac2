import { type AnswerValue, responseChannels } from '../../platform/db/schema.js'
import { t } from '../../platform/i18n/translate.js'
import { choicesOf, type Question, type QuestionnaireDefinition } from '../../questionnaire/definition.js'
import {
  describeLanguage,
  inOwnLanguage,
  type LocalisedQuestion,
  type LocalText,
  languagesOf,
  localiseDefinition,
  textInPage,
} from '../../questionnaire/localise.js'
import { answerField, errorKey, partField } from './answer-validation.js'

type FormValues = Record<string, string | string[]>

const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value : '')

/** One question as a view model for the NHS.UK form macro that suits its type. */
function presentQuestion(
  lq: LocalisedQuestion,
  pageLang: string,
  values: FormValues,
  errors: Record<string, string>,
) {
  const q = lq.question
  const name = answerField(q.key)
  const title = textInPage(lq.title, pageLang)
  const hint = lq.hint ? textInPage(lq.hint, pageLang) : undefined
  const common = {
    type: q.type,
    name,
    id: errorKey(q),
    title: 'text' in title ? (q.required ? title.text : `${title.text} (optional)`) : undefined,
    titleHtml: 'html' in title ? (q.required ? title.html : `${title.html} (optional)`) : undefined,
    hint: hint && 'text' in hint ? hint.text : undefined,
    hintHtml: hint && 'html' in hint ? hint.html : undefined,
    error: errors[errorKey(q)],
  }
  const item = (c: { value: string; label: LocalText }) => ({
    value: c.value,
    ...textInPage(c.label, pageLang),
  })
  switch (q.type) {
    case 'single_choice':
    case 'agreement':
    case 'rating':
      return {
        ...common,
        inline: q.type === 'rating',
        items: (lq.choices ?? []).map((c) => ({ ...item(c), checked: values[name] === c.value })),
      }
    case 'multiple_choice': {
      const chosen = ([] as string[]).concat(values[name] ?? [])
      return {
        ...common,
        hint:
          common.hint ??
          (common.hintHtml
            ? undefined
            : q.maxChoices
              ? t('form.chooseUpTo', { max: q.maxChoices })
              : t('form.chooseAll')),
        items: (lq.choices ?? []).map((c) => ({ ...item(c), checked: chosen.includes(c.value) })),
      }
    }
    case 'free_text':
      return { ...common, value: single(values[name]), maxLength: q.maxLength }
    case 'number':
    case 'postcode':
      return { ...common, value: single(values[name]) }
    case 'date': {
      const part = (p: string) => single(values[partField(q.key, p)])
      return { ...common, parts: { day: part('day'), month: part('month'), year: part('year') } }
    }
    case 'ranking':
      return {
        ...common,
        ranks: (lq.choices ?? []).map((o) => {
          const chosen = single(values[partField(q.key, o.value)])
          const items = [
            { value: '', text: t('form.notRanked') },
            ...q.options.map((_, i) => ({ value: String(i + 1), text: String(i + 1) })),
          ]
          return {
            id: `${name}-${o.value}`,
            name: partField(q.key, o.value),
            label: textInPage(o.label, pageLang),
            items: items.map((item) => ({ ...item, selected: chosen === item.value })),
          }
        }),
      }
  }
}

/**
 * The form's questions as view models for the NHS.UK form macros, one shape per question type,
 * in `language` where the definition has it (English otherwise, marked with its own `lang`).
 * With `questionKeys`, only those questions, as one page of the journey shows them.
 */
export function presentForm(
  definition: QuestionnaireDefinition,
  values: FormValues,
  errors: Record<string, string>,
  language: unknown = 'en',
  questionKeys?: readonly string[],
) {
  const offered = languagesOf(definition).some((l) => l.code === language)
  const localised = localiseDefinition(definition, offered ? String(language) : 'en')
  const pageLang = localised.language.lang
  const shown = (q: LocalisedQuestion) => questionKeys === undefined || questionKeys.includes(q.question.key)
  return localised.sections
    .filter((section) => section.questions.some(shown))
    .map((section) => ({
      title: textInPage(section.title, pageLang),
      questions: section.questions.filter(shown).map((q) => presentQuestion(q, pageLang, values, errors)),
    }))
}

/**
 * A journey page's title, for its `<title>`: the title of the section its questions are in, in
 * `language` where the definition has it, as plain text.
 */
export function presentPageTitle(
  definition: QuestionnaireDefinition,
  page: { title: string; questions: readonly Question[] },
  language: unknown = 'en',
): string {
  const offered = languagesOf(definition).some((l) => l.code === language)
  const localised = localiseDefinition(definition, offered ? String(language) : 'en')
  const first = page.questions[0]?.key
  const section = localised.sections.find((s) => s.questions.some((q) => q.question.key === first))
  return section?.title.text ?? page.title
}

/** The languages the form can be read in, as links that keep the reader on the same page. */
export function presentFormLanguages(definition: QuestionnaireDefinition, language: unknown, path: string) {
  const languages = languagesOf(definition)
  if (languages.length < 2) return { languages: [], chosen: describeLanguage('en') }
  const chosen = languages.find((l) => l.code === language) ?? describeLanguage('en')
  return {
    chosen,
    languages: languages.map((l) => ({
      ...l,
      href: l.code === 'en' ? path : `${path}?lang=${encodeURIComponent(l.code)}`,
      current: l.code === chosen.code,
    })),
  }
}

/** A channel's name in words; a channel this version does not know keeps its stored name. */
export const channelLabel = (channel: string) =>
  (responseChannels as readonly string[]).includes(channel) ? t(`responses.channels.${channel}`) : channel

/** An answer in words: option labels rather than stored values, rankings numbered. */
export function presentAnswer(q: Question, value: AnswerValue | undefined): string {
  if (value === undefined) return t('responses.notAnswered')
  const label = (v: string | number) => choicesOf(q)?.find((c) => c.value === String(v))?.label ?? String(v)
  if (Array.isArray(value)) {
    return q.type === 'ranking'
      ? value.map((v, i) => `${i + 1}. ${label(v)}`).join('\n')
      : value.map(label).join('\n')
  }
  return label(value)
}

/** The page shown when the form cannot be answered: not open yet, or closed, with the channels still open. */
export function presentClosed(
  consultation: { status: string; opens_at: Date; closes_at: Date; postal_deadline_at: Date | null },
  at: Date,
) {
  const notYetOpen =
    consultation.status === 'scheduled' || (consultation.status === 'open' && at < consultation.opens_at)
  return {
    consultation,
    notYetOpen,
    postalOpen:
      !notYetOpen && consultation.postal_deadline_at !== null && at < consultation.postal_deadline_at,
  }
}

/** The "Check your answers" page: a summary list per section, each answer with a link to change it,
 * in the language the form is read in, with English where there is no translation. */
export function presentCheckAnswers(
  groups: {
    key: string
    questions: { question: Question; value: AnswerValue | undefined; page: string }[]
  }[],
  pageHref: (page: string) => string,
  definition: QuestionnaireDefinition,
  language: unknown = 'en',
) {
  const offered = languagesOf(definition).some((l) => l.code === language)
  const localised = localiseDefinition(definition, offered ? String(language) : 'en')
  const pageLang = localised.language.lang
  const sections = new Map(localised.sections.map((s) => [s.key, s]))
  return groups.map((group) => {
    const section = sections.get(group.key)
    const local = new Map(section?.questions.map((q) => [q.question.key, q]))
    return {
      title: section ? textInPage(section.title, pageLang) : { text: group.key },
      rows: group.questions.map(({ question, value, page }) => {
        const lq = local.get(question.key)
        const title = lq ? lq.title.text : question.title
        return {
          key: lq ? textInPage(lq.title, pageLang) : { text: question.title },
          // Line breaks are kept only where people type them: the class would show the macro's own too.
          value: {
            ...localAnswer(question, lq, value, pageLang),
            classes: question.type === 'free_text' ? 'heard-free-text' : undefined,
          },
          actions: {
            items: [
              {
                href: `${pageHref(page)}?change=yes#${errorKey(question)}`,
                text: t('journey.change'),
                visuallyHiddenText: title,
              },
            ],
          },
        }
      }),
    }
  })
}

/** An answer as its chosen labels in the form's language; typed answers exactly as typed. */
function localAnswer(
  question: Question,
  lq: LocalisedQuestion | undefined,
  value: AnswerValue | undefined,
  pageLang: string,
): { text: string } | { html: string } {
  const choices = lq?.choices
  if (value === undefined || !choices) return { text: presentAnswer(question, value) }
  const labelOf = (v: string | number) =>
    choices.find((c) => c.value === String(v))?.label ?? { text: String(v), lang: pageLang }
  const labels = (Array.isArray(value) ? value : [value]).map((v, i) => {
    const label = labelOf(v)
    return question.type === 'ranking' ? { ...label, text: `${i + 1}. ${label.text}` } : label
  })
  if (labels.every((l) => l.lang === pageLang)) return { text: labels.map((l) => l.text).join('\n') }
  return { html: labels.map(inOwnLanguage).join('<br>') }
}

/** Rows for the NHS.UK summary list; free text keeps its line breaks through a CSS class. */
export function presentAnswerRows(questions: { question: Question; value: AnswerValue | undefined }[]) {
  return questions.map(({ question, value }) => ({
    key: { text: question.title },
    value: { text: presentAnswer(question, value), classes: 'heard-free-text' },
  }))
}

/** A table of responses by day (rows) and channel (columns), with totals, for the channels that occur. */
export function presentPerDay(rows: { day: string; channel: string; n: number }[]) {
  const channelsSeen = [...new Set(rows.map((r) => r.channel))].sort()
  const days = [...new Set(rows.map((r) => r.day))].sort()
  const count = (day: string, channel: string) =>
    rows.find((r) => r.day === day && r.channel === channel)?.n ?? 0
  return {
    columns: channelsSeen.map(channelLabel),
    rows: days.map((day) => {
      const counts = channelsSeen.map((c) => count(day, c))
      return { day, counts, total: counts.reduce((a, b) => a + b, 0) }
    }),
    totals: channelsSeen.map((c) => rows.filter((r) => r.channel === c).reduce((a, r) => a + r.n, 0)),
    total: rows.reduce((a, r) => a + r.n, 0),
  }
}
