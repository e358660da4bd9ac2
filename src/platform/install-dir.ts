import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

// Found by looking up for package.json, not by a fixed number of folders, because this file runs
// from src/platform under tsx (tests) and from dist/src/platform once built (dist has no package.json).
function findInstallDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`)
    dir = parent
  }
  return dir
}

/** The folder Heard is installed in: the one holding its package.json, src/ and dist/. */
export const installDir = findInstallDir()
