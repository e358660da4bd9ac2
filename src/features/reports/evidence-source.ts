import { t } from '../../platform/i18n/translate.js'
import type { ReportService } from './service.js'

// The approved versions of the Report of Findings as evidence of Gunning principle 4 (the
// findings were before the decision-makers) and of the Cabinet Office principles (feedback
// published). The shapes are the evidence pack's, taken structurally so this feature needs
// nothing of it.

type Principle = 'gunning-4' | 'consultation-principles'
const principles: readonly Principle[] = ['gunning-4', 'consultation-principles']

interface Found {
  records: { principle: Principle; date: Date | null; title: string; detail: string; source: string }[]
  gaps: { principle: Principle; text: string; source: string }[]
}

export interface ReportEvidenceSource {
  id: 'report-of-findings'
  collect(): Promise<Found>
}

export function reportEvidenceSource(
  reports: Pick<ReportService, 'overview'>,
  consultationId: string,
): ReportEvidenceSource {
  const source = 'report-of-findings'
  return {
    id: source,
    async collect() {
      const { versions } = await reports.overview(consultationId)
      const approved = versions.filter((v) => v.status === 'approved').reverse()
      if (approved.length === 0)
        return {
          records: [],
          gaps: principles.map((principle) => ({ principle, text: t('evidence.gaps.noReport'), source })),
        }
      return {
        records: approved.flatMap((v) =>
          principles.map((principle) => ({
            principle,
            date: v.approved_at ? new Date(v.approved_at) : null,
            title: t('reports.evidence.approved', { version: v.version }),
            detail: t('reports.evidence.hash', { hash: v.content_hash ?? '' }),
            source,
          })),
        ),
        gaps: [],
      }
    },
  }
}
