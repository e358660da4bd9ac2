import { type Static, Type } from 'typebox'

// Request schemas shared by every feature's routes. Fastify validates params and query against
// them before a handler runs; a path that cannot name a record (a malformed id) answers 404 like an
// unknown one (see error-handler.ts), and the handler gets typed values.

/** A record's id in the path, as every table keys its rows. */
export const recordId = Type.String({ format: 'uuid' })

/** Whether a value has the shape `recordId` accepts, for code that sees an id before any schema has. */
export const isRecordId = (value: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)

/**
 * A consultation's address in public paths, in the shape consultation setup gives every slug. Any
 * other text (a NUL, which PostgreSQL refuses, or a line break) answers 404 before a query is made.
 */
export const consultationSlug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 200 })

/** `/…/:id/…`: the common case of one record in the path. */
export const idParams = Type.Object({ id: recordId })
export type IdParams = Static<typeof idParams>
