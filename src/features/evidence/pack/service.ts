import { createHash } from 'node:crypto'
import { Writable } from 'node:stream'
import type { Kysely } from 'kysely'
import { type AuditActor, recordAudit, systemActor } from '../../../platform/audit/audit-log.js'
import type { Database } from '../../../platform/db/schema.js'
import { NotFoundError } from '../../../platform/errors.js'
import { isRecordId } from '../../../platform/http/schemas.js'
import { createJobQueue, type JobQueue } from '../../../platform/jobs/jobs.js'
import type { ConsultationService } from '../../consultations/index.js'
import type { AuditService } from '../audit/service.js'
import { writeEvidencePack } from './build.js'
import type { EvidenceSource } from './principles.js'
import {
  claimPack,
  deleteChunks,
  findPack,
  insertChunk,
  insertPack,
  listPacks,
  readChunk,
  updatePack,
} from './repository.js'
import { evidenceSources, type ReadReach } from './sources.js'

export const buildPackJob = 'evidence.build-pack'
const chunkBytes = 1024 * 1024
const packsShown = 10

export interface EvidencePackDeps {
  db: Kysely<Database>
  now: () => Date
  consultations: ConsultationService
  audit: AuditService
  readReach: ReadReach
  render(template: string, model: Record<string, unknown>): string
  jobs?: JobQueue
  /** Evidence sources other features keep for a consultation (the decision trail), by id. */
  keptSources?: (consultationId: string) => EvidenceSource[]
}

/** A stream that stores what is written to it as the pack's chunks, a megabyte at a time. */
function chunkWriter(db: Kysely<Database>, packId: string, hash: ReturnType<typeof createHash>) {
  let pending: Buffer[] = []
  let pendingBytes = 0
  let seq = 0
  let total = 0
  const flush = async () => {
    if (pendingBytes === 0) return
    const data = Buffer.concat(pending)
    pending = []
    pendingBytes = 0
    await insertChunk(db, packId, seq++, data)
  }
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      hash.update(chunk)
      total += chunk.length
      pending.push(chunk)
      pendingBytes += chunk.length
      if (pendingBytes < chunkBytes) return callback()
      flush().then(() => callback(), callback)
    },
    final(callback) {
      flush().then(() => callback(), callback)
    },
  })
  return { stream, size: () => total }
}

export function createEvidencePackService(deps: EvidencePackDeps) {
  const { db, now, consultations, audit } = deps
  const jobs = deps.jobs ?? createJobQueue()

  function writerFor(consultation: Awaited<ReturnType<ConsultationService['getById']>>) {
    return {
      db,
      sources: evidenceSources({
        db,
        readReach: deps.readReach,
        consultation,
        kept: deps.keptSources?.(consultation.id),
      }),
      exportAudit: (write: (line: string) => Promise<void>) =>
        audit.exportEntries({ consultationId: consultation.id }, write),
      render: deps.render,
    }
  }

  async function recordBuilt(consultationId: string, actor: AuditActor, sha256: string, bytes: number) {
    await db.transaction().execute((trx) =>
      recordAudit(trx, {
        actor,
        action: 'evidence_pack.built',
        entityType: 'consultation',
        entityId: consultationId,
        details: { sha256, bytes },
      }),
    )
  }

  return {
    /**
     * Builds the pack straight into `output` (the command line's file), and records its SHA-256 in
     * the audit log, so a pack handed over can later be matched to the one built.
     */
    async writePack(consultationId: string, output: Writable, actor: AuditActor = systemActor) {
      const consultation = await consultations.getById(consultationId)
      const hash = createHash('sha256')
      let bytes = 0
      const hashing = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          hash.update(chunk)
          bytes += chunk.length
          if (output.write(chunk)) callback()
          else output.once('drain', () => callback())
        },
        final(callback) {
          output.end(callback)
        },
      })
      const files = await writeEvidencePack(writerFor(consultation), consultation, hashing, { at: now() })
      const sha256 = hash.digest('hex')
      await recordBuilt(consultation.id, actor, sha256, bytes)
      return { files, sha256, bytes }
    },

    /** Queues a build for the background; its progress shows on the evidence page. */
    async requestPack(consultationId: string, actor: AuditActor) {
      const consultation = await consultations.getById(consultationId)
      const packId = await db.transaction().execute(async (trx) => {
        const id = await insertPack(trx, {
          consultationId: consultation.id,
          requestedBy: actor.userId,
          at: now(),
        })
        await recordAudit(trx, {
          actor,
          action: 'evidence_pack.requested',
          entityType: 'consultation',
          entityId: consultation.id,
          details: { packId: id },
        })
        return id
      })
      if (!(await jobs.send(buildPackJob, { packId }))) {
        await updatePack(db, packId, { status: 'failed', finishedAt: now() })
        throw new Error(`The job queue is not started, so ${buildPackJob} cannot be sent`)
      }
      return packId
    },

    /** The background job: builds a queued pack into its chunks, saying which stage it is at. */
    async runPackJob(packId: string) {
      if (!isRecordId(packId) || !(await claimPack(db, packId, now()))) return { skipped: true }
      const pack = await findPack(db, packId)
      if (!pack) return { skipped: true }
      try {
        const consultation = await consultations.getById(pack.consultation_id)
        await deleteChunks(db, packId)
        const hash = createHash('sha256')
        const writer = chunkWriter(db, packId, hash)
        await writeEvidencePack(writerFor(consultation), consultation, writer.stream, {
          at: now(),
          onStage: async (stage) => {
            await updatePack(db, packId, { stage })
          },
        })
        const sha256 = hash.digest('hex')
        await updatePack(db, packId, {
          status: 'done',
          stage: 'done',
          finishedAt: now(),
          byteSize: writer.size(),
          sha256,
        })
        await recordBuilt(consultation.id, systemActor, sha256, writer.size())
        return { bytes: writer.size(), sha256 }
      } catch (error) {
        await updatePack(db, packId, { status: 'failed', stage: 'failed', finishedAt: now() })
        throw error
      }
    },

    listPacks: (consultationId: string) => listPacks(db, consultationId, packsShown),

    /** A finished pack of this consultation, or NotFound. */
    async getFinishedPack(consultationId: string, packId: string) {
      const pack = await findPack(db, packId)
      if (!pack || pack.consultation_id !== consultationId || pack.status !== 'done')
        throw new NotFoundError(`No finished evidence pack ${packId}`)
      return pack
    },

    /** The pack's bytes, a chunk at a time, for a download that never holds the whole zip. */
    async *readPack(packId: string): AsyncGenerator<Buffer> {
      for (let seq = 0; ; seq++) {
        const chunk = await readChunk(db, packId, seq)
        if (!chunk) return
        yield chunk.data
      }
    },
  }
}

export type EvidencePackService = ReturnType<typeof createEvidencePackService>
