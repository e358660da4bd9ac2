// A sparse vector: the positions that are not zero, ascending, and their values.

export interface SparseVector {
  indices: Int32Array
  values: Float64Array
}

export const emptyVector = (): SparseVector => ({ indices: new Int32Array(0), values: new Float64Array(0) })

/** The dot product of a sparse vector with a dense one. */
export function dotDense(v: SparseVector, dense: ArrayLike<number>): number {
  let sum = 0
  for (let j = 0; j < v.indices.length; j++) sum += (v.values[j] ?? 0) * (dense[v.indices[j] ?? 0] ?? 0)
  return sum
}

export function squaredNorm(v: SparseVector): number {
  let sum = 0
  for (const x of v.values) sum += x * x
  return sum
}

/** Scales the values from `start` to `end` (exclusive) to unit length, in place; a zero block stays zero. */
export function normaliseRange(values: Float64Array, start = 0, end = values.length): void {
  let sum = 0
  for (let j = start; j < end; j++) sum += (values[j] ?? 0) ** 2
  if (sum === 0) return
  const scale = 1 / Math.sqrt(sum)
  for (let j = start; j < end; j++) values[j] = (values[j] ?? 0) * scale
}

/**
 * Counts of each distinct id in `ids` (which it sorts in place), as ascending ids and counts.
 * `ids` may be longer than `length`; only the first `length` are read.
 */
export function countIds(ids: Int32Array, length: number): { indices: Int32Array; counts: Float64Array } {
  const view = ids.subarray(0, length).sort()
  let distinct = 0
  for (let j = 0; j < view.length; j++) if (j === 0 || view[j] !== view[j - 1]) distinct++
  const indices = new Int32Array(distinct)
  const counts = new Float64Array(distinct)
  let at = -1
  for (let j = 0; j < view.length; j++) {
    if (j === 0 || view[j] !== view[j - 1]) {
      at++
      indices[at] = view[j] ?? 0
    }
    counts[at] = (counts[at] ?? 0) + 1
  }
  return { indices, counts }
}
