import { createCodeframeService } from './codeframe-service.js'
import { createCommentCodingService } from './comment-coding-service.js'
import { createDoubleCodingService } from './double-coding-service.js'
import { createQuotesService } from './quotes-service.js'
import { createSafeguardingService } from './safeguarding-service.js'
import { createSuggestionsService } from './suggestions-service.js'
import type { CodingDeps } from './support.js'

// The analyst's side of free-text coding, one use case a module; this puts them together so the
// routes, the auto-coding side and the jobs take one service. Every write is one transaction with
// its audit entry.

export function createCodingService(deps: CodingDeps) {
  return {
    ...createCodeframeService(deps),
    ...createCommentCodingService(deps),
    ...createSuggestionsService(deps),
    ...createDoubleCodingService(deps),
    ...createQuotesService(deps),
    ...createSafeguardingService(deps),
  }
}

export type CodingService = ReturnType<typeof createCodingService>
