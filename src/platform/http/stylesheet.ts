import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { nhsukDir, publicAssetsDir } from './views.js'

export interface Stylesheet {
  css: string
  etag: string
}

// nhsuk-frontend's compiled CSS loads its fonts from an NHS CDN and expects images at /assets/.
// Compiling its Sass ourselves serves every asset from this app: fonts fall back to the NHS.UK
// stack's Arial, and images come from where we serve them. nhsuk-frontend sets the page's font
// only along with its font faces, so without them the stack is set here, or pages are in serif.
const entry = `@use "nhsuk" with (
  $nhsuk-include-font-face: false,
  $nhsuk-assets-path: "/assets/nhsuk/assets/"
);
html { font-family: nhsuk.$nhsuk-font-family; }`

let compiled: Promise<Stylesheet> | undefined

/** The app's stylesheet: NHS.UK styles then ours, compiled once per process. */
export function stylesheet(): Promise<Stylesheet> {
  compiled ??= (async () => {
    // Loaded here, not at start-up: most processes (workers, the CLI, tests) never serve the stylesheet.
    const sass = await import('sass')
    const nhsuk = await sass.compileStringAsync(entry, {
      loadPaths: [nhsukDir],
      style: 'compressed',
      quietDeps: true,
    })
    const ours = await readFile(path.join(publicAssetsDir, 'heard.css'), 'utf8')
    const css = `${nhsuk.css}\n${ours}`
    return { css, etag: `"${createHash('sha256').update(css).digest('base64url').slice(0, 27)}"` }
  })()
  return compiled
}
