// What the build and the test build both do with the sources: every file under a source folder
// that is not TypeScript (templates, locale files, CSV) goes beside the compiled code, where the
// code looks for it.
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { rootDir } from './build-state.js'

/** Copies the files of `dir` (relative to the project) that are not TypeScript into `outDir`/`dir`. */
export function copyOtherFiles(dir, outDir) {
  const src = path.join(rootDir, dir)
  for (const name of readdirSync(src, { recursive: true })) {
    const from = path.join(src, name)
    if (name.endsWith('.ts') || !statSync(from).isFile()) continue
    const to = path.join(outDir, dir, name)
    mkdirSync(path.dirname(to), { recursive: true })
    copyFileSync(from, to)
  }
}

/** The TypeScript files of `dir` to compile (not declarations), relative to the project. */
export function typeScriptFiles(dir) {
  return readdirSync(path.join(rootDir, dir), { recursive: true })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => path.join(dir, name))
}
