import type { z } from 'zod'
import { ValidationError } from '../platform/errors.js'
import {
  allQuestions,
  choicesOf,
  type Question,
  type QuestionnaireDefinition,
  questionnaireDefinition,
} from './definition.js'

// What makes a questionnaire fit to publish, beyond its shape. Every problem is listed at once, in
// words a consultation manager can act on, so one attempt to publish shows everything to fix.

/** The answers a question can be routed on, or undefined when it cannot be routed on. */
export function routableValues(question: Question): string[] | undefined {
  if (question.type === 'ranking') return undefined
  return choicesOf(question)?.map((o) => o.value)
}

function describeShapeIssue(definition: unknown, issue: z.core.$ZodIssue): string {
  const where: string[] = []
  const [sections, s, questions, q] = issue.path
  if (sections === 'sections' && typeof s === 'number') {
    where.push(`section ${s + 1}`)
    if (questions === 'questions' && typeof q === 'number') {
      const raw = (definition as { sections?: { questions?: { key?: unknown }[] }[] }).sections?.[s]
        ?.questions?.[q]
      const name = typeof raw?.key === 'string' ? ` (${raw.key})` : ''
      where.push(`question ${q + 1}${name}`)
    }
  }
  const field = issue.path.slice(where.length === 2 ? 4 : where.length === 1 ? 2 : 0).join('.')
  const prefix = where.length > 0 ? `${where.join(', ')}: ` : ''
  return `${prefix}${field ? `${field} ` : ''}${issue.message}`
}

function findCycle(questions: Question[]): string[] | undefined {
  const edges = new Map(questions.map((q) => [q.key, q.showIf?.question]))
  for (const start of edges.keys()) {
    const path: string[] = [start]
    for (let next = edges.get(start); next !== undefined; next = edges.get(next)) {
      if (next === start) return [...path, start]
      if (path.includes(next)) break
      path.push(next)
    }
  }
  return undefined
}

function routingProblems(definition: QuestionnaireDefinition): string[] {
  const problems: string[] = []
  const questions = allQuestions(definition)
  const position = new Map(questions.map((q, i) => [q.key, i]))
  const byKey = new Map(questions.map((q) => [q.key, q]))

  const seen = new Set<string>()
  for (const q of questions) {
    if (seen.has(q.key)) problems.push(`question key "${q.key}" is used twice`)
    seen.add(q.key)
    if ('options' in q) {
      const values = q.options.map((o) => o.value)
      const repeated = values.filter((v, i) => values.indexOf(v) !== i)
      for (const v of new Set(repeated)) problems.push(`question "${q.key}" has the option "${v}" twice`)
    }
  }

  const cycle = findCycle(questions)
  if (cycle) problems.push(`routing goes round in a circle: ${cycle.join(' → ')}`)

  for (const q of questions) {
    const rule = q.showIf
    if (!rule) continue
    const target = byKey.get(rule.question)
    if (!target) {
      problems.push(
        `question "${q.key}" is shown only after question "${rule.question}", which does not exist`,
      )
      continue
    }
    if (rule.question === q.key || (position.get(rule.question) ?? 0) > (position.get(q.key) ?? 0)) {
      if (!cycle?.includes(q.key)) {
        problems.push(
          `question "${q.key}" depends on question "${rule.question}", which does not come before it`,
        )
      }
      continue
    }
    const values = routableValues(target)
    if (!values) {
      problems.push(
        `question "${q.key}" depends on question "${rule.question}", whose answers cannot be routed on`,
      )
      continue
    }
    for (const value of rule.anyOf) {
      if (!values.includes(value)) {
        problems.push(
          `question "${q.key}" depends on the answer "${value}" to "${rule.question}", which has no such option`,
        )
      }
    }
  }

  // A question can be reached when every question its rule depends on can, with an answer it names.
  const reachable = new Set<string>()
  for (const q of questions) {
    const rule = q.showIf
    const target = rule ? byKey.get(rule.question) : undefined
    const values = target ? routableValues(target) : undefined
    const canShow =
      !rule ||
      (reachable.has(rule.question) &&
        (position.get(rule.question) ?? 0) < (position.get(q.key) ?? 0) &&
        rule.anyOf.some((v) => values?.includes(v)))
    if (canShow) reachable.add(q.key)
    else if (q.required)
      problems.push(`required question "${q.key}" can never be shown, so nobody could answer it`)
  }
  return problems
}

/** Every reason the definition cannot be published; none means it can. */
export function questionnaireProblems(input: unknown): string[] {
  const shape = questionnaireDefinition.safeParse(input)
  if (!shape.success) return shape.error.issues.map((issue) => describeShapeIssue(input, issue))
  return routingProblems(shape.data)
}

/** A definition fit to publish, or a ValidationError listing every problem. */
export function parseQuestionnaireDefinition(value: unknown): QuestionnaireDefinition {
  const problems = questionnaireProblems(value)
  if (problems.length > 0)
    throw new ValidationError({ questionnaire: problems.join('; ') }, problems.join('\n'))
  return questionnaireDefinition.parse(value)
}
