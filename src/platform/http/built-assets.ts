import { readFileSync } from 'node:fs'
import path from 'node:path'
import { installDir } from '../install-dir.js'

// What the pages load, as the build wrote it (scripts/build.js): files under content-hashed names,
// each with a brotli and a gzip copy, and a manifest of their URLs. A hashed name changes when its
// content does, so these are cached for a year and never asked about again.

/** The folder of hashed assets, served under `hashedAssetsPrefix`. */
export const hashedAssetsDir = path.join(installDir, 'dist/assets')
export const hashedAssetsPrefix = '/assets/built/'
/** How long a browser keeps a hashed asset (a year), without asking again: it is also immutable. */
export const hashedAssetsMaxAgeMs = 365 * 24 * 60 * 60 * 1000

const manifestFile = path.join(installDir, 'dist/assets.json')

/** Each asset's hashed URL by its plain name, such as `app.css` → `/assets/built/app.<hash>.css`. */
export type AssetManifest = Readonly<Record<AssetName, string>>
export type AssetName = 'app.css' | 'init.js' | 'nhsuk-frontend.js' | 'security-keys.js'
const assetNames: readonly AssetName[] = ['app.css', 'init.js', 'nhsuk-frontend.js', 'security-keys.js']

/** Checks the manifest names every asset the layout needs, each as a hashed URL. */
export function parseAssetManifest(json: string): AssetManifest {
  const parsed: unknown = JSON.parse(json)
  if (typeof parsed !== 'object' || parsed === null) throw new Error('the asset manifest is not an object')
  const entries = parsed as Record<string, unknown>
  for (const name of assetNames) {
    const url = entries[name]
    if (typeof url !== 'string' || !url.startsWith(hashedAssetsPrefix)) {
      throw new Error(`the asset manifest has no hashed URL for ${name}`)
    }
  }
  return Object.fromEntries(assetNames.map((name) => [name, entries[name]])) as AssetManifest
}

/** The manifest the build wrote, read when the views are made. */
export function readAssetManifest(): AssetManifest {
  let json: string
  try {
    json = readFileSync(manifestFile, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    throw new Error(`${manifestFile} is missing: run \`npm run build\` to make the hashed assets.`)
  }
  return parseAssetManifest(json)
}
