import { t } from '../../../platform/i18n/translate.js'
import { formatLondonDate, formatLondonDateTime } from '../../../platform/time/london.js'
import type { PrincipleAssessment } from './principles.js'

// What the pack's readable index says, once, for the HTML page and the PDF alike.

export interface PackIndex {
  title: string
  consultationTitle: string
  intro: string
  words: { records: string; gaps: string; noRecords: string; files: string; filesIntro: string }
  principles: {
    id: string
    name: string
    asks: string
    status: string
    statusKey: PrincipleAssessment['status']
    records: { date: string; title: string; detail: string }[]
    gaps: string[]
  }[]
}

export function presentPackIndex(input: {
  consultationTitle: string
  builtAt: Date
  assessed: PrincipleAssessment[]
}): PackIndex {
  return {
    title: t('evidence.titles.index', { title: input.consultationTitle }),
    consultationTitle: input.consultationTitle,
    intro: t('evidence.index.intro', { at: formatLondonDateTime(input.builtAt) }),
    words: {
      records: t('evidence.index.records'),
      gaps: t('evidence.index.gaps'),
      noRecords: t('evidence.index.noRecords'),
      files: t('evidence.index.files'),
      filesIntro: t('evidence.index.filesIntro'),
    },
    principles: input.assessed.map((p) => ({
      id: p.id,
      name: t(`evidence.principles.${p.id}.name`),
      asks: t(`evidence.principles.${p.id}.asks`),
      status: t(`evidence.status.${p.status}`),
      statusKey: p.status,
      records: p.records.map((r) => ({
        date: r.date ? formatLondonDate(r.date) : '',
        title: r.title,
        detail: r.detail,
      })),
      gaps: p.gaps.map((g) => g.text),
    })),
  }
}

/** One line of the index's list of files. */
export const fileLine = (file: { path: string; sha256: string }) => t('evidence.index.file', file)
