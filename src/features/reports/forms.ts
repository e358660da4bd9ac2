import { Type } from 'typebox'
import { type FormResult, field } from '../../platform/http/forms.js'
import { recordId } from '../../platform/http/schemas.js'
import { t } from '../../platform/i18n/translate.js'
import { editions, formats } from './model.js'

// Reading what the report pages are sent, with messages in NHS.UK style.

export const sectionParams = Type.Object({ id: recordId, index: Type.Integer({ minimum: 0, maximum: 99 }) })
export const downloadParams = Type.Object({
  id: recordId,
  edition: Type.Union(editions.map((e) => Type.Literal(e))),
  format: Type.Union(formats.map((f) => Type.Literal(f))),
})
export const publicEditionParams = Type.Object({
  slug: Type.String(),
  edition: Type.Union(editions.map((e) => Type.Literal(e))),
})
export const publicDownloadParams = Type.Object({
  slug: Type.String(),
  edition: Type.Union(editions.map((e) => Type.Literal(e))),
  format: Type.Union(formats.map((f) => Type.Literal(f))),
})

export interface SectionForm {
  heading: string
  text: string
  included: boolean
}

const maxText = 50_000

export function parseSectionForm(body: unknown): FormResult<SectionForm> {
  const heading = (field(body, 'heading') ?? '').trim()
  const text = (field(body, 'text') ?? '').replace(/\r\n/g, '\n')
  const included = field(body, 'included') !== 'no'
  const errors: Record<string, string> = {}
  if (heading === '') errors.heading = t('reports.errors.headingMissing')
  else if (heading.length > 200) errors.heading = t('reports.errors.headingTooLong')
  if (text.length > maxText) errors.text = t('reports.errors.textTooLong')
  if (Object.keys(errors).length > 0)
    return { ok: false, errors, values: { heading, text, included: included ? 'yes' : 'no' } }
  return { ok: true, value: { heading, text, included } }
}

export function parseDirection(body: unknown): 'up' | 'down' | undefined {
  const direction = field(body, 'direction')
  return direction === 'up' || direction === 'down' ? direction : undefined
}
