import { type Static, Type } from 'typebox'

// Request schemas shared by every feature's routes. Fastify validates params and query against
// them before a handler runs; a path that cannot name a record (a malformed id) answers 404 like an
// unknown one (see error-handler.ts), and the handler gets typed values.

/** A record's id in the path, as every table keys its rows. */
export const recordId = Type.String({ format: 'uuid' })

/** `/…/:id/…`: the common case of one record in the path. */
export const idParams = Type.Object({ id: recordId })
export type IdParams = Static<typeof idParams>
