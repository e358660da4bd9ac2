// Small drawing helpers over the seeded generator. Tables keep a cumulative array so that drawing
// from a long list (like the population's cells) costs a binary search, not a scan.

export type Random = () => number

export interface Table<T> {
  items: T[]
  cumulative: Float64Array
  total: number
}

/** Weights need not sum to 1; entries with no weight can never be drawn. */
export function table<T>(entries: readonly (readonly [T, number])[]): Table<T> {
  const items: T[] = []
  const cumulative = new Float64Array(entries.length)
  let total = 0
  for (const [item, weight] of entries) {
    if (weight < 0) throw new Error('negative weight')
    total += weight
    cumulative[items.length] = total
    items.push(item)
  }
  if (total <= 0) throw new Error('a table needs some weight')
  return { items, cumulative, total }
}

export function draw<T>(random: Random, from: Table<T>): T {
  const target = random() * from.total
  const { cumulative } = from
  let low = 0
  let high = cumulative.length - 1
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((cumulative[middle] ?? 0) > target) high = middle
    else low = middle + 1
  }
  const item = from.items[low]
  if (item === undefined) throw new Error('draw from an empty table')
  return item
}

/** A standard logistic variate: the noise of an ordered-logit opinion model. */
export function logistic(random: Random): number {
  const u = 1e-9 + random() * (1 - 2e-9)
  return Math.log(u / (1 - u))
}
