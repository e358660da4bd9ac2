import v8 from 'node:v8'

// While a bulk import runs, V8 keeps the heap small (`--optimize-for-size`): a million rows then stay
// under 300 MB, where V8's usual growth let the process reach 330 MB on PostgreSQL and 340 MB on
// PGlite. It costs speed in everything the process does meanwhile (online submissions ran about a
// fifth slower with it), so it is held only while an import runs. V8 reads it at each collection.

/** Holds the small-heap setting until every holder has let go; `setFlags` is V8's, or a test's. */
export function createSmallHeap(setFlags: (flags: string) => void = v8.setFlagsFromString) {
  let holders = 0
  return function hold(): () => void {
    if (holders++ === 0) setFlags('--optimize-for-size')
    let held = true
    return () => {
      if (!held) return
      held = false
      if (--holders === 0) setFlags('--no-optimize-for-size')
    }
  }
}

export const holdSmallHeap = createSmallHeap()
