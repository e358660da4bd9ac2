import type { JobDefinition } from '../../platform/jobs/jobs.js'
import { buildPackJob, type EvidencePackService } from './pack/service.js'

/** Evidence packs, asked for on the evidence page and built by whichever process works jobs. */
export function evidenceJobs(packs: EvidencePackService): JobDefinition[] {
  return [
    {
      name: buildPackJob,
      run: async (data) => {
        const packId = data?.packId
        if (typeof packId !== 'string') return { skipped: true }
        return packs.runPackJob(packId)
      },
    },
  ]
}
