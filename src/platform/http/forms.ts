import type { FieldErrors } from '../errors.js'

export type FormResult<T> =
  | { ok: true; value: T }
  | { ok: false; errors: FieldErrors; values: Record<string, string> }

/** A form body field as one string: repeated fields and non-strings are treated as absent. */
export function field(body: unknown, name: string): string | undefined {
  if (!body || typeof body !== 'object') return undefined
  const value = (body as Record<string, unknown>)[name]
  return typeof value === 'string' ? value : undefined
}

/** The NHS.UK error summary wants a list of { text, href } pointing at each field. */
export function errorList(errors: FieldErrors): { text: string; href: string }[] {
  return Object.entries(errors).map(([name, text]) => ({ text, href: `#${name}` }))
}
