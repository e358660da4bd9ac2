// An optional adapter to a language-model service, for analysts who choose to use one. It is off
// by default and never needed: theme discovery, auto-coding and sentiment all run without it.
//
// The contract, which any adapter must keep and which checkThemeSuggestions and checkThemeMappings
// enforce on every answer before anyone sees it:
// - suggestThemes(request): at most `maxThemes` themes, each with a label (1 to 80 characters),
//   a description (up to 500 characters) and the ids of the comments that say it, every one of
//   them an id from the request; labels differ from each other and from existing themes' labels.
// - mapComments(request): one mapping per comment id of the request, no more, no others; each
//   lists codes from the request's themes, at most once each, with a confidence from 0 to 1.
// - Only the request's text is sent. Comments should be redacted of personal data before they
//   are passed in. Answers are suggestions for an analyst to accept or reject, never codings.
// - An adapter that fails, times out or breaks the contract gives a typed result, not an exception.

export interface ThemeSummary {
  code: string
  label: string
  description?: string
}

export interface CommentText {
  id: string
  text: string
}

export interface ThemeSuggestionRequest {
  question: string
  comments: CommentText[]
  existingThemes: ThemeSummary[]
  maxThemes: number
}

export interface SuggestedTheme {
  label: string
  description: string
  commentIds: string[]
}

export interface ThemeMappingRequest {
  question: string
  themes: ThemeSummary[]
  comments: CommentText[]
}

export interface CommentMapping {
  commentId: string
  themes: { code: string; confidence: number }[]
}

export interface LanguageModelAdapter {
  /** Shown with every suggestion it makes, as the provenance of a coding it led to. */
  name: string
  version: string
  suggestThemes(request: ThemeSuggestionRequest): Promise<SuggestedTheme[]>
  mapComments(request: ThemeMappingRequest): Promise<CommentMapping[]>
}

export type AdapterResult<T> =
  | { ok: true; value: T; adapter: { name: string; version: string } }
  | { ok: false; reason: 'off' }
  | { ok: false; reason: 'failed' | 'broke-contract'; problems: string[] }

/** What breaks the contract in an answer to suggestThemes; empty when it keeps it. */
export function checkThemeSuggestions(request: ThemeSuggestionRequest, answer: unknown): string[] {
  if (!Array.isArray(answer)) return ['the answer is not a list of themes']
  const problems: string[] = []
  if (answer.length > request.maxThemes)
    problems.push(`${answer.length} themes where at most ${request.maxThemes} were asked for`)
  const ids = new Set(request.comments.map((c) => c.id))
  const labels = new Set(request.existingThemes.map((t) => t.label.trim().toLowerCase()))
  answer.forEach((theme: unknown, n) => {
    const where = `theme ${n + 1}`
    if (typeof theme !== 'object' || theme === null) {
      problems.push(`${where} is not an object`)
      return
    }
    const { label, description, commentIds } = theme as Record<string, unknown>
    if (typeof label !== 'string' || label.trim() === '' || label.length > 80) {
      problems.push(`${where} needs a label of 1 to 80 characters`)
    } else if (labels.has(label.trim().toLowerCase())) {
      problems.push(`${where} repeats the label "${label}"`)
    } else labels.add(label.trim().toLowerCase())
    if (typeof description !== 'string' || description.length > 500) {
      problems.push(`${where} needs a description of up to 500 characters`)
    }
    if (!Array.isArray(commentIds) || !commentIds.every((id) => typeof id === 'string' && ids.has(id))) {
      problems.push(`${where} cites comments that were not sent`)
    }
  })
  return problems
}

/** What breaks the contract in an answer to mapComments; empty when it keeps it. */
export function checkThemeMappings(request: ThemeMappingRequest, answer: unknown): string[] {
  if (!Array.isArray(answer)) return ['the answer is not a list of mappings']
  const problems: string[] = []
  const codes = new Set(request.themes.map((t) => t.code))
  const expected = new Set(request.comments.map((c) => c.id))
  const seen = new Set<string>()
  for (const mapping of answer as unknown[]) {
    if (typeof mapping !== 'object' || mapping === null) {
      problems.push('a mapping is not an object')
      continue
    }
    const { commentId, themes } = mapping as Record<string, unknown>
    if (typeof commentId !== 'string' || !expected.has(commentId)) {
      problems.push(`a mapping is for comment ${String(commentId)}, which was not sent`)
      continue
    }
    if (seen.has(commentId)) problems.push(`comment ${commentId} is mapped twice`)
    seen.add(commentId)
    if (!Array.isArray(themes)) {
      problems.push(`comment ${commentId} has no list of themes`)
      continue
    }
    const used = new Set<string>()
    for (const theme of themes as unknown[]) {
      const { code, confidence } = (typeof theme === 'object' && theme !== null ? theme : {}) as Record<
        string,
        unknown
      >
      if (typeof code !== 'string' || !codes.has(code))
        problems.push(`comment ${commentId} has an unknown code ${String(code)}`)
      else if (used.has(code)) problems.push(`comment ${commentId} has ${code} twice`)
      else used.add(code)
      if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)) {
        problems.push(`comment ${commentId} has a confidence outside 0 to 1`)
      }
    }
  }
  for (const id of expected) if (!seen.has(id)) problems.push(`comment ${id} is not mapped`)
  return problems
}

async function call<T>(
  adapter: LanguageModelAdapter | null,
  run: (adapter: LanguageModelAdapter) => Promise<T>,
  check: (answer: unknown) => string[],
): Promise<AdapterResult<T>> {
  if (adapter === null) return { ok: false, reason: 'off' }
  let answer: T
  try {
    answer = await run(adapter)
  } catch (error) {
    return { ok: false, reason: 'failed', problems: [error instanceof Error ? error.message : String(error)] }
  }
  const problems = check(answer)
  if (problems.length > 0) return { ok: false, reason: 'broke-contract', problems }
  return { ok: true, value: answer, adapter: { name: adapter.name, version: adapter.version } }
}

/** Theme suggestions from the adapter, if one is configured, checked against the contract. */
export function requestThemeSuggestions(
  adapter: LanguageModelAdapter | null,
  request: ThemeSuggestionRequest,
): Promise<AdapterResult<SuggestedTheme[]>> {
  return call(
    adapter,
    (a) => a.suggestThemes(request),
    (answer) => checkThemeSuggestions(request, answer),
  )
}

/** Comment-to-theme mappings from the adapter, if one is configured, checked against the contract. */
export function requestThemeMappings(
  adapter: LanguageModelAdapter | null,
  request: ThemeMappingRequest,
): Promise<AdapterResult<CommentMapping[]>> {
  return call(
    adapter,
    (a) => a.mapComments(request),
    (answer) => checkThemeMappings(request, answer),
  )
}
