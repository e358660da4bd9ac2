// A sparse vector: the positions that are not zero and their values.

export interface SparseVector {
  indices: Int32Array
  values: Float64Array
}

/** The dot product of a sparse vector with a dense one. */
export function dotDense(v: SparseVector, dense: ArrayLike<number>): number {
  let sum = 0
  for (let j = 0; j < v.indices.length; j++) sum += (v.values[j] ?? 0) * (dense[v.indices[j] ?? 0] ?? 0)
  return sum
}
