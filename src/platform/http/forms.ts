import type { FieldErrors } from '../errors.js'
import { t } from '../i18n/translate.js'
import { HttpStatus } from './status.js'

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

/** What a form's template wants: its errors, the NHS.UK error summary's list, and what was typed. */
export function formModel(form: { errors?: FieldErrors; values?: Record<string, string | string[]> }) {
  return {
    errors: form.errors,
    errorList: form.errors ? errorList(form.errors) : undefined,
    values: form.values ?? {},
  }
}

/** Items for an NHS.UK select: "any" first, then the choices, with the chosen one selected. */
export function selectItems(
  items: { value: string; text: string }[],
  chosen: string | undefined,
  anyKey: string,
) {
  return [{ value: '', text: t(anyKey) }, ...items].map((item) => ({
    ...item,
    selected: item.value === (chosen ?? ''),
  }))
}

/**
 * Parses an `application/x-www-form-urlencoded` body as browsers do (the WHATWG URL standard):
 * bytes that are not UTF-8 become U+FFFD, so validation can see that text was damaged, where a
 * lenient parser would pass the raw `%E9` through as if it had been typed. A name sent more than
 * once gives a list, in order.
 *
 * A NUL (U+0000) refuses the whole body with 400: no one types one, and PostgreSQL refuses it in
 * text and jsonb, so past this point it could only become a server error.
 */
/** Refuses with 400 any form text holding a NUL (U+0000), as parseFormBody explains. */
export function refuseNul(...texts: string[]): void {
  if (texts.some((text) => text.includes('\u0000')))
    throw Object.assign(new Error('A form field contains a NUL character'), {
      statusCode: HttpStatus.badRequest,
    })
}

export function parseFormBody(body: string): Record<string, string | string[]> {
  const fields = new Map<string, string | string[]>()
  for (const [name, value] of new URLSearchParams(body)) {
    refuseNul(name, value)
    const seen = fields.get(name)
    fields.set(name, seen === undefined ? value : ([] as string[]).concat(seen, value))
  }
  return Object.fromEntries(fields)
}
