import v8 from 'node:v8'
import vm from 'node:vm'

// A full garbage collection on demand, for long work that allocates steadily (a bulk import). Left
// to its own heuristics, V8 let a 200,000-row import's promoted garbage reach 130 MB before its
// first full collection; one every 4,000 rows kept that process at 190 MB instead of 290 MB at the
// same speed, where `--optimize-for-size` cost a third of the speed (docs/design/imports.md).
// `gc` is exposed for one fresh context only and the flag put back, as jest's leak detector does,
// so that no other code sees a global `gc`.
let collect: (() => void) | undefined

/** Runs a full, blocking garbage collection now. */
export function collectGarbage(): void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc')
    collect = vm.runInNewContext('gc') as () => void
    v8.setFlagsFromString('--no-expose-gc')
  }
  collect()
}
