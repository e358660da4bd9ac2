import type { ConsultationRow } from '../../../platform/db/schema.js'
import { t } from '../../../platform/i18n/translate.js'
import { fileSize } from '../../consultations/index.js'
import { principleIds } from './principles.js'
import type { EvidencePackService } from './service.js'

type PackRow = Awaited<ReturnType<EvidencePackService['listPacks']>>[number]

/** The evidence page: what a pack answers to, a button to build one, and the recent builds. */
export function presentPackPage(consultation: ConsultationRow, packs: PackRow[]) {
  return {
    pageTitle: t('evidence.titles.pack', { title: consultation.title }),
    activeNav: 'consultations',
    backHref: `/admin/consultations/${consultation.id}`,
    consultation,
    principles: principleIds.map((id) => t(`evidence.principles.${id}.name`)),
    building: packs.some((p) => p.status === 'queued' || p.status === 'running'),
    packs: packs.map((p) => ({
      requestedAt: p.requested_at,
      requestedBy: p.requested_by_email ?? 'system',
      stage: t(`evidence.stages.${p.status === 'running' ? (p.stage ?? 'collecting') : p.status}`),
      done: p.status === 'done',
      size: p.byte_size === null ? undefined : fileSize(Number(p.byte_size)),
      sha256: p.sha256,
      href: `/admin/consultations/${consultation.id}/evidence/${p.id}/download`,
    })),
  }
}
