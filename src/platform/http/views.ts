import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import nunjucks from 'nunjucks'
import { formatLondonDate, formatLondonDateTime } from '../time/london.js'
import { readAssetManifest } from './built-assets.js'

const require = createRequire(import.meta.url)

/** The folder holding nhsuk-frontend's compiled CSS, JS, images and Nunjucks templates. */
export const nhsukDir = path.join(path.dirname(require.resolve('nhsuk-frontend/package.json')), 'dist')
export const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const publicAssetsDir = path.join(srcDir, 'platform/http/public')

export type ViewModel = Record<string, unknown>

export interface Views {
  render(template: string, model: ViewModel): string
}

export function createViews(): Views {
  // Templates are named from src/, e.g. "features/consultations/public/views/show.njk", so names never clash.
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([srcDir, nhsukDir]), {
    autoescape: true,
    throwOnUndefined: false,
  })
  env.addGlobal('assetPath', '/assets/nhsuk/assets')
  // The hashed URLs of the stylesheet and scripts, which the layout names (see built-assets.ts).
  env.addGlobal('assets', readAssetManifest())
  env.addFilter('londonDateTime', (value: Date | string | null) => (value ? formatLondonDateTime(value) : ''))
  env.addFilter('londonDate', (value: Date | string | null) => (value ? formatLondonDate(value) : ''))
  return { render: (template, model) => env.render(template, model) }
}

/**
 * The CSP hash of the one inline script in the nhsuk-frontend page template (it marks the body as
 * JavaScript-enabled before first paint), so the policy can allow exactly it and no other inline script.
 */
export function nhsukTemplateScriptHash(): string {
  const template = readFileSync(path.join(nhsukDir, 'nhsuk/template.njk'), 'utf8')
  const match = /<script[^>]*>([\s\S]*?)<\/script>/.exec(template)
  if (!match?.[1]) throw new Error('nhsuk-frontend template has no inline script to hash')
  return `'sha256-${createHash('sha256').update(match[1]).digest('base64')}'`
}
