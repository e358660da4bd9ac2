// `npm run bench` and `npm run bench:coding`: the compiled benchmarks' command line
// (bench/cli.ts), building dist/ first when a source is newer than it.
import { ensureBuilt } from './build-state.js'

ensureBuilt()
const { main } = await import('../dist/bench/cli.js')
await main(process.argv)
