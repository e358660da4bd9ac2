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

// Requests are logged by method and path only: no query strings, addresses or headers.
const serializers = {
  req: (req: { method: string; url: string; id: string }) => ({
    method: req.method,
    path: req.url.split('?')[0],
  }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
  err: pino.stdSerializers.err,
}

/** A JSON logger to stdout, or to the given stream (tests read what was logged). */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = { level, redact, serializers, base: { service: 'heard' } }
  return destination ? pino(options, destination) : pino(options)
}
