import { type Static, Type } from 'typebox'
import { recordId } from '../../../platform/http/schemas.js'

// Paths of recorded responses that name an event or a response rather than a consultation.

export const eventParams = Type.Object({ eventId: recordId })
export type EventParams = Static<typeof eventParams>

export const responseParams = Type.Object({ responseId: recordId })
export type ResponseParams = Static<typeof responseParams>
