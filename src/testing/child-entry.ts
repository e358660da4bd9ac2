import { fileURLToPath } from 'node:url'

/**
 * Node's arguments to run a module beside a test (`relative` without its extension) in a child
 * process, run the way the test itself runs: TypeScript through tsx, or the JavaScript that
 * scripts/test-build.js transpiled, which is how `npm test` runs them.
 */
export function childEntry(testModuleUrl: string, relative: string): string[] {
  const file = fileURLToPath(new URL(relative, testModuleUrl))
  return testModuleUrl.endsWith('.ts')
    ? ['--import', 'tsx', `${file}.ts`]
    : ['--enable-source-maps', `${file}.js`]
}
