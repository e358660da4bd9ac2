import type { Kysely } from 'kysely'
import { countedSummary } from '../../../platform/db/counted.js'
import type { ConsultationRow, Database } from '../../../platform/db/schema.js'
import { londonWallClock } from '../../../platform/time/london.js'
import { countWaitingWork } from './repository.js'

export type WorkspaceOverview = Awaited<ReturnType<WorkspaceService['overview']>>

export function createWorkspaceService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps
  return {
    /** A consultation at a glance: its counted figure, what was left out, and what waits for someone. */
    async overview(consultation: ConsultationRow) {
      const [counted, waiting] = await Promise.all([
        countedSummary(db, consultation.id),
        countWaitingWork(db, consultation.id, londonWallClock(now()).date),
      ])
      return { consultation, counted, waiting }
    },
  }
}

export type WorkspaceService = ReturnType<typeof createWorkspaceService>
