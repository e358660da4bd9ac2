// Counting several questions at once, in a fixed number of lanes.

/**
 * How many questions of one page are counted at once: each count is one scan of the consultation's
 * closed answers, and two keep both cores of a small server busy without crowding other work.
 */
export const countingLanes = 2

/**
 * `work` over every item, at most `lanes` at once, results in the items' order; `work` is told its
 * lane (0 to `lanes` − 1), so each lane can use a connection of its own (a few lines, not worth a dependency).
 */
export async function inLanes<T, R>(
  items: readonly T[],
  lanes: number,
  work: (item: T, lane: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const lane = async (_: unknown, laneIndex: number) => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T, laneIndex)
  }
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane))
  return results
}
