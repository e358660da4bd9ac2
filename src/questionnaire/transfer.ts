import { z } from 'zod'
import { type QuestionnaireDefinition, questionnaireDefinition } from './definition.js'
import { questionnaireProblems } from './rules.js'

// Questionnaire definitions as JSON files: exported as stored, imported only when every check
// passes, and described by a JSON Schema generated from the same zod schema that checks them.

export const questionnaireSchemaPath = '/questionnaire-schema.json'

/** The JSON Schema (draft 2020-12) of a questionnaire definition file, as an importer reads it. */
export function questionnaireJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(questionnaireDefinition, { io: 'input' }),
    $id: questionnaireSchemaPath,
    title: 'Heard questionnaire definition',
    description:
      'Sections of questions, each question with a stable key that answers refer to. Texts may have translations by language code, and "easy-read" wording.',
  }
}

/** Where a problem is in the file, as a JSON path: sections[0].questions[2].options. */
function jsonPath(path: PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('')
}

export type ImportResult =
  | { ok: true; definition: QuestionnaireDefinition }
  | { ok: false; problems: string[] }

/** Reads a definition file, listing every problem with where it is, or the definition to save. */
export function readQuestionnaireFile(text: string): ImportResult {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { ok: false, problems: [`the file is not valid JSON: ${(error as Error).message}`] }
  }
  const shape = questionnaireDefinition.safeParse(value)
  if (!shape.success) {
    return {
      ok: false,
      problems: shape.error.issues.map(
        (issue) => `${jsonPath(issue.path) || '(the whole file)'}: ${issue.message}`,
      ),
    }
  }
  const problems = questionnaireProblems(value)
  return problems.length > 0 ? { ok: false, problems } : { ok: true, definition: shape.data }
}

/** A definition as a file to download: indented, with a pointer to its schema. */
export function writeQuestionnaireFile(definition: QuestionnaireDefinition): string {
  return `${JSON.stringify(definition, null, 2)}\n`
}
