#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx so that no build step is needed.
import v8 from 'node:v8'
import { register } from 'tsx/esm/api'

// Every Heard process keeps a small JavaScript heap, at some cost in speed: on the embedded
// database PostgreSQL shares the process, and a million-row import must stay under 300 MB
// (README, "Bulk import"). Set before the sources load, so their objects are sized for it.
v8.setFlagsFromString('--optimize-for-size')
register()
const { main } = await import('../src/app/cli.ts')
await main(process.argv)
