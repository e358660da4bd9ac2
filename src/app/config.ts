import { isIP } from 'node:net'
import path from 'node:path'
import { z } from 'zod'

// The only module that reads process.env: everything else is given a Config.

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

export interface Config {
  port: number
  host: string
  baseUrl: string
  dataDir: string
  databaseUrl: string | undefined
  logLevel: LogLevel
  runJobs: boolean
  /**
   * Production mode (`NODE_ENV=production`, or `HEARD_PRODUCTION=on`): the demo is off unless asked
   * for, and the base URL must be given and be https://.
   */
  production: boolean
  loadDemo: boolean
  sessionSecret: string | undefined
  bodyLimitBytes: number
  uploadLimitBytes: number
  signInAttempts: number
  signInWindowMinutes: number
  /** How long after the close a form started before it may still be sent. */
  submitGraceMinutes: number
  /** Where mail to respondents is sent; without it messages wait in the outbox. */
  smtpUrl: string | undefined
  /** Counts from 1 to this − 1 are hidden in every table, chart and export. */
  disclosureThreshold: number
  /** Online responses from one address in an hour above which each is stored with a flag. */
  submitFlagPerHour: number
  /** Online responses from one address in an hour above which they are refused with a 429. */
  submitLimitPerHour: number
  /** The largest file a bulk import accepts. */
  importLimitBytes: number
  /**
   * The proxies whose X-Forwarded-For is believed (none by default): per-address flags and rate
   * limits count the address it gives, so trusting anyone else would let clients choose their own.
   */
  trustProxy: false | string[]
  /** PGlite's buffer pool (shared_buffers) in MB. */
  pgliteBuffersMb: number
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`)
    this.name = 'ConfigError'
  }
}

/** Counts below this are hidden in every table, chart and export unless configured otherwise. */
export const defaultDisclosureThreshold = 5

/** A bulk import file may be up to 256 MB unless configured otherwise: a million rows fit. */
export const defaultImportLimitBytes = 256 * 1024 * 1024

/**
 * PGlite's buffer pool in MB unless configured otherwise. PGlite's own 128 MB is resident from the
 * start; the data folder's files are cached by the operating system anyway, and grouping 200,000
 * responses took as long with 16 MB (docs/design/databases.md), for 130 MB less.
 */
export const defaultPgliteBuffersMb = 16

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))

/** What proxy-addr, behind Fastify's trustProxy, accepts besides addresses and CIDR ranges. */
const namedRanges = ['loopback', 'linklocal', 'uniquelocal']

function isAddressOrRange(entry: string) {
  if (namedRanges.includes(entry)) return true
  const [address = '', prefix, ...rest] = entry.split('/')
  const version = isIP(address)
  if (version === 0 || rest.length > 0) return false
  if (prefix === undefined) return true
  return /^\d+$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128)
}

// A bare hop count is refused, as Fastify itself now refuses it: it cannot check that the nearest
// hop is a proxy, so a client reaching the app directly could forge its own address.
const trustedProxies = z.string().transform((value, ctx): string[] => {
  const entries = value.split(',').map((entry) => entry.trim())
  if (entries.every(isAddressOrRange)) return entries
  ctx.addIssue({
    code: 'custom',
    message: /^\d+$/.test(value)
      ? 'must name the proxies, not count hops: addresses and CIDR ranges separated by commas, such as 10.0.0.0/8,127.0.0.1'
      : 'must be addresses and CIDR ranges separated by commas, such as 10.0.0.0/8,127.0.0.1',
  })
  return z.NEVER
})

const onOff = z.enum(['on', 'off'], { message: 'must be "on" or "off"' })

const variables = {
  PORT: wholeNumber(1, 65535).default(3000),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  HEARD_BASE_URL: z
    .url({
      protocol: /^https?$/,
      message: 'must be an http:// or https:// URL, such as https://heard.example.org',
    })
    .optional(),
  HEARD_DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL, such as postgres://user@host:5432/heard')
    .optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  HEARD_JOBS: onOff.default('on'),
  HEARD_DEMO: onOff.optional(),
  HEARD_PRODUCTION: onOff.optional(),
  NODE_ENV: z.string().optional(),
  HEARD_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters long').optional(),
  HEARD_BODY_LIMIT_BYTES: wholeNumber(1024, 100 * 1024 * 1024).default(1024 * 1024),
  HEARD_UPLOAD_LIMIT_BYTES: wholeNumber(1024, 1024 * 1024 * 1024).default(20 * 1024 * 1024),
  HEARD_SIGN_IN_ATTEMPTS: wholeNumber(1, 1000).default(5),
  HEARD_SIGN_IN_WINDOW_MINUTES: wholeNumber(1, 1440).default(15),
  HEARD_SUBMIT_GRACE_MINUTES: wholeNumber(0, 10080).default(30),
  HEARD_SMTP_URL: z
    .string()
    .regex(
      /^smtps?:\/\/\S+$/,
      'must be an smtp:// or smtps:// URL, such as smtps://user:pass@mail.example.org',
    )
    .optional(),
  HEARD_DISCLOSURE_THRESHOLD: wholeNumber(1, 100).default(defaultDisclosureThreshold),
  HEARD_SUBMIT_FLAG_PER_HOUR: wholeNumber(1, 100_000_000).default(20),
  HEARD_SUBMIT_LIMIT_PER_HOUR: wholeNumber(1, 100_000_000).default(300),
  HEARD_IMPORT_LIMIT_BYTES: wholeNumber(1024, 4 * 1024 * 1024 * 1024).default(defaultImportLimitBytes),
  HEARD_TRUST_PROXY: trustedProxies.optional(),
  HEARD_PGLITE_BUFFERS_MB: wholeNumber(1, 1024).default(defaultPgliteBuffersMb),
} as const

type Env = Record<string, string | undefined>

function parseVariable<K extends keyof typeof variables>(env: Env, name: K): z.output<(typeof variables)[K]> {
  const raw = env[name]
  const result = variables[name].safeParse(raw === '' ? undefined : raw)
  if (!result.success) {
    const issue = result.error.issues[0]
    throw new ConfigError(name, `${issue?.message ?? 'is not valid'} (got ${JSON.stringify(raw)})`)
  }
  return result.data as z.output<(typeof variables)[K]>
}

export function loadConfig(env: Env = process.env): Config {
  const port = parseVariable(env, 'PORT')
  const production =
    (parseVariable(env, 'HEARD_PRODUCTION') ??
      (parseVariable(env, 'NODE_ENV') === 'production' ? 'on' : 'off')) === 'on'
  const givenBaseUrl = parseVariable(env, 'HEARD_BASE_URL')
  if (production && !givenBaseUrl?.startsWith('https://'))
    throw new ConfigError(
      'HEARD_BASE_URL',
      `must be the https:// address people use in production, such as https://heard.example.org (got ${JSON.stringify(givenBaseUrl ?? '')})`,
    )
  const baseUrl = givenBaseUrl ?? `http://localhost:${port}`
  const trustProxy = parseVariable(env, 'HEARD_TRUST_PROXY') ?? false
  // Heard serves plain HTTP, so an https:// address means a proxy ends TLS in front of it. Unless
  // that proxy is trusted, every request looks like plain HTTP, and sign-in's secure cookie is
  // silently never set.
  if (baseUrl.startsWith('https://') && trustProxy === false)
    throw new ConfigError(
      'HEARD_TRUST_PROXY',
      'must name the TLS proxy in front of Heard when HEARD_BASE_URL is https://, such as 127.0.0.1 (got nothing): without it no one can sign in',
    )
  return {
    port,
    host: parseVariable(env, 'HOST'),
    baseUrl: baseUrl.replace(/\/$/, ''),
    dataDir: path.resolve(parseVariable(env, 'HEARD_DATA_DIR')),
    databaseUrl: parseVariable(env, 'DATABASE_URL'),
    logLevel: parseVariable(env, 'LOG_LEVEL'),
    runJobs: parseVariable(env, 'HEARD_JOBS') === 'on',
    production,
    loadDemo: (parseVariable(env, 'HEARD_DEMO') ?? (production ? 'off' : 'on')) === 'on',
    sessionSecret: parseVariable(env, 'HEARD_SESSION_SECRET'),
    bodyLimitBytes: parseVariable(env, 'HEARD_BODY_LIMIT_BYTES'),
    uploadLimitBytes: parseVariable(env, 'HEARD_UPLOAD_LIMIT_BYTES'),
    signInAttempts: parseVariable(env, 'HEARD_SIGN_IN_ATTEMPTS'),
    signInWindowMinutes: parseVariable(env, 'HEARD_SIGN_IN_WINDOW_MINUTES'),
    submitGraceMinutes: parseVariable(env, 'HEARD_SUBMIT_GRACE_MINUTES'),
    smtpUrl: parseVariable(env, 'HEARD_SMTP_URL'),
    disclosureThreshold: parseVariable(env, 'HEARD_DISCLOSURE_THRESHOLD'),
    ...submitLimits(env),
    importLimitBytes: parseVariable(env, 'HEARD_IMPORT_LIMIT_BYTES'),
    trustProxy,
    pgliteBuffersMb: parseVariable(env, 'HEARD_PGLITE_BUFFERS_MB'),
  }
}

function submitLimits(env: Env): Pick<Config, 'submitFlagPerHour' | 'submitLimitPerHour'> {
  const submitFlagPerHour = parseVariable(env, 'HEARD_SUBMIT_FLAG_PER_HOUR')
  const submitLimitPerHour = parseVariable(env, 'HEARD_SUBMIT_LIMIT_PER_HOUR')
  if (submitLimitPerHour < submitFlagPerHour) {
    throw new ConfigError(
      'HEARD_SUBMIT_LIMIT_PER_HOUR',
      `must be at least HEARD_SUBMIT_FLAG_PER_HOUR (${submitFlagPerHour}) (got ${submitLimitPerHour})`,
    )
  }
  return { submitFlagPerHour, submitLimitPerHour }
}

export const configVariables = Object.keys(variables)
