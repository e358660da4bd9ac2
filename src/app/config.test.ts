import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { test } from 'node:test'
import { ConfigError, loadConfig } from './config.js'

test('defaults give the embedded database in ./data on port 3000', () => {
  const config = loadConfig({})
  assert.equal(config.port, 3000)
  assert.equal(config.baseUrl, 'http://localhost:3000')
  assert.equal(config.dataDir, path.resolve('data'))
  assert.equal(config.databaseUrl, undefined)
  assert.equal(config.runJobs, true)
  assert.equal(config.loadDemo, true)
})

test('values are read and converted', () => {
  const config = loadConfig({
    PORT: '8080',
    HEARD_DATA_DIR: '/var/lib/heard',
    DATABASE_URL: 'postgres://heard@db:5432/heard',
    HEARD_BASE_URL: 'https://heard.example.org/',
    HEARD_TRUST_PROXY: '127.0.0.1',
    HEARD_JOBS: 'off',
  })
  assert.equal(config.port, 8080)
  assert.equal(config.dataDir, '/var/lib/heard')
  assert.equal(config.databaseUrl, 'postgres://heard@db:5432/heard')
  assert.equal(config.baseUrl, 'https://heard.example.org')
  assert.equal(config.runJobs, false)
})

test('an https base URL without a trusted proxy is refused at start, naming the variable to set', () => {
  // Heard speaks plain HTTP: without a trusted proxy, sign-in behind TLS set no cookie, silently.
  assert.throws(
    () => loadConfig({ HEARD_BASE_URL: 'https://heard.example.org' }),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.variable === 'HEARD_TRUST_PROXY' &&
      /TLS proxy .* no one can sign in/.test(error.message),
  )
  assert.equal(
    loadConfig({ HEARD_BASE_URL: 'https://heard.example.org', HEARD_TRUST_PROXY: '10.0.0.1' }).baseUrl,
    'https://heard.example.org',
  )
})

test('production mode turns the demo off unless asked for and needs an https base URL', () => {
  const secure = { HEARD_BASE_URL: 'https://heard.example.org', HEARD_TRUST_PROXY: '10.0.0.1' }
  for (const env of [{ NODE_ENV: 'production' }, { HEARD_PRODUCTION: 'on' }]) {
    const config = loadConfig({ ...env, ...secure })
    assert.equal(config.production, true)
    assert.equal(config.loadDemo, false)
    assert.equal(loadConfig({ ...env, ...secure, HEARD_DEMO: 'on' }).loadDemo, true)
    for (const baseUrl of [{}, { HEARD_BASE_URL: 'http://heard.example.org' }])
      assert.throws(
        () => loadConfig({ ...env, ...baseUrl }),
        (error: unknown) => error instanceof ConfigError && error.variable === 'HEARD_BASE_URL',
      )
  }
  assert.equal(loadConfig({ NODE_ENV: 'production', HEARD_PRODUCTION: 'off' }).loadDemo, true)
  assert.equal(loadConfig({}).production, false)
})

test('no proxy is trusted unless named, by address, CIDR range or proxy-addr range name', () => {
  assert.equal(loadConfig({}).trustProxy, false)
  assert.deepEqual(loadConfig({ HEARD_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1/128,loopback' }).trustProxy, [
    '10.0.0.0/8',
    '127.0.0.1',
    '::1/128',
    'loopback',
  ])
})

test('a bad value names the variable and says what is wanted', () => {
  const cases: [Record<string, string>, string, RegExp][] = [
    [{ PORT: 'abc' }, 'PORT', /whole number from 1 to 65535 \(got "abc"\)/],
    [{ PORT: '70000' }, 'PORT', /at most 65535/],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', /postgres:\/\/ URL/],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of fatal, error/],
    [{ HEARD_JOBS: 'yes' }, 'HEARD_JOBS', /"on" or "off"/],
    [{ HEARD_SESSION_SECRET: 'short' }, 'HEARD_SESSION_SECRET', /at least 32 characters/],
    [{ HEARD_BASE_URL: 'ftp://x' }, 'HEARD_BASE_URL', /http:\/\/ or https:\/\//],
    [{ HEARD_TRUST_PROXY: 'everyone' }, 'HEARD_TRUST_PROXY', /addresses and CIDR ranges/],
    [{ HEARD_TRUST_PROXY: '10.0.0.0/33' }, 'HEARD_TRUST_PROXY', /addresses and CIDR ranges/],
    [{ HEARD_TRUST_PROXY: '2' }, 'HEARD_TRUST_PROXY', /name the proxies, not count hops/],
  ]
  for (const [env, variable, message] of cases) {
    assert.throws(
      () => loadConfig(env),
      (error: unknown) =>
        error instanceof ConfigError && error.variable === variable && message.test(error.message),
      JSON.stringify(env),
    )
  }
})

test('the CLI prints one line naming the variable and exits with status 2', () => {
  const result = spawnSync(process.execPath, ['bin/heard.js', 'migrate'], {
    env: { ...process.env, PORT: 'not-a-port' },
    encoding: 'utf8',
  })
  assert.equal(result.status, 2)
  assert.equal(
    result.stderr.trim(),
    'Configuration error: PORT: must be a whole number from 1 to 65535 (got "not-a-port")',
  )
  assert.equal(result.stdout, '')
})

test('the disclosure threshold defaults to 5 and can be raised', () => {
  assert.equal(loadConfig({}).disclosureThreshold, 5)
  assert.equal(loadConfig({ HEARD_DISCLOSURE_THRESHOLD: '10' }).disclosureThreshold, 10)
  assert.throws(() => loadConfig({ HEARD_DISCLOSURE_THRESHOLD: '0' }), /HEARD_DISCLOSURE_THRESHOLD/)
})

test('the per-address submit limits default to flag above 20 and refuse above 300 an hour', () => {
  const defaults = loadConfig({})
  assert.equal(defaults.submitFlagPerHour, 20)
  assert.equal(defaults.submitLimitPerHour, 300)
  const set = loadConfig({ HEARD_SUBMIT_FLAG_PER_HOUR: '50', HEARD_SUBMIT_LIMIT_PER_HOUR: '1000' })
  assert.equal(set.submitFlagPerHour, 50)
  assert.equal(set.submitLimitPerHour, 1000)
  assert.throws(
    () => loadConfig({ HEARD_SUBMIT_FLAG_PER_HOUR: '50', HEARD_SUBMIT_LIMIT_PER_HOUR: '10' }),
    (error: unknown) => error instanceof ConfigError && error.variable === 'HEARD_SUBMIT_LIMIT_PER_HOUR',
  )
})

test("PGlite's buffer pool defaults to 16 MB and can be set to PGlite's own 128 MB", () => {
  assert.equal(loadConfig({}).pgliteBuffersMb, 16)
  assert.equal(loadConfig({ HEARD_PGLITE_BUFFERS_MB: '128' }).pgliteBuffersMb, 128)
  assert.throws(
    () => loadConfig({ HEARD_PGLITE_BUFFERS_MB: '0' }),
    (error: unknown) => error instanceof ConfigError && error.variable === 'HEARD_PGLITE_BUFFERS_MB',
  )
})
