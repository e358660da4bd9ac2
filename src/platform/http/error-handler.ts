import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { isDatabaseUnavailable } from '../db/unavailable.js'
import {
  ConflictError,
  DatabaseUnavailableError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../errors.js'
import { paragraphs, t } from '../i18n/translate.js'
import { HttpStatus } from './status.js'

interface Problem {
  status: number
  title: string
  key: string
  detail?: string
  errors?: Record<string, string>
}

function classify(error: FastifyError | Error): Problem {
  const statusCode = (error as FastifyError).statusCode
  const code = (error as FastifyError).code
  if (error instanceof NotFoundError)
    return { status: HttpStatus.notFound, title: 'Not found', key: 'notFound' }
  if (error instanceof ForbiddenError)
    return { status: HttpStatus.forbidden, title: 'Forbidden', key: 'forbidden' }
  if (error instanceof ConflictError)
    return { status: HttpStatus.conflict, title: 'Conflict', key: 'conflict', detail: error.message }
  if (error instanceof ValidationError)
    return {
      status: HttpStatus.badRequest,
      title: 'Invalid request',
      key: 'badRequest',
      detail: error.message,
      errors: error.fieldErrors,
    }
  if (error instanceof DatabaseUnavailableError || isDatabaseUnavailable(error))
    return { status: HttpStatus.serviceUnavailable, title: 'Service unavailable', key: 'unavailable' }
  if (code?.startsWith('FST_CSRF'))
    return { status: HttpStatus.forbidden, title: 'Missing or invalid CSRF token', key: 'csrf' }
  if (statusCode === HttpStatus.payloadTooLarge)
    return { status: HttpStatus.payloadTooLarge, title: 'Payload too large', key: 'payloadTooLarge' }
  if (statusCode === HttpStatus.tooManyRequests)
    return { status: HttpStatus.tooManyRequests, title: 'Too many requests', key: 'tooManyRequests' }
  if (statusCode === HttpStatus.notFound)
    return { status: HttpStatus.notFound, title: 'Not found', key: 'notFound' }
  // A path whose parts fail their schema (an id that is not an id) names nothing that exists.
  if (code === 'FST_ERR_VALIDATION' && (error as FastifyError).validationContext === 'params')
    return { status: HttpStatus.notFound, title: 'Not found', key: 'notFound' }
  if (statusCode && statusCode >= 400 && statusCode < 500)
    return { status: statusCode, title: 'Bad request', key: 'badRequest', detail: error.message }
  return { status: HttpStatus.internalError, title: 'Internal server error', key: 'internal' }
}

export function wantsJson(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/')) return true
  const accept = request.headers.accept ?? ''
  return accept.includes('json') && !accept.includes('html')
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: Omit<Problem, 'key'>,
): FastifyReply {
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({
      type: 'about:blank',
      title: problem.title,
      status: problem.status,
      ...(problem.detail ? { detail: problem.detail } : {}),
      ...(problem.errors ? { errors: problem.errors } : {}),
      instance: request.url,
      reference: request.id,
    })
}

export function sendErrorPage(request: FastifyRequest, reply: FastifyReply, key: string, status: number) {
  const isServerError = status >= HttpStatus.internalError
  return reply.page(
    'platform/http/views/error.njk',
    {
      pageTitle: t(`errors.${key}.heading`),
      heading: t(`errors.${key}.heading`),
      paragraphs: paragraphs(`errors.${key}.paragraphs`),
      reference: isServerError ? request.id : undefined,
    },
    status,
  )
}

export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const problem = classify(error)
  if (problem.status >= HttpStatus.internalError) {
    // The reference shown to the person is the request id on this log line.
    request.log.error({ err: error, reference: request.id }, 'request failed')
  } else {
    request.log.info({ status: problem.status, code: (error as FastifyError).code }, 'request refused')
  }
  if (problem.status === HttpStatus.serviceUnavailable) reply.header('retry-after', '30')
  if (wantsJson(request)) {
    // Server errors never reveal their details.
    const detail = problem.status >= HttpStatus.internalError ? undefined : problem.detail
    return sendProblem(request, reply, { ...problem, detail })
  }
  return sendErrorPage(request, reply, problem.key, problem.status)
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply) {
  if (wantsJson(request)) {
    return sendProblem(request, reply, { status: HttpStatus.notFound, title: 'Not found' })
  }
  return sendErrorPage(request, reply, 'notFound', HttpStatus.notFound)
}
