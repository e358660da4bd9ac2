import v8 from 'node:v8'

// While a bulk import runs, V8 keeps the heap small (`--optimize-for-size`). Held like this, a
// million-row import on PostgreSQL peaked at 229 MB where it had reached 330 MB; on PGlite the
// process is near 260 MB before it imports, and 200,000 rows still peaked at 325 MB (README, "Bulk
// import"). It costs speed in everything the process does meanwhile (online submissions ran about a
// fifth slower with it on for good), so it is held only while an import runs.

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
