#!/usr/bin/env -S node --max-semi-space-size=64
// Runs the compiled CLI with plain node, building dist/ first when a source is newer than it.
import { ensureBuilt } from '../scripts/build-state.js'

ensureBuilt()
const { main } = await import('../dist/src/app/cli.js')
await main(process.argv)
