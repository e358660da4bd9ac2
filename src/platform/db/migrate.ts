import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import { type Migration, type MigrationResultSet, Migrator } from 'kysely/migration'
import * as core from './migrations/0001-core.js'
import * as engagement from './migrations/0002-engagement.js'
import * as exclusions from './migrations/0003-exclusions.js'
import * as drafts from './migrations/0004-drafts.js'
import * as submissionFlags from './migrations/0005-submission-flags.js'
import * as consultationSetup from './migrations/0006-consultation-setup.js'
import * as questionnaireWording from './migrations/0007-questionnaire-wording.js'
import * as participation from './migrations/0009-participation.js'
import * as coding from './migrations/0010-coding.js'
import * as lateReturns from './migrations/0011-late-returns.js'
import * as auditPending from './migrations/0012-audit-pending.js'
import * as closedAnswers from './migrations/0013-closed-answers.js'
import * as participationRuns from './migrations/0014-participation-runs.js'
import * as codingRuns from './migrations/0015-coding-runs.js'
import * as paperEntry from './migrations/0016-paper-entry.js'
import * as imports from './migrations/0017-imports.js'
import * as channelsPartners from './migrations/0018-channels-partners.js'
import * as safeguardingScanHorizon from './migrations/0019-safeguarding-scan-horizon.js'
import * as importProgress from './migrations/0020-import-progress.js'
import * as countedResponses from './migrations/0021-counted-responses.js'
import * as staffLinks from './migrations/0022-staff-links.js'
import * as governance from './migrations/0030-governance.js'
import * as reports from './migrations/0035-reports.js'
import * as auditTrust from './migrations/0040-audit-trust.js'
import * as evidencePacks from './migrations/0041-evidence-packs.js'
import * as twoFactor from './migrations/0045-two-factor.js'
import * as personalData from './migrations/0046-personal-data.js'
import * as decisions from './migrations/0060-decisions.js'
import * as frozenDoubleCoding from './migrations/0070-frozen-double-coding.js'
import * as codingRunSettings from './migrations/0071-coding-run-settings.js'
import * as decisionTranslations from './migrations/0090-decision-translations.js'
import * as storedFigures from './migrations/0100-stored-figures.js'
import * as securityKeys from './migrations/0130-security-keys.js'
import * as tallies from './migrations/0150-tallies.js'
import * as responseListKeyset from './migrations/0151-response-list-keyset.js'
import * as lateReturnsIndex from './migrations/0152-late-returns-index.js'
import * as codingTalliesOnce from './migrations/0153-coding-tallies-once.js'
import * as participationPaging from './migrations/0160-participation-paging.js'
import * as codingTalliesByStanding from './migrations/0161-coding-tallies-by-standing.js'
import * as eventTallies from './migrations/0162-event-tallies.js'
import * as relationshipAnswerTallies from './migrations/0163-relationship-answer-tallies.js'
import * as reachTallies from './migrations/0170-reach-tallies.js'
import * as recordLinkage from './migrations/0180-record-linkage.js'
import * as reachTalliesByChannel from './migrations/0181-reach-tallies-by-channel.js'
import * as groupMembersChecked from './migrations/0182-group-members-checked-by-statement.js'

// Migrations are listed here rather than read from a folder so that the order is explicit and
// they run the same from source, from a bundle, and in tests. Forward-only: no `down`.
const migrations: Record<string, Migration> = {
  '0001-core': core,
  '0002-engagement': engagement,
  '0003-exclusions': exclusions,
  '0004-drafts': drafts,
  '0005-submission-flags': submissionFlags,
  '0006-consultation-setup': consultationSetup,
  '0007-questionnaire-wording': questionnaireWording,
  '0009-participation': participation,
  '0010-coding': coding,
  '0011-late-returns': lateReturns,
  '0012-audit-pending': auditPending,
  '0013-closed-answers': closedAnswers,
  '0014-participation-runs': participationRuns,
  '0015-coding-runs': codingRuns,
  '0016-paper-entry': paperEntry,
  '0017-imports': imports,
  '0018-channels-partners': channelsPartners,
  '0019-safeguarding-scan-horizon': safeguardingScanHorizon,
  '0020-import-progress': importProgress,
  '0021-counted-responses': countedResponses,
  '0022-staff-links': staffLinks,
  '0030-governance': governance,
  '0035-reports': reports,
  '0040-audit-trust': auditTrust,
  '0041-evidence-packs': evidencePacks,
  '0045-two-factor': twoFactor,
  '0046-personal-data': personalData,
  '0060-decisions': decisions,
  '0070-frozen-double-coding': frozenDoubleCoding,
  '0071-coding-run-settings': codingRunSettings,
  '0090-decision-translations': decisionTranslations,
  '0100-stored-figures': storedFigures,
  '0130-security-keys': securityKeys,
  '0150-tallies': tallies,
  '0151-response-list-keyset': responseListKeyset,
  '0152-late-returns-index': lateReturnsIndex,
  '0153-coding-tallies-once': codingTalliesOnce,
  '0160-participation-paging': participationPaging,
  '0161-coding-tallies-by-standing': codingTalliesByStanding,
  '0162-event-tallies': eventTallies,
  '0163-relationship-answer-tallies': relationshipAnswerTallies,
  '0170-reach-tallies': reachTallies,
  '0180-record-linkage': recordLinkage,
  '0181-reach-tallies-by-channel': reachTalliesByChannel,
  '0182-group-members-checked-by-statement': groupMembersChecked,
}

export interface MigrationReport {
  applied: string[]
}

export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: db as unknown as Kysely<unknown>,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    // 0004 came from a branch merged after 0005..0010 ran on some databases.
    allowUnorderedMigrations: true,
  })
  const result: MigrationResultSet = await migrator.migrateToLatest()
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(result.error)}`, {
      cause: result.error,
    })
  }
  return {
    applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
  }
}

export const migrationNames = Object.keys(migrations)

/**
 * Changes whenever a migration is added, removed, renamed or edited, so a database migrated once
 * can stand in for migrating afresh as long as the fingerprint it was made under still matches.
 */
export function migrationFingerprint(): string {
  const hash = createHash('sha256')
  for (const [name, migration] of Object.entries(migrations))
    hash.update(`${name}\0${migration.up.toString()}\0`)
  return hash.digest('hex').slice(0, 16)
}
