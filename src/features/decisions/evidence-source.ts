import { t } from '../../platform/i18n/translate.js'
import type { DecisionService } from './service.js'

// The decision trail as evidence of Gunning principle 4 (conscientious consideration), the duty
// to involve and the equality duty. The shapes are the evidence pack's, taken structurally so
// this feature needs nothing of it; the app hands these to the pack in place of its placeholders.

type Principle = 'gunning-4' | 'duty-to-involve' | 'equality-duty'

interface Found {
  records: { principle: Principle; date: Date | null; title: string; detail: string; source: string }[]
  gaps: { principle: Principle; text: string; source: string }[]
}

export interface DecisionEvidenceSource {
  id: 'consideration' | 'decision' | 'business-case'
  collect(): Promise<Found>
}

export function decisionEvidenceSources(
  decisions: Pick<DecisionService, 'evidence'>,
  consultationId: string,
): DecisionEvidenceSource[] {
  let loaded: ReturnType<DecisionService['evidence']> | undefined
  const trail = () => {
    loaded ??= decisions.evidence(consultationId)
    return loaded
  }
  return [
    {
      id: 'consideration',
      async collect() {
        const { considerations, equality } = await trail()
        const found: Found = { records: [], gaps: [] }
        for (const c of considerations) {
          if (!c.signed_off_at) continue
          found.records.push({
            principle: 'gunning-4',
            date: new Date(c.signed_off_at),
            title: t('decisions.evidence.consideration', { theme: c.theme_label, n: c.proposal_position }),
            detail: t('decisions.evidence.considerationDetail', {
              outcome: t(`decisions.outcomes.${c.outcome}`),
              written: c.written_by_label,
              signed: c.signed_off_label ?? '',
            }),
            source: 'consideration',
          })
        }
        for (const e of equality.filter((x) => x.signed_off_at))
          found.records.push({
            principle: 'equality-duty',
            date: e.signed_off_at ? new Date(e.signed_off_at) : null,
            title: t('decisions.evidence.equality', { group: e.group_label }),
            detail: e.conclusion,
            source: 'consideration',
          })
        if (found.records.length === 0)
          found.gaps.push({
            principle: 'gunning-4',
            text: t('evidence.gaps.noConsideration'),
            source: 'consideration',
          })
        return found
      },
    },
    {
      id: 'business-case',
      async collect() {
        const { versions } = await trail()
        const approved = versions.filter((v) => v.status === 'approved')
        if (approved.length === 0)
          return {
            records: [],
            gaps: (['gunning-4', 'duty-to-involve', 'equality-duty'] as const).map((principle) => ({
              principle,
              text: t('evidence.gaps.noBusinessCase'),
              source: 'business-case',
            })),
          }
        return {
          records: approved.flatMap((v) =>
            (['gunning-4', 'duty-to-involve', 'equality-duty'] as const).map((principle) => ({
              principle,
              date: v.approved_at ? new Date(v.approved_at) : null,
              title: t('decisions.evidence.businessCase', { version: v.version }),
              detail: t('decisions.evidence.hash', { hash: v.content_hash ?? '' }),
              source: 'business-case',
            })),
          ),
          gaps: [],
        }
      },
    },
    {
      id: 'decision',
      async collect() {
        const { history, actions, today } = await trail()
        if (history.records.length === 0)
          return {
            records: [],
            gaps: (['gunning-4', 'duty-to-involve'] as const).map((principle) => ({
              principle,
              text: t('evidence.gaps.noDecision'),
              source: 'decision',
            })),
          }
        const records: Found['records'] = history.records.map((d) => ({
          principle: 'gunning-4',
          date: new Date(`${d.meeting_day}T12:00:00Z`),
          title: d.supersedes
            ? t('decisions.evidence.correction', { body: d.body })
            : t('decisions.evidence.decision', { body: d.body }),
          detail: t('decisions.evidence.decisionDetail', {
            papers: d.papers.map((p) => `${p.title} v${p.version} (SHA-256 ${p.sha256})`).join('; '),
            by: d.recorded_by_label,
          }),
          source: 'decision',
        }))
        const open = actions.filter((a) => a.status !== 'done')
        records.push({
          principle: 'duty-to-involve',
          date: null,
          title: t('decisions.evidence.actions', { n: actions.length, done: actions.length - open.length }),
          detail: t('decisions.evidence.overdue', { n: open.filter((a) => a.due_on < today).length }),
          source: 'decision',
        })
        return { records, gaps: [] }
      },
    },
  ]
}
