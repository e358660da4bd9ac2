import { z } from 'zod'

// The shape of a questionnaire version's `definition` column. Keys are stable identifiers that
// answers refer to, so they are lower-case words joined by underscores.

const key = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]{0,62}$/,
    'must be lower-case letters, digits and underscores, starting with a letter',
  )

const option = z.object({
  value: z.string().regex(/^[a-z0-9_]{1,64}$/, 'must be lower-case letters, digits and underscores'),
  label: z.string().min(1).max(500),
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
}

export const singleChoiceQuestion = z.object({
  ...base,
  type: z.literal('single_choice'),
  options: z.array(option).min(1, 'needs at least one option'),
})

export const freeTextQuestion = z.object({
  ...base,
  type: z.literal('free_text'),
  maxLength: z.number().int().min(1).max(50_000).default(5000),
})

export const question = z.discriminatedUnion('type', [singleChoiceQuestion, freeTextQuestion])

export const questionnaireDefinition = z.object({
  sections: z
    .array(
      z.object({
        key,
        title: z.string().min(1).max(500),
        questions: z.array(question).min(1, 'needs at least one question'),
      }),
    )
    .min(1, 'needs at least one section'),
})

export type QuestionnaireDefinition = z.output<typeof questionnaireDefinition>
export type Question = z.output<typeof question>
export type QuestionInput = z.input<typeof question>

export function allQuestions(definition: QuestionnaireDefinition): Question[] {
  return definition.sections.flatMap((s) => s.questions)
}
