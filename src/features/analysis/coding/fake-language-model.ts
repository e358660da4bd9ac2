import { analyseText } from '../text-models/text-features.js'
import type { LanguageModelAdapter } from './language-model-adapter.js'

// A fake language model that keeps the adapter contract with no network: it proposes the most
// common terms as themes and maps a comment to every theme whose label shares a term with it.
// It stands in for a real service in tests and demonstrations.

export function fakeLanguageModel(): LanguageModelAdapter {
  return {
    name: 'fake-language-model',
    version: '1',
    async suggestThemes(request) {
      const existing = new Set(request.existingThemes.map((t) => t.label.toLowerCase()))
      const byTerm = new Map<string, string[]>()
      for (const comment of request.comments) {
        for (const term of new Set(analyseText(comment.text).terms)) {
          byTerm.set(term, [...(byTerm.get(term) ?? []), comment.id])
        }
      }
      return [...byTerm]
        .filter(([term]) => !existing.has(term))
        .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
        .slice(0, request.maxThemes)
        .map(([term, ids]) => ({
          label: term,
          description: `Comments that mention ${term}.`,
          commentIds: ids,
        }))
    },
    async mapComments(request) {
      const themeTerms = request.themes.map((t) => ({
        code: t.code,
        terms: new Set(analyseText(t.label).terms),
      }))
      return request.comments.map((comment) => {
        const terms = analyseText(comment.text).terms
        return {
          commentId: comment.id,
          themes: themeTerms
            .map(({ code, terms: wanted }) => ({
              code,
              confidence: terms.length === 0 ? 0 : terms.filter((t) => wanted.has(t)).length / terms.length,
            }))
            .filter((t) => t.confidence > 0),
        }
      })
    },
  }
}
