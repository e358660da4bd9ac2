/**
 * Whether a database error is a unique constraint refusing a duplicate (PGlite and pg alike): the
 * named constraint when one is given, any unique constraint otherwise.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string }
  if (e?.code !== '23505') return false
  return constraint === undefined || e.constraint === constraint || (e.message ?? '').includes(constraint)
}
