// Expected failures, thrown by services and mapped to pages or problem+json in one place.

export type FieldErrors = Record<string, string>

export class NotFoundError extends Error {
  override name = 'NotFoundError'
}

export class ForbiddenError extends Error {
  override name = 'ForbiddenError'
}

export class ConflictError extends Error {
  override name = 'ConflictError'
}

export class ValidationError extends Error {
  override name = 'ValidationError'
  constructor(
    readonly fieldErrors: FieldErrors,
    message = 'The information given is not valid',
  ) {
    super(message)
  }
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError'
}
