// Whether dist/ is up to date with the sources, and a build when it is not. The check only compares
// modification times (a few hundred stat calls), so every start of the CLI and every test run can
// afford it; the build itself (scripts/build.js) runs in a process of its own, so the TypeScript
// compiler and Sass are never loaded into the process that asked.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const rootDir = fileURLToPath(new URL('..', import.meta.url))
export const distDir = path.join(rootDir, 'dist')
/** Written last by a build, dated when that build started, holding what stampContents() gave then. */
export const stampFile = path.join(distDir, '.built')

// What the build reads: a change to any of them (or a file added to or removed from these folders,
// which changes a folder's time) makes dist stale. Tests are not built, so they are not counted.
const sourceDirs = ['src', 'bench']
const sourceFiles = ['tsconfig.json', 'tsconfig.build.json', 'scripts/build.js']

/**
 * What the build depends on beyond the sources: the versions of nhsuk-frontend (the stylesheet is
 * compiled from it) and @simplewebauthn/browser (bundled into a script). Compared by version, not
 * by time, as every `npm ci` rewrites their files.
 */
export function stampContents() {
  const nhsuk = createRequire(import.meta.url).resolve('nhsuk-frontend/package.json')
  // Its exports do not include its package.json, so it is read where npm installs it.
  const simplewebauthn = path.join(rootDir, 'node_modules/@simplewebauthn/browser/package.json')
  const version = (file) => JSON.parse(readFileSync(file, 'utf8')).version
  return JSON.stringify({ nhsukFrontend: version(nhsuk), simplewebauthnBrowser: version(simplewebauthn) })
}

function modified(file) {
  try {
    return statSync(file).mtimeMs
  } catch {
    return 0
  }
}

function newestSource() {
  let newest = 0
  for (const dir of sourceDirs) {
    const top = path.join(rootDir, dir)
    newest = Math.max(newest, modified(top))
    for (const entry of readdirSync(top, { recursive: true })) {
      if (!entry.endsWith('.test.ts')) newest = Math.max(newest, modified(path.join(top, entry)))
    }
  }
  for (const file of sourceFiles) newest = Math.max(newest, modified(path.join(rootDir, file)))
  return newest
}

export function isBuildFresh() {
  let stamp
  try {
    stamp = readFileSync(stampFile, 'utf8')
  } catch {
    return false
  }
  return stamp === stampContents() && modified(stampFile) >= newestSource()
}

/** Builds dist when it is missing or older than a source, or exits with the build's status. */
export function ensureBuilt() {
  if (isBuildFresh()) return
  process.stderr.write('Building dist/ (the sources changed since the last build)...\n')
  // Its output goes to standard error: standard output belongs to the command that asked.
  const build = spawnSync(process.execPath, [path.join(rootDir, 'scripts/build.js')], {
    stdio: ['ignore', 2, 2],
  })
  if (build.status !== 0) process.exit(build.status ?? 1)
}
