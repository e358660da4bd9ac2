import { type Static, Type } from 'typebox'

// The public form's path parameters. Query values stay unchecked here: `?lang=` is matched against
// the languages a questionnaire offers, and anything else is read as English.

export const slugParams = Type.Object({ slug: Type.String({ minLength: 1 }) })
export type SlugParams = Static<typeof slugParams>

export const receiptParams = Type.Object({
  slug: Type.String({ minLength: 1 }),
  key: Type.String({ minLength: 1 }),
})
export type ReceiptParams = Static<typeof receiptParams>

export const pageParams = Type.Object({
  slug: Type.String({ minLength: 1 }),
  page: Type.String({ minLength: 1 }),
})
export type PageParams = Static<typeof pageParams>
