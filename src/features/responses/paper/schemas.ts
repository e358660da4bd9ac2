import { type Static, Type } from 'typebox'
import { recordId } from '../../../platform/http/schemas.js'

// The paper pages' own path parameters: a paper return, and one keying's scan.

export const paperParams = Type.Object({ paperId: recordId })
export type PaperParams = Static<typeof paperParams>

export const scanParams = Type.Object({ keyingId: recordId })
export type ScanParams = Static<typeof scanParams>
