import { main } from '../app/cli.js'

// Run as a child process by tests that need `heard serve` or `heard worker` as an operator would
// start them, from the sources. Started with an IPC channel, it stops when the test that started
// it goes, so none is left behind.
process.on('disconnect', () => process.exit(1))

await main(process.argv)
