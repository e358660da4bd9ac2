import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ConsultationRow } from '../../../platform/db/schema.js'
import { sendProblem, wantsJson } from '../../../platform/http/error-handler.js'
import { HttpStatus } from '../../../platform/http/status.js'
import { t } from '../../../platform/i18n/translate.js'
import type { ResponseService, SubmitResult } from '../service.js'

// How the submit route answers a machine (problem+json) and a limited address (an NHS.UK page).

/** A client that asked for JSON, or sent JSON, gets JSON back rather than pages. */
export function isMachineClient(request: FastifyRequest): boolean {
  return wantsJson(request) || (request.headers['content-type'] ?? '').includes('json')
}

const minutesLeft = (ms: number) => Math.max(1, Math.ceil(ms / 60_000))

function setRetryAfter(reply: FastifyReply, retryAfterMs: number) {
  reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))))
}

export async function replyToMachine(
  request: FastifyRequest,
  reply: FastifyReply,
  result: SubmitResult,
  responses: ResponseService,
) {
  const { consultation } = result
  switch (result.kind) {
    case 'accepted': {
      const receipt = await responses.getReceipt(consultation.slug, result.submissionKey)
      return reply.code(HttpStatus.created).send({
        reference: receipt.reference,
        submittedAt: receipt.submittedAt.toISOString(),
        receipt: `/consultations/${consultation.slug}/receipts/${result.submissionKey}`,
      })
    }
    case 'invalid':
      return sendProblem(request, reply, {
        status: HttpStatus.badRequest,
        title: t('journey.problems.invalid.title'),
        detail: t('journey.problems.invalid.detail'),
        errors: result.errors,
      })
    case 'closed':
      return sendProblem(request, reply, {
        status: HttpStatus.conflict,
        title: t('journey.problems.closed.title'),
        detail: t('journey.problems.closed.detail'),
      })
    case 'limited':
      setRetryAfter(reply, result.retryAfterMs)
      return sendProblem(request, reply, {
        status: HttpStatus.tooManyRequests,
        title: t('journey.problems.limited.title'),
        detail: t('journey.problems.limited.detail', { minutes: minutesLeft(result.retryAfterMs) }),
      })
  }
}

/** The NHS.UK page for an address over the hard limit: what happened, and other ways to respond. */
export function replyLimited(
  reply: FastifyReply,
  result: { consultation: ConsultationRow; retryAfterMs: number },
) {
  setRetryAfter(reply, result.retryAfterMs)
  return reply.page(
    'features/responses/online/views/limited.njk',
    {
      pageTitle: t('journey.titles.limited'),
      consultation: result.consultation,
      minutes: minutesLeft(result.retryAfterMs),
    },
    HttpStatus.tooManyRequests,
  )
}
