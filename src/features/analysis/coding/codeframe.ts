// The codeframe of a consultation: a tree of themes, shared by every question or kept for one
// question. Pure rules for its shape and for what merging and splitting themes does to codings.

export type ThemeStatus = 'active' | 'merged' | 'split' | 'retired'

export interface Theme {
  id: string
  parentId: string | null
  code: string
  label: string
  description: string
  examples: string[]
  /** The question it belongs to; null when shared by every question. */
  questionKey: string | null
  status: ThemeStatus
}

export interface ThemeNode extends Theme {
  depth: number
  /** The codes from the root down to this theme, e.g. "access > transport". */
  path: string[]
}

/** Active themes in tree order (parents before their children, siblings by code), with depth. */
export function themeTree(themes: readonly Theme[]): ThemeNode[] {
  const active = themes.filter((t) => t.status === 'active')
  const ids = new Set(active.map((t) => t.id))
  const children = new Map<string | null, Theme[]>()
  for (const t of active) {
    // A theme whose parent is no longer active hangs from the root rather than disappearing.
    const parent = t.parentId && ids.has(t.parentId) ? t.parentId : null
    children.set(parent, [...(children.get(parent) ?? []), t])
  }
  const out: ThemeNode[] = []
  const visit = (parent: string | null, depth: number, path: string[]) => {
    const list = [...(children.get(parent) ?? [])].sort((a, b) => a.code.localeCompare(b.code))
    for (const t of list) {
      const own = [...path, t.code]
      out.push({ ...t, depth, path: own })
      visit(t.id, depth + 1, own)
    }
  }
  visit(null, 0, [])
  return out
}

/** The themes that apply to a question: the shared ones and its own. */
export function themesForQuestion<T extends Pick<Theme, 'questionKey'>>(
  themes: readonly T[],
  questionKey: string,
) {
  return themes.filter((t) => t.questionKey === null || t.questionKey === questionKey)
}

/** True when making `parentId` the parent of `themeId` would put the theme under itself. */
export function makesCycle(
  themes: readonly Pick<Theme, 'id' | 'parentId'>[],
  themeId: string,
  parentId: string | null,
) {
  const parentOf = new Map(themes.map((t) => [t.id, t.parentId]))
  for (let at = parentId, steps = 0; at !== null && steps <= themes.length; steps++) {
    if (at === themeId) return true
    at = parentOf.get(at) ?? null
  }
  return false
}

export const themeCodePattern = /^[a-z0-9][a-z0-9_.-]{0,39}$/

/** One theme given to one coded comment; extra fields (provenance) travel with it. */
export interface Assignment {
  codingId: string
  themeId: string
}

export interface AssignmentChange<A extends Assignment> {
  remove: A[]
  add: A[]
}

/**
 * Merging carries every coding of the sources to the target. A comment coded with a source and the
 * target keeps the target once; its provenance is the target's own when it had one, else the first
 * source's.
 */
export function planMerge<A extends Assignment>(
  assignments: readonly A[],
  sourceIds: readonly string[],
  targetId: string,
): AssignmentChange<A> {
  if (sourceIds.includes(targetId)) throw new Error('a theme cannot be merged into itself')
  const sources = new Set(sourceIds)
  const hasTarget = new Set(assignments.filter((a) => a.themeId === targetId).map((a) => a.codingId))
  const remove: A[] = []
  const add: A[] = []
  for (const a of assignments) {
    if (!sources.has(a.themeId)) continue
    remove.push(a)
    if (hasTarget.has(a.codingId)) continue
    hasTarget.add(a.codingId)
    add.push({ ...a, themeId: targetId })
  }
  return { remove, add }
}

/**
 * Splitting carries each coding of the source to the new theme chosen for that comment, or to the
 * first new theme when none was chosen, so nothing coded is lost; the analyst then moves the
 * comments that belong to the other new themes.
 */
export function planSplit<A extends Assignment>(
  assignments: readonly A[],
  sourceId: string,
  targetIds: readonly string[],
  chosen: ReadonlyMap<string, string> = new Map(),
): AssignmentChange<A> {
  const fallback = targetIds[0]
  if (fallback === undefined) throw new Error('a split needs at least one new theme')
  if (targetIds.includes(sourceId)) throw new Error('a theme cannot be split into itself')
  const has = new Set(assignments.map((a) => `${a.codingId}|${a.themeId}`))
  const remove: A[] = []
  const add: A[] = []
  for (const a of assignments) {
    if (a.themeId !== sourceId) continue
    remove.push(a)
    const choice = chosen.get(a.codingId)
    const target = choice !== undefined && targetIds.includes(choice) ? choice : fallback
    const key = `${a.codingId}|${target}`
    if (has.has(key)) continue
    has.add(key)
    add.push({ ...a, themeId: target })
  }
  return { remove, add }
}

/** A deterministic, seeded draw of `percent` % of the keys (at least one when any): the same seed gives the same sample. */
export function drawSample(keys: readonly string[], percent: number, seed: number): string[] {
  if (keys.length === 0 || percent <= 0) return []
  const size = Math.min(keys.length, Math.max(1, Math.round((keys.length * percent) / 100)))
  return [...keys]
    .map((key) => ({ key, rank: fnv1a(`${seed}:${key}`) }))
    .sort((a, b) => a.rank - b.rank || a.key.localeCompare(b.key))
    .slice(0, size)
    .map((x) => x.key)
}

/** FNV-1a over UTF-16 code units: a fast, stable 32-bit hash, enough to order a sample. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}
