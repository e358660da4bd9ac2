import type { JobDefinition } from '../../platform/jobs/jobs.js'
import type { ImportRequest, ImportService } from './imports/service.js'
import type { JourneyService } from './online/journey-service.js'

/** Background jobs of the online form: saved drafts are deleted once their consultation has closed. */
export function responseJobs(journeys: JourneyService): JobDefinition[] {
  return [
    {
      name: 'housekeeping.delete-expired-drafts',
      cron: '7 * * * *',
      run: async () => ({ drafts: await journeys.deleteExpiredDrafts() }),
    },
  ]
}

function isImportRequest(data: unknown): data is ImportRequest {
  const d = data as Partial<ImportRequest> | undefined
  return (
    typeof d?.importId === 'string' && typeof d.dryRun === 'boolean' && typeof d.actor?.label === 'string'
  )
}

/** Bulk imports, sent by the import pages and run by whichever process works the queue. */
export function importJobs(imports: ImportService): JobDefinition[] {
  return [
    {
      name: 'imports.run',
      run: async (data) => {
        if (!isImportRequest(data)) throw new Error('imports.run needs an import id, dry run and actor')
        const outcome = await imports.run(data)
        return { importId: data.importId, rowsRead: outcome.rowsRead, problems: outcome.problemCount }
      },
    },
  ]
}
