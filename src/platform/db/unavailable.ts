// Errors that mean "the database cannot be reached right now", as opposed to a bad query.
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EPIPE',
])
const messages = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /PGlite is closed/i,
  /the database system is (starting up|shutting down)/i,
]

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') {
    if (networkCodes.has(code)) return true
    // SQLSTATE class 08 is connection exceptions; 57P01-57P03 are shutdowns and "cannot connect now".
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true
  }
  if (messages.some((m) => m.test(error.message))) return true
  const aggregate = error as { errors?: unknown }
  if (Array.isArray(aggregate.errors)) return aggregate.errors.some(isDatabaseUnavailable)
  return error.cause !== undefined && isDatabaseUnavailable(error.cause)
}
