import type { FastifyBaseLogger } from 'fastify'
import { pino } from 'pino'

export type Logger = FastifyBaseLogger

// Cookies, tokens, passwords and identifiers never reach the log.
const redact = {
  paths: [
    'req.headers.cookie',
    'req.headers.authorization',
    'res.headers["set-cookie"]',
    '*.password',
    '*.email',
    '*.sessionSecret',
    '*.databaseUrl',
  ],
  censor: '[redacted]',
}

// Errors are logged by what they are and where, never by what they carried: a database error's
// query parameters, query text and detail hold what people typed (emails, names), so only these
// properties of an error, and of its causes, are kept.
const errorFields = ['code', 'severity', 'routine', 'constraint', 'table', 'column', 'statusCode'] as const

interface LoggedError {
  type: string
  message: string
  stack?: string
  cause?: LoggedError
  [field: string]: unknown
}

function serializeError(error: unknown, depth = 0): LoggedError | undefined {
  if (!(error instanceof Error)) return error === undefined ? undefined : { type: typeof error, message: '' }
  const logged: LoggedError = { type: error.constructor.name, message: error.message, stack: error.stack }
  for (const name of errorFields) {
    const value = (error as unknown as Record<string, unknown>)[name]
    if (typeof value === 'string' || typeof value === 'number') logged[name] = value
  }
  if (error.cause !== undefined && depth < 5) logged.cause = serializeError(error.cause, depth + 1)
  return logged
}

// Requests are logged by method and path only: no query strings, addresses or headers.
const serializers = {
  req: (req: { method: string; url: string; id: string }) => ({
    method: req.method,
    path: req.url.split('?')[0],
  }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
  err: (error: unknown) => serializeError(error),
}

/** A JSON logger to stdout, or to the given stream (tests read what was logged). */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = { level, redact, serializers, base: { service: 'heard' } }
  return destination ? pino(options, destination) : pino(options)
}
