import type { FieldErrors } from '../errors.js'
import { t } from '../i18n/translate.js'
import { type FormResult, field } from './forms.js'

// Checks that staff forms of several features share; each feature keeps its own wording, named by
// the prefix of its locale keys (`textInvalid`, `tooLong`, `urlInvalid` under it).

// C0 and C1 controls other than tab and newline, and U+FFFD (bytes that were not UTF-8).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD]/
/** Whether text holds control characters (other than tab and newline) or U+FFFD, which are not stored. */
export const hasControlCharacters = (text: string) => controlCharacters.test(text)

const isoDay = /^(\d{4})-(\d{2})-(\d{2})$/
const ukDay = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/

/** "2021-12-14" or "14/12/2021" as "2021-12-14" when it is a real date. */
export function parseDay(text: string): string | undefined {
  const iso = isoDay.exec(text)
  const uk = ukDay.exec(text)
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : []
  if (!year || !month || !day) return undefined
  const value = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
  const check = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(check.getTime()) && check.toISOString().startsWith(value) ? value : undefined
}

/** The form's text fields, trimmed, with Windows line ends made plain. */
export function trimmedTexts(body: unknown, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    names.map((name) => [name, (field(body, name) ?? '').replace(/\r\n?/g, '\n').trim()]),
  )
}

/** The form's value when nothing was wrong, or its errors with what was typed. */
export const formResult = <T>(
  errors: FieldErrors,
  values: Record<string, string>,
  value: () => T,
): FormResult<T> =>
  Object.keys(errors).length > 0 ? { ok: false, errors, values } : { ok: true, value: value() }

/** Text and web-address checks whose messages are under `prefix` in the locale file. */
export function textChecks(prefix: string) {
  return {
    /** A text field: required (when `missing`, a key under `prefix`, is given), storable, and not too long. */
    checkText(
      errors: FieldErrors,
      values: Record<string, string>,
      name: string,
      max: number,
      missing?: string,
    ) {
      const value = values[name] ?? ''
      if (value === '') {
        if (missing) errors[name] = t(`${prefix}.${missing}`)
      } else if (!value.isWellFormed() || controlCharacters.test(value))
        errors[name] = t(`${prefix}.textInvalid`)
      else if ([...value].length > max) errors[name] = t(`${prefix}.tooLong`, { max })
    },
    /** An optional web address, which must be http or https. */
    checkUrl(errors: FieldErrors, values: Record<string, string>, name: string) {
      const value = values[name] ?? ''
      if (value === '') return
      let ok = false
      try {
        const url = new URL(value)
        ok = url.protocol === 'https:' || url.protocol === 'http:'
      } catch {
        ok = false
      }
      if (!ok) errors[name] = t(`${prefix}.urlInvalid`)
    },
  }
}
