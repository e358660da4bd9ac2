import { type Static, Type } from 'typebox'
import { consultationSlug, recordId } from '../../../platform/http/schemas.js'

// The public form's path parameters. Query values stay unchecked here: `?lang=` is matched against
// the languages a questionnaire offers, and anything else is read as English.

export const slugParams = Type.Object({ slug: consultationSlug })
export type SlugParams = Static<typeof slugParams>

export const receiptParams = Type.Object({
  slug: consultationSlug,
  // A receipt is named by the submission key the form sent, which is accepted only as a uuid.
  key: recordId,
})
export type ReceiptParams = Static<typeof receiptParams>

export const pageParams = Type.Object({
  slug: consultationSlug,
  page: Type.String({ minLength: 1 }),
})
export type PageParams = Static<typeof pageParams>
