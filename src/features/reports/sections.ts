import { t } from '../../platform/i18n/translate.js'
import { type DraftSection, type SectionKind, sectionKinds } from './model.js'

// The sections a new report starts with, and the rules an author's text must meet before approval.

/** Sections whose narrative nobody else writes: empty text there is refused, like a placeholder. */
const needsText: ReadonlySet<SectionKind> = new Set(['executive_summary', 'easy_read'])

/** Every section, in the usual order, each holding a placeholder the author replaces. */
export function defaultSections(): DraftSection[] {
  return sectionKinds.map((kind) => ({
    kind,
    heading: t(`reports.sections.${kind}.heading`),
    text: t(`reports.sections.${kind}.placeholder`),
    included: true,
  }))
}

// Square-bracketed instructions such as "[Write the summary here]", and the usual stand-ins.
const placeholderPattern =
  /\[(?:write|add|insert|describe|summarise|explain|todo|tbc)\b[^\]]*\]|lorem ipsum|\bTBC\b/i

/** Whether a section still holds placeholder text (or nothing, where it needs words). */
export function holdsPlaceholder(section: DraftSection): boolean {
  if (!section.included) return false
  if (placeholderPattern.test(section.text) || placeholderPattern.test(section.heading)) return true
  return needsText.has(section.kind) && section.text.trim() === ''
}

/** Moves the section at `index` one place up or down, leaving the list as it was at either end. */
export function moveSection(sections: readonly DraftSection[], index: number, direction: 'up' | 'down') {
  const target = direction === 'up' ? index - 1 : index + 1
  const moved = [...sections]
  const [a, b] = [moved[index], moved[target]]
  if (!a || !b) return moved
  moved[index] = b
  moved[target] = a
  return moved
}

/** The author's text as paragraphs: blank lines separate them. */
export const paragraphsOf = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '')
