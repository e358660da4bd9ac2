// `npm run build`: what production runs, built ahead of time into dist/ (see docs/design/build.md).
//   dist/src/..., dist/bench/...  the TypeScript compiled by tsc (tsconfig.build.json), tests left out
//   dist/src/...                  every other file under src/ (templates, locale, public assets, CSV),
//                                 in the same place, as the code finds them beside itself
//   dist/stylesheet.css           nhsuk-frontend's Sass compiled with our settings, then heard.css, minified
//   dist/assets/                  what pages load, under content-hashed names, each with .br and .gz
//                                 (security-keys.js bundled with @simplewebauthn/browser by esbuild)
//   dist/assets.json              the manifest: each asset's hashed URL, which the layout names
//   dist/.built                   dated when the build started (see scripts/build-state.js)
// It builds into a folder beside dist and swaps it in at the end, so a failed build leaves the
// last good one, and no file of the old build outlives its source.
// `--if-stale` builds only when dist is missing or older than a source (what `prepare` runs).
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  constants,
  copyFileSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { brotliCompressSync, gzipSync, constants as zlibConstants } from 'node:zlib'
import { distDir, isBuildFresh, rootDir, stampContents, stampFile } from './build-state.js'
import { copyOtherFiles } from './source-files.js'

// nhsuk-frontend's compiled CSS loads its fonts from an NHS CDN and expects images at /assets/.
// Compiling its Sass ourselves serves every asset from this app: fonts fall back to the NHS.UK
// stack's Arial, and images come from where we serve them. nhsuk-frontend sets the page's font
// only along with its font faces, so without them the stack is set here, or pages are in serif.
// Its components are taken in its own order (components/_index.scss) but for those no page of
// Heard uses (a sixth of its CSS); a component newer than this list is kept.
const unusedNhsukComponents = new Set([
  'action-link',
  'character-count',
  'code',
  'do-dont-list',
  'file-upload',
  'hero',
  'images',
  'notification-banner',
  'password-input',
  'search-input',
  'tabs',
  'task-list',
])

/** The Sass entry: nhsuk-frontend's core with our settings, then each component Heard uses. */
function nhsukEntry(nhsukDir) {
  const index = readFileSync(path.join(nhsukDir, 'nhsuk/components/_index.scss'), 'utf8')
  const components = [...index.matchAll(/^@forward "([\w-]+)";/gm)].map((match) => match[1])
  if (components.length === 0) throw new Error("nhsuk-frontend's components/_index.scss lists no components")
  return [
    `@use "nhsuk/core" with (
  $nhsuk-include-font-face: false,
  $nhsuk-assets-path: "/assets/nhsuk/assets/"
);`,
    ...components
      .filter((name) => !unusedNhsukComponents.has(name))
      .map((name) => `@use "nhsuk/components/${name}";`),
    'html { font-family: core.$nhsuk-font-family; }',
  ].join('\n')
}

const require = createRequire(import.meta.url)
const log = (line) => process.stderr.write(`${line}\n`)

/** Exits explaining that the build needs a development dependency that is not installed. */
function missing(name) {
  log(`The build needs ${name}, a development dependency: run \`npm install\` (without --omit=dev) first.`)
  process.exit(1)
}

function compileTypeScript(outDir) {
  let tsc
  try {
    tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin/tsc')
  } catch {
    missing('typescript')
  }
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir], {
    cwd: rootDir,
    stdio: 'inherit',
  })
  // Status 2 is type errors with every file still emitted: built anyway, as tsx ran such code
  // before, so a type error does not stop the tests; `npm run typecheck` (and CI) fail on it.
  if (result.status === 2) log('Type errors above: dist/ was built all the same.')
  else if (result.status !== 0) throw new Error(`tsc failed (exit status ${result.status})`)
}

async function compileStylesheet(outDir) {
  const sass = await import('sass').catch(() => missing('sass'))
  const nhsukDir = path.join(path.dirname(require.resolve('nhsuk-frontend/package.json')), 'dist')
  const nhsuk = sass.compileString(nhsukEntry(nhsukDir), {
    loadPaths: [nhsukDir],
    style: 'compressed',
    quietDeps: true,
  })
  const ours = sass.compileString(
    readFileSync(path.join(rootDir, 'src/platform/http/public/heard.css'), 'utf8'),
    {
      syntax: 'css',
      style: 'compressed',
    },
  )
  writeFileSync(path.join(outDir, 'stylesheet.css'), `${nhsuk.css}\n${ours.css}`)
}

// The URL the hashed assets are served under (src/platform/http/http-shell.ts), for a year, immutable.
const hashedPrefix = '/assets/built/'

/** The security-key script with @simplewebauthn/browser in it: one file, as browsers load no packages. */
async function bundleSecurityKeys() {
  const esbuild = await import('esbuild').catch(() => missing('esbuild'))
  const result = await esbuild.build({
    entryPoints: [path.join(rootDir, 'src/platform/auth/browser/security-keys.js')],
    bundle: true,
    format: 'esm',
    minify: true,
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  })
  const [output] = result.outputFiles
  if (!output) throw new Error('esbuild wrote no security-keys.js')
  return output.text
}

/**
 * Writes what every page loads under names that change with their content (app.<hash>.css), each
 * beside a brotli and a gzip copy compressed once here at their best, and the manifest the layout
 * reads them from. init.js is rewritten to import the hashed nhsuk-frontend script.
 */
function writeHashedAssets(outDir, securityKeysScript) {
  const assetsDir = path.join(outDir, 'assets')
  mkdirSync(assetsDir, { recursive: true })
  const manifest = {}
  const write = (logicalName, content) => {
    const hash = createHash('sha256').update(content).digest('base64url').slice(0, 12).replace(/[-_]/g, 'x')
    const extension = path.extname(logicalName)
    const file = `${path.basename(logicalName, extension)}.${hash}${extension}`
    const bytes = Buffer.from(content)
    writeFileSync(path.join(assetsDir, file), bytes)
    writeFileSync(
      path.join(assetsDir, `${file}.br`),
      brotliCompressSync(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }),
    )
    writeFileSync(path.join(assetsDir, `${file}.gz`), gzipSync(bytes, { level: 9 }))
    manifest[logicalName] = `${hashedPrefix}${file}`
    return manifest[logicalName]
  }
  write('app.css', readFileSync(path.join(outDir, 'stylesheet.css')))
  const nhsukDir = path.join(path.dirname(require.resolve('nhsuk-frontend/package.json')), 'dist/nhsuk')
  // Without its source map comment: the map is not served under the hashed name.
  const nhsukScript = readFileSync(path.join(nhsukDir, 'nhsuk-frontend.min.js'), 'utf8').replace(
    /\n?\/\/# sourceMappingURL=\S+\s*$/,
    '\n',
  )
  const nhsukUrl = write('nhsuk-frontend.js', nhsukScript)
  const init = readFileSync(path.join(rootDir, 'src/platform/http/public/init.js'), 'utf8')
  const unhashedImport = "'/assets/nhsuk/nhsuk-frontend.min.js'"
  if (!init.includes(unhashedImport)) throw new Error(`init.js no longer imports ${unhashedImport}`)
  write('init.js', init.replace(unhashedImport, `'${nhsukUrl}'`))
  write('security-keys.js', securityKeysScript)
  writeFileSync(path.join(outDir, 'assets.json'), `${JSON.stringify(manifest, null, 2)}\n`)
}

/**
 * Keeps the last build's hashed assets beside the new ones: a page a process served before a
 * rebuild names them, and a browser still asks for them after it. One build back is enough, as
 * processes restart onto the new build.
 */
function keepPreviousAssets(outDir) {
  let manifest
  try {
    manifest = JSON.parse(readFileSync(path.join(distDir, 'assets.json'), 'utf8'))
  } catch {
    return
  }
  for (const url of Object.values(manifest)) {
    const file = path.basename(String(url))
    for (const name of [file, `${file}.br`, `${file}.gz`]) {
      try {
        copyFileSync(
          path.join(distDir, 'assets', name),
          path.join(outDir, 'assets', name),
          constants.COPYFILE_EXCL,
        )
      } catch (error) {
        if (error.code !== 'ENOENT' && error.code !== 'EEXIST') throw error
      }
    }
  }
}

/** Puts the new build in dist's place. Of two builds finishing together, the first one stays. */
function swapIn(staging) {
  const old = `${distDir}.old-${process.pid}`
  try {
    renameSync(distDir, old)
  } catch (error) {
    if (error.code !== 'ENOENT') throw error
  }
  try {
    renameSync(staging, distDir)
  } catch (error) {
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error
  }
  rmSync(old, { recursive: true, force: true })
}

if (process.argv.includes('--if-stale') && isBuildFresh()) process.exit(0)

const started = new Date()
const staging = `${distDir}.building-${process.pid}`
try {
  let step = Date.now()
  const timed = (what) => {
    log(`${what} in ${((Date.now() - step) / 1000).toFixed(1)} s`)
    step = Date.now()
  }
  compileTypeScript(staging)
  timed('TypeScript compiled')
  copyOtherFiles('src', staging)
  await compileStylesheet(staging)
  timed('Stylesheet compiled')
  writeHashedAssets(staging, await bundleSecurityKeys())
  keepPreviousAssets(staging)
  timed('Assets hashed and compressed')
  const stamp = path.join(staging, path.relative(distDir, stampFile))
  writeFileSync(stamp, stampContents())
  // Dated when the build started: a source saved while it ran is newer, and makes the next check build again.
  utimesSync(stamp, started, started)
  swapIn(staging)
  log(`Built ${path.relative(rootDir, distDir)}/`)
} finally {
  rmSync(staging, { recursive: true, force: true })
}
