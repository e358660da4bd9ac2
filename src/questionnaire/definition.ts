import { z } from 'zod'

// The shape of a questionnaire version's `definition` column. Keys are stable identifiers that
// answers refer to, so they are lower-case words joined by underscores.

const key = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]{0,62}$/,
    'must be lower-case letters, digits and underscores, starting with a letter',
  )

/** A language a text can be given in: a BCP 47 tag such as "cy" or "pa-Guru", or "easy-read". */
export const languageCode = z
  .string()
  .regex(
    /^(easy-read|[a-z]{2,3}(-[A-Za-z0-9]{2,8})*)$/,
    'must be a language code such as "cy" or "pl", or "easy-read"',
  )

/** Other wordings of an object's texts, by language; any text left out falls back to English. */
const translations = <T extends z.ZodRawShape>(texts: T) =>
  z.record(languageCode, z.object(texts).partial()).optional()

const option = z.object({
  value: z.string().regex(/^[a-z0-9_]{1,64}$/, 'must be lower-case letters, digits and underscores'),
  label: z.string().min(1).max(500),
  translations: translations({ label: z.string().min(1).max(500) }),
})

/** Routing: the question is shown only when an earlier question was answered with one of these. */
const showIf = z.object({
  question: key,
  anyOf: z.array(option.shape.value).min(1, 'needs at least one answer to show the question for'),
})

const base = {
  key,
  title: z.string().min(1).max(1000),
  hint: z.string().max(2000).optional(),
  required: z.boolean().default(false),
  proposal: z.number().int().positive().optional(),
  showIf: showIf.optional(),
  translations: translations({
    title: z.string().min(1).max(1000),
    hint: z.string().max(2000),
    lowLabel: z.string().max(100),
    highLabel: z.string().max(100),
  }),
}

const options = z.array(option).min(1, 'needs at least one option')
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written as YYYY-MM-DD')

export const singleChoiceQuestion = z.object({ ...base, type: z.literal('single_choice'), options })

export const multipleChoiceQuestion = z.object({
  ...base,
  type: z.literal('multiple_choice'),
  options,
  maxChoices: z.number().int().min(1).optional(),
})

/** The standard five-point agreement scale, with "Don't know" unless it is switched off. */
export const agreementQuestion = z.object({
  ...base,
  type: z.literal('agreement'),
  includeDontKnow: z.boolean().default(true),
})

export const ratingQuestion = z.object({
  ...base,
  type: z.literal('rating'),
  max: z.number().int().min(2).max(10).default(5),
  lowLabel: z.string().max(100).optional(),
  highLabel: z.string().max(100).optional(),
})

export const freeTextQuestion = z.object({
  ...base,
  type: z.literal('free_text'),
  maxLength: z.number().int().min(1).max(50_000).default(5000),
})

export const numberQuestion = z.object({
  ...base,
  type: z.literal('number'),
  min: z.number().optional(),
  max: z.number().optional(),
  wholeNumber: z.boolean().default(true),
})

export const dateQuestion = z.object({
  ...base,
  type: z.literal('date'),
  earliest: isoDate.optional(),
  latest: isoDate.optional(),
})

/** A UK postcode, whole or only its first half (the district), which is what most questionnaires ask. */
export const postcodeQuestion = z.object({
  ...base,
  type: z.literal('postcode'),
  part: z.enum(['full', 'district']).default('district'),
})

export const rankingQuestion = z.object({
  ...base,
  type: z.literal('ranking'),
  options: z.array(option).min(2, 'needs at least two options to rank'),
})

export const question = z.discriminatedUnion('type', [
  singleChoiceQuestion,
  multipleChoiceQuestion,
  agreementQuestion,
  ratingQuestion,
  freeTextQuestion,
  numberQuestion,
  dateQuestion,
  postcodeQuestion,
  rankingQuestion,
])

export const agreementScale = [
  { value: 'strongly_agree', label: 'Strongly agree' },
  { value: 'agree', label: 'Agree' },
  { value: 'neither', label: 'Neither agree nor disagree' },
  { value: 'disagree', label: 'Disagree' },
  { value: 'strongly_disagree', label: 'Strongly disagree' },
] as const
export const dontKnow = { value: 'dont_know', label: "Don't know" } as const

export type Question = z.output<typeof question>

/** The answers a person can choose from, for the question types that offer a fixed set. */
export function choicesOf(q: Question): { value: string; label: string }[] | undefined {
  switch (q.type) {
    case 'single_choice':
    case 'multiple_choice':
    case 'ranking':
      return q.options
    case 'agreement':
      return q.includeDontKnow ? [...agreementScale, dontKnow] : [...agreementScale]
    case 'rating':
      return Array.from({ length: q.max }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }))
    default:
      return undefined
  }
}

/** What the form asks about the respondent besides the questions; all optional, so older definitions still parse. */
const respondent = z.object({
  /** Shown before the first page: how the answers are used and kept. */
  privacyNotice: z.string().max(5000).optional(),
  /** Ask whether the person responds for an organisation, and which. */
  askOrganisation: z.boolean().default(false),
  /** Ask whether the person agrees to be contacted, and their email address. */
  askContact: z.boolean().default(false),
})

export const questionnaireSection = z.object({
  key,
  title: z.string().min(1).max(500),
  translations: translations({ title: z.string().min(1).max(500) }),
  questions: z.array(question).min(1, 'needs at least one question'),
})

export const questionnaireDefinition = z.object({
  respondent: respondent.optional(),
  sections: z.array(questionnaireSection).min(1, 'needs at least one section'),
})

/** A definition still being built: sections may be empty, and there may be none yet. */
export const draftDefinition = z.object({
  respondent: respondent.optional(),
  sections: z.array(questionnaireSection.extend({ questions: z.array(question) })),
})

export type QuestionnaireDefinition = z.output<typeof questionnaireDefinition>
export type QuestionInput = z.input<typeof question>
export type QuestionnaireSection = z.output<typeof questionnaireSection>

export function allQuestions(definition: QuestionnaireDefinition): Question[] {
  return definition.sections.flatMap((s) => s.questions)
}

/** Every kind of question, in the order the builder offers them. */
export const questionTypes = [
  'single_choice',
  'multiple_choice',
  'agreement',
  'rating',
  'free_text',
  'number',
  'date',
  'postcode',
  'ranking',
] as const
export type QuestionType = (typeof questionTypes)[number]

export const isQuestionType = (value: unknown): value is QuestionType =>
  (questionTypes as readonly unknown[]).includes(value)
