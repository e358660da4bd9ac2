import type { CommitteeKind } from '../../platform/db/schema.js'
import { t } from '../../platform/i18n/translate.js'
import type { GovernanceService } from './service.js'

// The meetings that took a consultation up, as evidence for health scrutiny (regulation 23 of the
// 2013 regulations: the council's scrutiny body consulted, with its papers and comments). The
// shapes are the evidence pack's, taken structurally so this feature needs nothing of it.

interface Found {
  records: {
    principle: 'health-scrutiny'
    date: Date | null
    title: string
    detail: string
    source: string
  }[]
  gaps: { principle: 'health-scrutiny'; text: string; source: string }[]
}

export interface GovernanceEvidenceSource {
  id: 'committee-meetings'
  collect(): Promise<Found>
}

// A health and wellbeing board or a governing body is not the council's scrutiny of the NHS.
const scrutinyKinds: ReadonlySet<CommitteeKind> = new Set(['joint_health_scrutiny', 'scrutiny_commission'])

export function governanceEvidenceSource(
  governance: Pick<GovernanceService, 'forConsultation'>,
  consultationId: string,
): GovernanceEvidenceSource {
  const source = 'committee-meetings'
  return {
    id: source,
    async collect() {
      const { items, actions } = await governance.forConsultation(consultationId)
      const scrutiny = items.filter((item) => scrutinyKinds.has(item.committee_kind))
      if (scrutiny.length === 0)
        return {
          records: [],
          gaps: [{ principle: 'health-scrutiny', text: t('evidence.gaps.noCommittee'), source }],
        }
      return {
        records: scrutiny.map((item) => ({
          principle: 'health-scrutiny',
          date: new Date(item.starts_at),
          title: t('governance.evidence.item', { committee: item.committee_name, title: item.title }),
          detail: [
            t(`governance.session.${item.session}`),
            t(`governance.status.${item.status}`),
            item.late_kind ? t(`governance.lateKind.${item.late_kind}`) : '',
            t('governance.evidence.actions', {
              n: actions.filter((a) => a.item_id === item.id).length,
            }),
          ]
            .filter(Boolean)
            .join('. '),
          source,
        })),
        gaps: [],
      }
    },
  }
}
