import { t } from '../platform/i18n/translate.js'
import type { Question } from './definition.js'

/**
 * Each question's label for staff pickers, filters and pages: its title, told apart where
 * several questions share it (a "Please tell us why" box under every proposal) by the proposal
 * it belongs to, or else by its number in the questionnaire. `questions` is the whole
 * questionnaire in order, so the numbers are the ones respondents saw.
 */
export function questionLabels(questions: readonly Pick<Question, 'key' | 'title' | 'proposal'>[]) {
  const uses = new Map<string, number>()
  for (const q of questions) uses.set(q.title, (uses.get(q.title) ?? 0) + 1)
  return new Map(
    questions.map((q, i) => {
      if ((uses.get(q.title) ?? 0) < 2) return [q.key, q.title]
      const label = q.proposal
        ? t('questionnaire.labels.ofProposal', { proposal: q.proposal, title: q.title })
        : t('questionnaire.labels.numbered', { number: i + 1, title: q.title })
      return [q.key, label]
    }),
  )
}

/** The questions with `title` replaced by their distinct label. */
export function withQuestionLabels<Q extends Pick<Question, 'key' | 'title' | 'proposal'>>(
  questions: readonly Q[],
): Q[] {
  const labels = questionLabels(questions)
  return questions.map((q) => ({ ...q, title: labels.get(q.key) ?? q.title }))
}
