import type { ResponseChannel } from '../../../platform/db/schema.js'
import { t } from '../../../platform/i18n/translate.js'
import { channelLabel } from '../../responses/presenters.js'
import type { Theme, ThemeNode } from './codeframe.js'
import type { CommentRow } from './coding-repository.js'

// View models for the coding workspace's templates.

export function presentProgress(overall: { total: number; coded: number }) {
  const percent = overall.total === 0 ? 0 : Math.floor((overall.coded / overall.total) * 1000) / 10
  return { ...overall, percent }
}

/** A theme as shown in lists: its code path and label, indented by depth. */
export function themeOption(theme: ThemeNode) {
  return { value: theme.id, text: `${'— '.repeat(theme.depth)}${theme.code}: ${theme.label}` }
}

export function themeLabels(themes: readonly Theme[]) {
  return new Map(themes.map((th) => [th.id, `${th.code}: ${th.label}`]))
}

export function presentCommentRows(
  rows: readonly (CommentRow & { blind: boolean })[],
  labels: ReadonlyMap<string, string>,
  questionTitles: ReadonlyMap<string, string>,
) {
  return rows.map((r) => ({
    responseId: r.response_id,
    reference: r.reference,
    questionKey: r.question_key,
    question: questionTitles.get(r.question_key) ?? r.question_key,
    channel: channelLabel(r.channel as ResponseChannel),
    excerpt: r.excerpt,
    truncated: r.length > r.excerpt.length,
    coded: r.coding_id !== null && !r.blind,
    blind: r.blind,
    sentiment: r.sentiment && !r.blind ? t(`coding.sentiment.${r.sentiment}`) : '',
    themes: r.blind ? [] : (r.theme_ids ?? []).map((id) => labels.get(id) ?? id),
    flags: r.blind
      ? []
      : [
          r.quote_worthy ? t('coding.flags.quote_worthy') : '',
          r.personal_data ? t('coding.flags.personal_data') : '',
          r.safeguarding ? t('coding.flags.safeguarding') : '',
        ].filter(Boolean),
  }))
}

/** A statistic to two decimals, or a dash when it is not defined. */
export const statistic = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(2))
