import type { CodingProvenance } from '../../../platform/db/schema.js'

// What a model may learn from and be measured against: what people decided without the model's
// say-so. A coding holding a theme the model put there (applied, or a suggestion accepted) is kept
// apart, since training on it or scoring against it lets the model confirm itself. Such a comment
// counts again when a person changed its coding by hand (so every theme on it is their own choice:
// a theme they tick again after removing it is theirs) or coded it blind, in a double-coding
// sample's second pass, where no suggestion is shown.

export interface CodedThemeRow {
  response_id: string
  question_key: string
  pass: number
  theme_id: string
  provenance: CodingProvenance
}

export interface HumanTruth {
  /** Comment key ("response|question") to the themes people chose. */
  themes: Map<string, string[]>
  /** Comments whose coding holds model themes and that no person has confirmed blind. */
  keptApart: number
  /** Comments with model themes counted through a blind second pass. */
  confirmedBlind: number
}

export function humanTruth(rows: readonly CodedThemeRow[]): HumanTruth {
  const passes = new Map<string, { first: CodedThemeRow[]; second: CodedThemeRow[] }>()
  for (const row of rows) {
    const key = `${row.response_id}|${row.question_key}`
    let entry = passes.get(key)
    if (!entry) {
      entry = { first: [], second: [] }
      passes.set(key, entry)
    }
    ;(row.pass === 2 ? entry.second : entry.first).push(row)
  }
  const themes = new Map<string, string[]>()
  let keptApart = 0
  let confirmedBlind = 0
  for (const [key, { first, second }] of passes) {
    const byPerson = (list: readonly CodedThemeRow[]) => list.every((r) => r.provenance === 'person')
    if (first.length > 0 && byPerson(first))
      themes.set(
        key,
        first.map((r) => r.theme_id),
      )
    else if (second.length > 0 && byPerson(second)) {
      themes.set(
        key,
        second.map((r) => r.theme_id),
      )
      if (first.length > 0) confirmedBlind++
    } else if (first.length > 0) keptApart++
  }
  return { themes, keptApart, confirmedBlind }
}
