// The tests run as JavaScript transpiled ahead of time, not through tsx's loader: on Node 20 the
// loader's hooks run in a thread of their own and every import crosses to it, which made loading
// the app in each test file's process cost about twice the CPU (docs/testing.md). esbuild (what
// tsx itself uses) transpiles every source and test file, one for one, into a folder of
// .test-build/ for each run (so that two runs at once do not remove each other's files), with
// source maps so that failures name the TypeScript lines; every other file under src/ and bench/
// (templates, locale files, CSV) is copied beside them, where the code looks for it. Types are
// checked by `npm run typecheck`, not here.
import { readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'
import { rootDir } from './build-state.js'
import { copyOtherFiles, typeScriptFiles } from './source-files.js'

const sourceDirs = ['src', 'bench']

/** Removes the folders of runs whose process is gone (stopped by Ctrl-C, say). */
function removeStaleRuns(runsDir) {
  let runs = []
  try {
    runs = readdirSync(runsDir)
  } catch {
    return
  }
  for (const run of runs) {
    const pid = Number(run.replace('run-', ''))
    if (Number.isInteger(pid) && !alive(pid))
      rmSync(path.join(runsDir, run), { recursive: true, force: true })
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return error.code === 'EPERM'
  }
}

/**
 * Transpiles the sources and tests into a new folder under .test-build/, which must be inside the
 * project (the code finds its install folder by looking up for package.json); returns the folder
 * and a function that removes it.
 */
export async function buildTests() {
  const runsDir = path.join(rootDir, '.test-build')
  removeStaleRuns(runsDir)
  const testBuildDir = path.join(runsDir, `run-${process.pid}`)
  for (const dir of sourceDirs) copyOtherFiles(dir, testBuildDir)
  await build({
    absWorkingDir: rootDir,
    entryPoints: sourceDirs.flatMap(typeScriptFiles),
    outdir: testBuildDir,
    outbase: '.',
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
  })
  return { dir: testBuildDir, remove: () => rmSync(testBuildDir, { recursive: true, force: true }) }
}
