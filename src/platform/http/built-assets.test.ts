import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseAssetManifest } from './built-assets.js'

const manifest = {
  'app.css': '/assets/built/app.abc123.css',
  'init.js': '/assets/built/init.def456.js',
  'nhsuk-frontend.js': '/assets/built/nhsuk-frontend.0a1b2c.js',
  'security-keys.js': '/assets/built/security-keys.9f8e7d.js',
}

test('a manifest naming every asset by its hashed URL is read as it is', () => {
  assert.deepEqual(parseAssetManifest(JSON.stringify({ ...manifest, 'other.txt': 'x' })), manifest)
})

test('a manifest missing an asset, or naming one outside the hashed folder, is refused', () => {
  const { 'init.js': _left, ...withoutInit } = manifest
  assert.throws(() => parseAssetManifest(JSON.stringify(withoutInit)), /init\.js/)
  assert.throws(
    () => parseAssetManifest(JSON.stringify({ ...manifest, 'app.css': '/assets/app.css' })),
    /app\.css/,
  )
  assert.throws(() => parseAssetManifest('null'), /not an object/)
})
