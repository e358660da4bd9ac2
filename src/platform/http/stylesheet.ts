import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { installDir } from '../install-dir.js'

export interface Stylesheet {
  css: string
  etag: string
}

/** Where `npm run build` (scripts/build.js) writes the compiled NHS.UK styles followed by ours. */
export const builtStylesheetFile = path.join(installDir, 'dist/stylesheet.css')

let loaded: Promise<Stylesheet> | undefined

/** The app's stylesheet, compiled ahead of time by the build and read once per process. */
export function stylesheet(): Promise<Stylesheet> {
  loaded ??= readFile(builtStylesheetFile, 'utf8').then(
    (css) => ({ css, etag: `"${createHash('sha256').update(css).digest('base64url').slice(0, 27)}"` }),
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error
      throw new Error(`${builtStylesheetFile} is missing: run \`npm run build\` to compile the stylesheet.`)
    },
  )
  return loaded
}
