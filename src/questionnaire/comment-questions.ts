import type { Question } from './definition.js'
import { questionLabels } from './question-labels.js'

/**
 * Free-text questions long enough to hold comments (a short code box, like a postcode district,
 * is not one), each titled so it can be told apart from the others. `questions` is the whole
 * questionnaire in order.
 */
export function commentQuestionsOf(questions: readonly Question[]) {
  const labels = questionLabels(questions)
  return questions
    .filter((q) => q.type === 'free_text' && q.maxLength >= 50)
    .map((q) => ({ key: q.key, title: labels.get(q.key) ?? q.title }))
}
