import type { Question } from './definition.js'

/** Free-text questions long enough to hold comments (a short code box, like a postcode district, is not one). */
export function commentQuestionsOf(questions: readonly Question[]) {
  return questions
    .filter((q) => q.type === 'free_text' && q.maxLength >= 50)
    .map((q) => ({ key: q.key, title: q.title }))
}
