#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx so that no build step is needed.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/app/cli.ts')
await main(process.argv)
