import type { Kysely } from 'kysely'
import {
  type ChainCheck,
  chainedFieldsOf,
  sealAuditEntries,
  verifyAuditChain,
} from '../../../platform/audit/audit-log.js'
import type { Database } from '../../../platform/db/schema.js'
import { londonToUtc } from '../../../platform/time/london.js'
import type { AuditFilters } from './filters.js'
import {
  type AuditQuery,
  type AuditRow,
  chainPage,
  findUserIdByEmail,
  listAuditEntries,
} from './repository.js'

export const auditPageSize = 50
const exportPageSize = 1000

/** The labels the log gives actors who are not staff accounts. */
const nonStaffActors = new Set(['public', 'system'])

/** One entry as an export line holds it: what its hash covers, its links, and the consultation it is about. */
export function exportLine(row: AuditRow): string {
  return JSON.stringify({
    seq: String(row.seq),
    ...chainedFieldsOf(row),
    prevHash: row.prev_hash,
    hash: row.hash,
    consultationId: row.consultation_id,
  })
}

export function createAuditService(deps: { db: Kysely<Database> }) {
  const { db } = deps

  async function queryOf(filters: AuditFilters): Promise<AuditQuery | undefined> {
    const query: AuditQuery = {
      consultationId: filters.consultationId,
      record: filters.record,
      action: filters.action,
      beforeSeq: filters.before,
      from: filters.from ? londonToUtc(filters.from, '00:00') : undefined,
      // The whole of the `to` day: up to the start of the next one.
      to: filters.to ? nextLondonMidnight(filters.to) : undefined,
    }
    if (filters.person) {
      if (nonStaffActors.has(filters.person)) query.actorLabel = filters.person
      else {
        const user = await findUserIdByEmail(db, filters.person)
        if (!user) return undefined
        query.actorUserId = user.id
      }
    }
    return query
  }

  return {
    /** A page of entries, newest first, and where the next (older) page starts; none for an unknown person. */
    async listEntries(filters: AuditFilters) {
      const query = await queryOf(filters)
      if (!query) return { entries: [], olderBefore: undefined, unknownPerson: true }
      const rows = await listAuditEntries(db, query, auditPageSize + 1)
      const entries = rows.slice(0, auditPageSize)
      const olderBefore = rows.length > auditPageSize ? String(entries.at(-1)?.seq) : undefined
      return { entries, olderBefore, unknownPerson: false }
    },

    /** Seals what is queued, then recomputes the whole chain. */
    async verify(): Promise<ChainCheck> {
      await sealAuditEntries(db)
      return verifyAuditChain(db)
    },

    /**
     * Seals what is queued, then hands every entry (or one consultation's) to `write` as a JSON
     * line, in chain order, a page at a time so that a long log never sits in memory.
     */
    async exportEntries(
      options: { consultationId?: string },
      write: (line: string) => Promise<void> | void,
    ): Promise<number> {
      await sealAuditEntries(db)
      let afterSeq = '0'
      let written = 0
      for (;;) {
        const rows = await chainPage(db, { ...options, afterSeq, limit: exportPageSize })
        for (const row of rows) await write(exportLine(row))
        written += rows.length
        if (rows.length < exportPageSize) return written
        afterSeq = String(rows.at(-1)?.seq)
      }
    },
  }
}

function nextLondonMidnight(date: string): Date | undefined {
  const day = new Date(`${date}T12:00:00Z`)
  day.setUTCDate(day.getUTCDate() + 1)
  return londonToUtc(day.toISOString().slice(0, 10), '00:00')
}

export type AuditService = ReturnType<typeof createAuditService>
