// Quality of multi-label coding: each item has a set of themes, true (the analyst's) and predicted
// (the model's). The averages follow scikit-learn's definitions so figures compare with published
// ones: micro pools every decision, macro averages the themes, samples averages the items.

export interface ThemeScore {
  theme: string
  precision: number
  recall: number
  f1: number
  /** How many items truly have the theme. */
  support: number
}

export interface CodingScores {
  perTheme: ThemeScore[]
  microF1: number
  macroF1: number
  samplesF1: number
  items: number
}

export interface ScoreOptions {
  /** Themes to score; all themes seen in truth or predictions when absent. */
  themes?: readonly string[]
  /** Micro and macro F1 count only themes with at least this many true items (default 0: all). */
  minSupport?: number
  /** Score of an item with no true and no predicted theme, where F1 is undefined (default 0, as scikit-learn). */
  zeroDivision?: 0 | 1
}

const ratio = (a: number, b: number, otherwise: number) => (b === 0 ? otherwise : a / b)

/** F1 from counts: 2tp / (2tp + fp + fn), or `otherwise` when nothing was true nor predicted. */
export function f1FromCounts(tp: number, fp: number, fn: number, otherwise = 0): number {
  return ratio(2 * tp, 2 * tp + fp + fn, otherwise)
}

/** Per-theme precision, recall and F1, and micro, macro and samples F1, of predictions against truth. */
export function scoreCoding(
  truth: readonly (readonly string[])[],
  predicted: readonly (readonly string[])[],
  options: ScoreOptions = {},
): CodingScores {
  if (truth.length !== predicted.length) {
    throw new RangeError(`truth has ${truth.length} items but predictions ${predicted.length}`)
  }
  const zeroDivision = options.zeroDivision ?? 0
  const themes = options.themes ?? [...new Set([...truth.flat(), ...predicted.flat()])].sort()
  const counts = new Map(themes.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]))
  let samplesTotal = 0
  for (let i = 0; i < truth.length; i++) {
    const t = new Set(truth[i])
    const p = new Set(predicted[i])
    let tp = 0
    for (const label of p) {
      const c = counts.get(label)
      if (t.has(label)) {
        tp++
        if (c) c.tp++
      } else if (c) c.fp++
    }
    for (const label of t) {
      if (!p.has(label)) {
        const c = counts.get(label)
        if (c) c.fn++
      }
    }
    samplesTotal += f1FromCounts(tp, p.size - tp, t.size - tp, zeroDivision)
  }
  const perTheme: ThemeScore[] = themes.map((theme) => {
    const { tp, fp, fn } = counts.get(theme) ?? { tp: 0, fp: 0, fn: 0 }
    return {
      theme,
      precision: ratio(tp, tp + fp, 0),
      recall: ratio(tp, tp + fn, 0),
      f1: f1FromCounts(tp, fp, fn),
      support: tp + fn,
    }
  })
  const minSupport = options.minSupport ?? 0
  const counted = perTheme.filter((s) => s.support >= minSupport)
  const countedNames = new Set(counted.map((s) => s.theme))
  let tp = 0
  let fp = 0
  let fn = 0
  for (const [theme, c] of counts) {
    if (!countedNames.has(theme)) continue
    tp += c.tp
    fp += c.fp
    fn += c.fn
  }
  return {
    perTheme,
    microF1: f1FromCounts(tp, fp, fn),
    macroF1: counted.length === 0 ? 0 : counted.reduce((sum, s) => sum + s.f1, 0) / counted.length,
    samplesF1: truth.length === 0 ? 0 : samplesTotal / truth.length,
    items: truth.length,
  }
}

/** Each item's own F1 (the terms samples-F1 averages), for paired comparisons of two coders or models. */
export function itemF1(
  truth: readonly (readonly string[])[],
  predicted: readonly (readonly string[])[],
  zeroDivision: 0 | 1 = 0,
): number[] {
  return truth.map((labels, i) => {
    const t = new Set(labels)
    const p = new Set(predicted[i] ?? [])
    let tp = 0
    for (const label of p) if (t.has(label)) tp++
    return f1FromCounts(tp, p.size - tp, t.size - tp, zeroDivision)
  })
}
