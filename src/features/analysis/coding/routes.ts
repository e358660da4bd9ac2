import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requireRole, staffActor } from '../../../platform/auth/guards.js'
import { canCode, canSeeSafeguarding, canViewCoding, hasAnyRole } from '../../../platform/auth/roles.js'
import { ValidationError } from '../../../platform/errors.js'
import { formModel } from '../../../platform/http/forms.js'
import { type IdParams, idParams } from '../../../platform/http/schemas.js'
import { HttpStatus } from '../../../platform/http/status.js'
import { t } from '../../../platform/i18n/translate.js'
import {
  type ConsultationService,
  consultationInPath,
  loadConsultationInPath,
} from '../../consultations/index.js'
import type { AnalysisService } from '../results/service.js'
import { tableAsCsv } from '../results/spreadsheet.js'
import {
  parseAdjudicationForm,
  parseCodingForm,
  parseCommentFilters,
  parseCursor,
  parseFlagHandling,
  parseMergeForm,
  parseQuoteChoice,
  parseQuoteReview,
  parseSampleForm,
  parseSplitForm,
  parseThemeForm,
} from './forms.js'
import {
  codingBase as base,
  codingFraming,
  presentAgreement,
  presentCodeframe,
  presentCoderItems,
  presentComment,
  presentCommentList,
  presentThemeCounts,
  type SentBack,
  codingViews as views,
} from './presenters.js'
import {
  type AdjudicationParams,
  adjudicationParams,
  type CommentParams,
  commentParams,
  type FlagParams,
  flagParams,
  type QuoteParams,
  quoteParams,
  type SampleParams,
  type SuggestionParams,
  sampleParams,
  suggestionParams,
} from './schemas.js'
import type { CodingService } from './service.js'
import { themeCountRows } from './theme-count-table.js'
import { themeCountsBy } from './theme-counts.js'

export interface CodingRouteOptions {
  consultations: ConsultationService
  coding: CodingService
  analysis: Pick<AnalysisService, 'breakdownChoices' | 'disclosureThreshold'>
}

type Id = { Params: IdParams }
/** Pages whose title (under coding.titles) is the consultation's title after their own name. */
type TitledByConsultation =
  | 'list'
  | 'codeframe'
  | 'samples'
  | 'agreement'
  | 'quotes'
  | 'safeguarding'
  | 'themeCounts'

export async function codingRoutes(app: FastifyInstance, options: CodingRouteOptions) {
  const { consultations, coding, analysis } = options
  const loadConsultation = loadConsultationInPath(consultations)
  // Every path names a consultation (and maybe a record in it): the role first, so a wrong role
  // is refused as before, then the consultation, which answers 404 when it is unknown.
  const view = <P>(params: P) => ({
    schema: { params },
    preHandler: [requireRole(...canViewCoding), loadConsultation],
  })
  const code = <P>(params: P) => ({
    schema: { params },
    preHandler: [requireRole(...canCode), loadConsultation],
  })
  /** The framing of a page below the workspace, titled with the consultation's title. */
  const framing = (request: FastifyRequest, title: TitledByConsultation, backHref?: string) => {
    const consultation = consultationInPath(request)
    return codingFraming(
      request.currentUser,
      consultation,
      t(`coding.titles.${title}`, { title: consultation.title }),
      backHref ?? base(consultation.id),
    )
  }

  const reader = (request: FastifyRequest) => ({
    userId: staffActor(request).userId,
    seesSafeguarding: hasAnyRole(request.currentUser?.roles ?? [], canSeeSafeguarding),
  })

  // The workspace: comments as a list, filtered, with progress, a page at a time.
  app.get<Id>('/admin/consultations/:id/coding', view(idParams), async (request, reply) => {
    const { id } = request.params
    const questions = await coding.commentQuestions(id)
    const query = request.query as Record<string, string | undefined>
    const filters = parseCommentFilters(
      query,
      questions.map((q) => q.key),
    )
    const cursor = { after: parseCursor(query.after), before: parseCursor(query.before) }
    const [page, frame] = await Promise.all([
      coding.listComments(id, filters, cursor, staffActor(request).userId),
      coding.codeframe(id),
    ])
    return reply.page(`${views}/list.njk`, {
      ...framing(request, 'list', '/admin'),
      ...presentCommentList(page, frame, questions, filters, reader(request).seesSafeguarding),
    })
  })

  // One comment, with the coding form for those who code.
  const showComment = async (
    request: FastifyRequest<{ Params: CommentParams }>,
    reply: FastifyReply,
    form: SentBack = {},
    status: number = HttpStatus.ok,
  ) => {
    const { id, responseId, questionKey } = request.params
    const [detail, questions] = await Promise.all([
      coding.getComment(id, responseId, questionKey, reader(request)),
      coding.commentQuestions(id),
    ])
    const title = t('coding.titles.comment', { reference: detail.comment.reference })
    return reply.page(
      `${views}/comment.njk`,
      {
        ...codingFraming(request.currentUser, consultationInPath(request), title),
        ...presentComment(detail, questions, questionKey, form),
      },
      status,
    )
  }

  const comment = '/admin/consultations/:id/coding/comments/:responseId/:questionKey'
  app.get<{ Params: CommentParams }>(comment, view(commentParams), (request, reply) =>
    showComment(request, reply),
  )

  app.post<{ Params: CommentParams }>(comment, code(commentParams), async (request, reply) => {
    const { id, responseId, questionKey } = request.params
    const frame = await coding.codeframe(id)
    const form = parseCodingForm(
      request.body,
      frame.tree.map((th) => th.id),
    )
    if (!form.ok) return showComment(request, reply, form, HttpStatus.badRequest)
    const saved = await coding.saveCoding(id, responseId, questionKey, form.value, staffActor(request))
    const next = (request.body as Record<string, unknown>).next === 'yes'
    const detail = next ? await coding.getComment(id, responseId, questionKey, reader(request)) : undefined
    const target = detail?.nextUncoded
      ? `${base(id)}/comments/${detail.nextUncoded.responseId}/${detail.nextUncoded.questionKey}`
      : `${base(id)}/comments/${responseId}/${questionKey}`
    return reply.redirectWithFlash(target, t('coding.flash.saved', { reference: saved.reference }))
  })

  for (const decision of ['accept', 'reject'] as const) {
    app.post<{ Params: SuggestionParams }>(
      `/admin/consultations/:id/coding/suggestions/:suggestionId/${decision}`,
      code(suggestionParams),
      async (request, reply) => {
        const { id, suggestionId } = request.params
        const at = await coding.decideSuggestion(id, suggestionId, decision === 'accept', staffActor(request))
        const flash = t(
          decision === 'accept' ? 'coding.flash.suggestionAccepted' : 'coding.flash.suggestionRejected',
        )
        return reply.redirectWithFlash(`${base(id)}/comments/${at.responseId}/${at.questionKey}`, flash)
      },
    )
  }

  // The codeframe: the tree, and forms to add, merge and split themes.
  const showCodeframe = async (
    request: FastifyRequest<Id>,
    reply: FastifyReply,
    form: SentBack = {},
    status: number = HttpStatus.ok,
  ) => {
    const { id } = request.params
    const [frame, questions] = await Promise.all([coding.codeframe(id), coding.commentQuestions(id)])
    return reply.page(
      `${views}/codeframe.njk`,
      { ...framing(request, 'codeframe'), ...presentCodeframe(frame, questions, form) },
      status,
    )
  }

  app.get<Id>('/admin/consultations/:id/codeframe', view(idParams), (request, reply) =>
    showCodeframe(request, reply),
  )

  app.post<Id>('/admin/consultations/:id/codeframe/themes', code(idParams), async (request, reply) => {
    const id = request.params.id
    const [frame, questions] = await Promise.all([coding.codeframe(id), coding.commentQuestions(id)])
    const form = parseThemeForm(request.body, {
      questionKeys: questions.map((q) => q.key),
      themeIds: frame.tree.map((th) => th.id),
    })
    if (!form.ok) return showCodeframe(request, reply, form, HttpStatus.badRequest)
    try {
      await coding.addTheme(id, form.value, staffActor(request))
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return showCodeframe(
        request,
        reply,
        { errors: error.fieldErrors, values: request.body as Record<string, string> },
        HttpStatus.badRequest,
      )
    }
    return reply.redirectWithFlash(
      `/admin/consultations/${id}/codeframe`,
      t('coding.flash.themeAdded', { code: form.value.code }),
    )
  })

  app.post<Id>('/admin/consultations/:id/codeframe/merge', code(idParams), async (request, reply) => {
    const id = request.params.id
    const frame = await coding.codeframe(id)
    const form = parseMergeForm(
      request.body,
      frame.tree.map((th) => th.id),
    )
    if (!form.ok) return showCodeframe(request, reply, form, HttpStatus.badRequest)
    const merged = await coding.mergeThemes(id, form.value.sources, form.value.target, staffActor(request))
    return reply.redirectWithFlash(`/admin/consultations/${id}/codeframe`, t('coding.flash.merged', merged))
  })

  app.post<Id>('/admin/consultations/:id/codeframe/split', code(idParams), async (request, reply) => {
    const id = request.params.id
    const frame = await coding.codeframe(id)
    const form = parseSplitForm(
      request.body,
      frame.tree.map((th) => th.id),
    )
    if (!form.ok) return showCodeframe(request, reply, form, HttpStatus.badRequest)
    try {
      const split = await coding.splitTheme(id, form.value.source, form.value.parts, staffActor(request))
      return reply.redirectWithFlash(`/admin/consultations/${id}/codeframe`, t('coding.flash.split', split))
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return showCodeframe(
        request,
        reply,
        { errors: { parts: error.fieldErrors.code ?? '' }, values: request.body as Record<string, string> },
        HttpStatus.badRequest,
      )
    }
  })

  // Double coding: draw a sample, see agreement, adjudicate disagreements.
  const showSamples = async (
    request: FastifyRequest<Id>,
    reply: FastifyReply,
    form: SentBack = {},
    status: number = HttpStatus.ok,
  ) => {
    const { id } = request.params
    const [samples, coders, mine] = await Promise.all([
      coding.listSamples(id),
      coding.listCoders(),
      coding.blindItemsFor(id, request.currentUser?.id ?? ''),
    ])
    return reply.page(
      `${views}/samples.njk`,
      {
        ...framing(request, 'samples'),
        samples,
        mine,
        coderItems: presentCoderItems(coders, form.values?.secondCoderId),
        ...formModel(form),
      },
      status,
    )
  }

  app.get<Id>('/admin/consultations/:id/coding/double', view(idParams), (request, reply) =>
    showSamples(request, reply),
  )

  app.post<Id>('/admin/consultations/:id/coding/double', code(idParams), async (request, reply) => {
    const id = request.params.id
    const coders = await coding.listCoders()
    const form = parseSampleForm(
      request.body,
      coders.map((c) => c.id),
    )
    if (!form.ok) return showSamples(request, reply, form, HttpStatus.badRequest)
    let drawn: Awaited<ReturnType<typeof coding.drawDoubleCodingSample>>
    try {
      drawn = await coding.drawDoubleCodingSample(id, form.value, staffActor(request))
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const values = request.body as Record<string, string>
      return showSamples(request, reply, { errors: error.fieldErrors, values }, HttpStatus.badRequest)
    }
    const flash =
      drawn.count > 0 ? t('coding.flash.sampleDrawn', { count: drawn.count }) : t('coding.flash.sampleEmpty')
    return reply.redirectWithFlash(
      drawn.sampleId ? `${base(id)}/double/${drawn.sampleId}` : `${base(id)}/double`,
      flash,
    )
  })

  app.get<{ Params: SampleParams }>(
    '/admin/consultations/:id/coding/double/:sampleId',
    view(sampleParams),
    async (request, reply) => {
      const { id, sampleId } = request.params
      const agreement = await coding.agreement(id, sampleId)
      return reply.page(`${views}/agreement.njk`, {
        ...framing(request, 'agreement', `${base(id)}/double`),
        ...presentAgreement(agreement),
      })
    },
  )

  app.post<{ Params: AdjudicationParams }>(
    '/admin/consultations/:id/coding/double/:sampleId/adjudicate/:responseId/:questionKey',
    code(adjudicationParams),
    async (request, reply) => {
      const { id, sampleId, responseId, questionKey } = request.params
      const frame = await coding.codeframe(id)
      const form = parseAdjudicationForm(
        request.body,
        frame.tree.map((th) => th.id),
      )
      if (!form.ok)
        return reply.redirectWithFlash(`${base(id)}/double/${sampleId}`, Object.values(form.errors).join(' '))
      const done = await coding.adjudicate(
        id,
        sampleId,
        responseId,
        questionKey,
        form.value,
        staffActor(request),
      )
      return reply.redirectWithFlash(`${base(id)}/double/${sampleId}`, t('coding.flash.adjudicated', done))
    },
  )

  // Quotes: chosen per theme, redacted automatically, approved by a person before use.
  app.get<Id>('/admin/consultations/:id/coding/quotes', view(idParams), async (request, reply) =>
    reply.page(`${views}/quotes.njk`, {
      ...framing(request, 'quotes'),
      quotes: await coding.listQuotes(request.params.id),
    }),
  )

  app.post<Id>('/admin/consultations/:id/coding/quotes', code(idParams), async (request, reply) => {
    const id = request.params.id
    const choice = parseQuoteChoice(request.body)
    if (!choice) return reply.callNotFound()
    const { responseId, questionKey, themeId } = choice
    const quoteId = await coding.chooseQuote(id, responseId, questionKey, themeId, staffActor(request))
    return reply.redirectWithFlash(`${base(id)}/quotes/${quoteId}`, t('coding.flash.quoteChosen'))
  })

  const showQuote = async (
    request: FastifyRequest<{ Params: QuoteParams }>,
    reply: FastifyReply,
    form: SentBack = {},
    status: number = HttpStatus.ok,
  ) => {
    const { id, quoteId } = request.params
    const found = await coding.getQuote(id, quoteId)
    return reply.page(
      `${views}/quote.njk`,
      {
        ...codingFraming(
          request.currentUser,
          consultationInPath(request),
          t('coding.titles.quote', { reference: found.reference }),
          `${base(id)}/quotes`,
        ),
        ...found,
        ...formModel({ ...form, values: form.values ?? { text: found.quote.redacted_text } }),
      },
      status,
    )
  }

  app.get<{ Params: QuoteParams }>(
    '/admin/consultations/:id/coding/quotes/:quoteId',
    code(quoteParams),
    (request, reply) => showQuote(request, reply),
  )

  app.post<{ Params: QuoteParams }>(
    '/admin/consultations/:id/coding/quotes/:quoteId/approve',
    code(quoteParams),
    async (request, reply) => {
      const { id, quoteId } = request.params
      const form = parseQuoteReview(request.body)
      if (!form.ok) return showQuote(request, reply, form, HttpStatus.badRequest)
      await coding.approveQuote(id, quoteId, form.value.text, staffActor(request))
      return reply.redirectWithFlash(`${base(id)}/quotes`, t('coding.flash.quoteApproved'))
    },
  )

  // Safeguarding: flags raised by the detector or by analysts, and their handling. Coders only.
  const showFlags = async (
    request: FastifyRequest<Id>,
    reply: FastifyReply,
    form: SentBack & { flagId?: string } = {},
    status: number = HttpStatus.ok,
  ) =>
    reply.page(
      `${views}/safeguarding.njk`,
      {
        ...framing(request, 'safeguarding'),
        flags: await coding.listFlags(request.params.id),
        flagId: form.flagId,
        ...formModel(form),
      },
      status,
    )

  app.get<Id>('/admin/consultations/:id/coding/safeguarding', code(idParams), (request, reply) =>
    showFlags(request, reply),
  )

  app.post<Id>(
    '/admin/consultations/:id/coding/safeguarding/scan',
    code(idParams),
    async (request, reply) => {
      const id = request.params.id
      const scanned = await coding.scanSafeguarding(id, staffActor(request))
      return reply.redirectWithFlash(`${base(id)}/safeguarding`, t('coding.flash.scanned', scanned))
    },
  )

  app.post<{ Params: FlagParams }>(
    '/admin/consultations/:id/coding/safeguarding/:flagId/handle',
    code(flagParams),
    async (request, reply) => {
      const { id, flagId } = request.params
      const form = parseFlagHandling(request.body)
      if (!form.ok) return showFlags(request, reply, { ...form, flagId }, HttpStatus.badRequest)
      await coding.handleFlag(id, flagId, form.value.action, staffActor(request))
      return reply.redirectWithFlash(`${base(id)}/safeguarding`, t('coding.flash.flagHandled'))
    },
  )

  // Theme counts by any breakdown the quantitative results offer: ?by=channel, campaign or a question key.
  const byOf = (request: FastifyRequest) => {
    const by = (request.query as Record<string, unknown>).by
    return typeof by === 'string' && by ? by : undefined
  }

  app.get<Id>('/admin/consultations/:id/coding/theme-counts', view(idParams), async (request, reply) => {
    const counts = await themeCountsBy({ coding, analysis }, request.params.id, byOf(request))
    return reply.page(`${views}/theme-counts.njk`, {
      ...framing(request, 'themeCounts'),
      ...presentThemeCounts(counts, analysis.disclosureThreshold),
    })
  })

  app.get<Id>(
    '/admin/consultations/:id/coding/theme-counts/download.csv',
    view(idParams),
    async (request, reply) => {
      const { chosen, table } = await themeCountsBy({ coding, analysis }, request.params.id, byOf(request))
      const body = await tableAsCsv(t('coding.themeCounts.sheet'), themeCountRows(table))
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="theme-counts${chosen ? `-by-${chosen.key}` : ''}.csv"`,
        )
        .send(body)
    },
  )
}
