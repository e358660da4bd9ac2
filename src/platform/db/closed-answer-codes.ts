import type { AnswerValue } from './schema.js'

// Reads the narrow store of closed answers (migration 0013): each consultation's plan gives every
// closed question one or more slots of an integer array, and each answer a code. The database
// counts codes; this turns them back into the answers that `tabulate` counts. Pure.

export type SlotKind = 'one' | 'first' | 'many'

export interface ClosedAnswerPlan {
  slotKeys: readonly string[]
  slotKinds: readonly SlotKind[]
  /** For 'many' slots: the slot holds bits for codes base + 1 to base + 31. */
  slotBases: readonly number[]
  /** Each question's choices by code, from 1. */
  codes: Readonly<Record<string, Readonly<Record<string, number>>>>
}

/** Where a question's answers are kept: slots `first` to `last` (1-based, as in SQL). */
export interface QuestionSlots {
  key: string
  kind: SlotKind
  first: number
  last: number
}

export function slotsOf(plan: ClosedAnswerPlan, key: string): QuestionSlots | undefined {
  const first = plan.slotKeys.indexOf(key)
  if (first < 0) return undefined
  const last = plan.slotKeys.lastIndexOf(key)
  return { key, kind: plan.slotKinds[first] ?? 'one', first: first + 1, last: last + 1 }
}

function choicesByCode(plan: ClosedAnswerPlan, key: string): Map<number, string> {
  return new Map(Object.entries(plan.codes[key] ?? {}).map(([value, code]) => [code, value]))
}

/**
 * Turns stored codes into answers: a choice (or null) for one answer or a first preference, the
 * list of choices for several answers (null when none). `stored` is one code, or one per slot.
 */
export function answerDecoder(plan: ClosedAnswerPlan, slots: QuestionSlots) {
  const byCode = choicesByCode(plan, slots.key)
  const bases = plan.slotBases.slice(slots.first - 1, slots.last)
  return (stored: number | readonly (number | null)[] | null): AnswerValue | null => {
    const codes = stored === null ? [] : typeof stored === 'number' ? [stored] : stored
    if (slots.kind !== 'many') return byCode.get(codes[0] ?? 0) ?? null
    const chosen: string[] = []
    codes.forEach((bits, i) => {
      for (let bit = 0; bit < 31; bit++)
        if (((bits ?? 0) >> bit) & 1) {
          const value = byCode.get((bases[i] ?? 0) + bit + 1)
          if (value !== undefined) chosen.push(value)
        }
    })
    return chosen.length > 0 ? chosen : null
  }
}
