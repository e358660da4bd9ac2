import { type Static, Type } from 'typebox'

// Request schemas shared by every feature's routes. Fastify validates params and query against
// them before a handler runs; a path that cannot name a record (a malformed id) answers 404 like an
// unknown one (see error-handler.ts), and the handler gets typed values.

/** A record's id in the path, as every table keys its rows. */
export const recordId = Type.String({ format: 'uuid' })

/** Whether a value has the shape `recordId` accepts, for code that sees an id before any schema has. */
export const isRecordId = (value: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)

/** `/…/:id/…`: the common case of one record in the path. */
export const idParams = Type.Object({ id: recordId })
export type IdParams = Static<typeof idParams>
