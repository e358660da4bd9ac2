import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requireRole, staffActor } from '../../../platform/auth/guards.js'
import { canCode, canViewCoding } from '../../../platform/auth/roles.js'
import { type FieldErrors, NotFoundError, ValidationError } from '../../../platform/errors.js'
import { formModel, selectItems } from '../../../platform/http/forms.js'
import { HttpStatus } from '../../../platform/http/status.js'
import { t } from '../../../platform/i18n/translate.js'
import type { ConsultationService } from '../../consultations/index.js'
import { channelLabel, channels } from '../../responses/index.js'
import type { AnalysisService } from '../results/service.js'
import { tableAsCsv } from '../results/spreadsheet.js'
import {
  formatCursor,
  isUuid,
  parseCodingForm,
  parseCommentFilters,
  parseCursor,
  parseFlagHandling,
  parseMergeForm,
  parseQuoteReview,
  parseSampleForm,
  parseSplitForm,
  parseThemeForm,
  sentiments,
} from './forms.js'
import {
  codingBase as base,
  codingFraming,
  presentCommentRows,
  presentProgress,
  statistic,
  themeLabels,
  themeOption,
  codingViews as views,
} from './presenters.js'
import type { Breakdown } from './repository.js'
import type { CodingService } from './service.js'
import { themeCountRows, themeCountTable } from './theme-count-table.js'

export interface CodingRouteOptions {
  consultations: ConsultationService
  coding: CodingService
  analysis: Pick<AnalysisService, 'breakdownChoices' | 'disclosureThreshold'>
}

type Id = { Params: { id: string } }
type CommentParams = { Params: { id: string; responseId: string; questionKey: string } }
type Form = { errors?: FieldErrors; values?: Record<string, string> }

export async function codingRoutes(app: FastifyInstance, options: CodingRouteOptions) {
  const { consultations, coding, analysis } = options
  const view = { preHandler: requireRole(...canViewCoding) }
  const code = { preHandler: requireRole(...canCode) }

  // The workspace: comments as a list, filtered, with progress, a page at a time.
  app.get<Id>('/admin/consultations/:id/coding', view, async (request, reply) => {
    const consultation = await consultations.getById(request.params.id)
    const questions = await coding.commentQuestions(consultation.id)
    const query = request.query as Record<string, string | undefined>
    const filters = parseCommentFilters(
      query,
      questions.map((q) => q.key),
    )
    const cursor = { after: parseCursor(query.after), before: parseCursor(query.before) }
    const [page, frame] = await Promise.all([
      coding.listComments(consultation.id, filters, cursor, staffActor(request).userId),
      coding.codeframe(consultation.id),
    ])
    const kept = new URLSearchParams()
    for (const [name, value] of Object.entries(filters))
      kept.set(name, value === true ? 'yes' : String(value))
    const href = (name: 'after' | 'before', key: { reference: string; questionKey: string } | undefined) =>
      key ? `?${new URLSearchParams([...kept, [name, formatCursor(key)]]).toString()}` : undefined
    return reply.page(`${views}/list.njk`, {
      ...codingFraming(request.currentUser, consultation, `Coding: ${consultation.title}`, '/admin'),
      progress: presentProgress(page.overall),
      matched: page.matched,
      rows: presentCommentRows(
        page.rows,
        themeLabels(frame.themes),
        new Map(questions.map((q) => [q.key, q.title])),
      ),
      nextHref: href('after', page.next),
      previousHref: href('before', page.previous),
      filters: { ...filters, uncoded: filters.uncoded ? 'yes' : '' },
      questionItems: selectItems(
        questions.map((q) => ({ value: q.key, text: q.title })),
        filters.question,
        'coding.any',
      ),
      themeItems: selectItems(frame.tree.map(themeOption), filters.theme, 'coding.any'),
      sentimentItems: selectItems(
        sentiments.map((s) => ({ value: s, text: t(`coding.sentiment.${s}`) })),
        filters.sentiment,
        'coding.any',
      ),
      channelItems: selectItems(
        channels.map((c) => ({ value: c, text: channelLabel(c) })),
        filters.channel,
        'coding.any',
      ),
    })
  })

  // One comment, with the coding form for those who code.
  const showComment = async (
    request: FastifyRequest<CommentParams>,
    reply: FastifyReply,
    form: Form = {},
    status: number = HttpStatus.ok,
  ) => {
    const { id, responseId, questionKey } = request.params
    const consultation = await consultations.getById(id)
    const detail = await coding.getComment(
      consultation.id,
      responseId,
      questionKey,
      staffActor(request).userId,
    )
    const questions = await coding.commentQuestions(consultation.id)
    const assigned = new Set(detail.assigned.map((a) => a.theme_id))
    const chosen = form.values?.themes?.split(',') ?? [...assigned]
    return reply.page(
      `${views}/comment.njk`,
      {
        ...codingFraming(
          request.currentUser,
          consultation,
          `Comment ${detail.comment.reference}`,
          base(consultation.id),
        ),
        detail,
        question: questions.find((q) => q.key === questionKey)?.title ?? questionKey,
        channel: channelLabel(detail.comment.channel),
        themeItems: detail.themes.map((th) => ({
          ...themeOption(th),
          hint: { text: th.description },
          checked: chosen.includes(th.id),
        })),
        provenance: detail.assigned.map((a) => ({
          theme: themeLabels(detail.themes).get(a.theme_id) ?? a.theme_id,
          kind: t(`coding.provenance.${a.provenance}`),
          person: a.assigned_by_name ?? '',
          model: a.model_name ?? '',
          modelVersion: a.model_version ?? '',
          confidence: a.confidence === null ? undefined : Math.round(a.confidence * 100),
          at: a.assigned_at,
        })),
        suggestionLabels: Object.fromEntries(themeLabels(detail.themes)),
        sentimentItems: sentiments.map((s) => ({
          value: s,
          text: t(`coding.sentiment.${s}`),
          checked: (form.values?.sentiment ?? detail.coding?.sentiment) === s,
        })),
        flagItems: (['quote_worthy', 'personal_data', 'safeguarding'] as const).map((f) => ({
          value: f,
          text: t(`coding.flags.${f}`),
          checked: Boolean(detail.coding?.[f]),
        })),
        ...formModel(form),
      },
      status,
    )
  }

  app.get<CommentParams>(
    '/admin/consultations/:id/coding/comments/:responseId/:questionKey',
    view,
    (request, reply) => showComment(request, reply),
  )

  app.post<CommentParams>(
    '/admin/consultations/:id/coding/comments/:responseId/:questionKey',
    code,
    async (request, reply) => {
      const { id, responseId, questionKey } = request.params
      const frame = await coding.codeframe(id)
      const form = parseCodingForm(
        request.body,
        frame.tree.map((th) => th.id),
      )
      if (!form.ok) return showComment(request, reply, form, HttpStatus.badRequest)
      const saved = await coding.saveCoding(id, responseId, questionKey, form.value, staffActor(request))
      const next = (request.body as Record<string, unknown>).next === 'yes'
      const detail = next
        ? await coding.getComment(id, responseId, questionKey, staffActor(request).userId)
        : undefined
      const target = detail?.nextUncoded
        ? `${base(id)}/comments/${detail.nextUncoded.responseId}/${detail.nextUncoded.questionKey}`
        : `${base(id)}/comments/${responseId}/${questionKey}`
      return reply.redirectWithFlash(target, t('coding.flash.saved', { reference: saved.reference }))
    },
  )

  for (const decision of ['accept', 'reject'] as const) {
    app.post<{ Params: { id: string; suggestionId: string } }>(
      `/admin/consultations/:id/coding/suggestions/:suggestionId/${decision}`,
      code,
      async (request, reply) => {
        const { id, suggestionId } = request.params
        if (!isUuid(suggestionId)) return reply.callNotFound()
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
    form: Form = {},
    status: number = HttpStatus.ok,
  ) => {
    const consultation = await consultations.getById(request.params.id)
    const [frame, questions] = await Promise.all([
      coding.codeframe(consultation.id),
      coding.commentQuestions(consultation.id),
    ])
    return reply.page(
      `${views}/codeframe.njk`,
      {
        ...codingFraming(
          request.currentUser,
          consultation,
          `Codeframe: ${consultation.title}`,
          base(consultation.id),
        ),
        tree: frame.tree,
        versions: frame.versions,
        questionTitles: Object.fromEntries(questions.map((q) => [q.key, q.title])),
        themeItems: selectItems(frame.tree.map(themeOption), form.values?.parentId, 'coding.noParent'),
        targetItems: selectItems(frame.tree.map(themeOption), form.values?.target, 'coding.chooseTheme'),
        sourceItems: selectItems(frame.tree.map(themeOption), form.values?.source, 'coding.chooseTheme'),
        mergeItems: frame.tree.map((th) => ({ ...themeOption(th) })),
        questionItems: selectItems(
          questions.map((q) => ({ value: q.key, text: q.title })),
          form.values?.questionKey,
          'coding.sharedTheme',
        ),
        ...formModel(form),
      },
      status,
    )
  }

  app.get<Id>('/admin/consultations/:id/codeframe', view, (request, reply) => showCodeframe(request, reply))

  app.post<Id>('/admin/consultations/:id/codeframe/themes', code, async (request, reply) => {
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

  app.post<Id>('/admin/consultations/:id/codeframe/merge', code, async (request, reply) => {
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

  app.post<Id>('/admin/consultations/:id/codeframe/split', code, async (request, reply) => {
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
    form: Form = {},
    status: number = HttpStatus.ok,
  ) => {
    const consultation = await consultations.getById(request.params.id)
    const [samples, coders] = await Promise.all([coding.listSamples(consultation.id), coding.listCoders()])
    return reply.page(
      `${views}/samples.njk`,
      {
        ...codingFraming(
          request.currentUser,
          consultation,
          `Double coding: ${consultation.title}`,
          base(consultation.id),
        ),
        samples,
        coderItems: selectItems(
          coders.map((c) => ({ value: c.id, text: `${c.display_name} (${c.email})` })),
          form.values?.secondCoderId,
          'coding.chooseCoder',
        ),
        ...formModel(form),
      },
      status,
    )
  }

  app.get<Id>('/admin/consultations/:id/coding/double', view, (request, reply) => showSamples(request, reply))

  app.post<Id>('/admin/consultations/:id/coding/double', code, async (request, reply) => {
    const id = request.params.id
    const coders = await coding.listCoders()
    const form = parseSampleForm(
      request.body,
      coders.map((c) => c.id),
    )
    if (!form.ok) return showSamples(request, reply, form, HttpStatus.badRequest)
    const drawn = await coding.drawDoubleCodingSample(id, form.value, staffActor(request))
    const flash =
      drawn.count > 0 ? t('coding.flash.sampleDrawn', { count: drawn.count }) : t('coding.flash.sampleEmpty')
    return reply.redirectWithFlash(
      drawn.sampleId ? `${base(id)}/double/${drawn.sampleId}` : `${base(id)}/double`,
      flash,
    )
  })

  app.get<{ Params: { id: string; sampleId: string } }>(
    '/admin/consultations/:id/coding/double/:sampleId',
    view,
    async (request, reply) => {
      const consultation = await consultations.getById(request.params.id)
      if (!isUuid(request.params.sampleId)) return reply.callNotFound()
      const agreement = await coding.agreement(consultation.id, request.params.sampleId)
      const labels = themeLabels(agreement.themes)
      return reply.page(`${views}/agreement.njk`, {
        ...codingFraming(
          request.currentUser,
          consultation,
          `Agreement: ${consultation.title}`,
          `${base(consultation.id)}/double`,
        ),
        agreement,
        alpha: statistic(agreement.report.alpha),
        exactMatch: statistic(agreement.report.exactMatch),
        perTheme: agreement.report.perTheme
          .filter((th) => th.used > 0)
          .map((th) => ({
            label: labels.get(th.themeId) ?? th.themeId,
            kappa: statistic(th.kappa),
            disagreements: th.disagreements,
            used: th.used,
          })),
        disagreements: agreement.disagreements.map((d) => ({
          ...d,
          firstLabels: d.first.map((x) => labels.get(x) ?? x),
          secondLabels: d.second.map((x) => labels.get(x) ?? x),
        })),
        themeItems: agreement.themes.map((th) => ({ value: th.id, text: labels.get(th.id) ?? th.id })),
      })
    },
  )

  app.post<{ Params: { id: string; sampleId: string; responseId: string; questionKey: string } }>(
    '/admin/consultations/:id/coding/double/:sampleId/adjudicate/:responseId/:questionKey',
    code,
    async (request, reply) => {
      const { id, sampleId, responseId, questionKey } = request.params
      if (!isUuid(sampleId) || !isUuid(responseId)) return reply.callNotFound()
      const frame = await coding.codeframe(id)
      const form = parseCodingForm(
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
  app.get<Id>('/admin/consultations/:id/coding/quotes', view, async (request, reply) => {
    const consultation = await consultations.getById(request.params.id)
    return reply.page(`${views}/quotes.njk`, {
      ...codingFraming(
        request.currentUser,
        consultation,
        `Quotes: ${consultation.title}`,
        base(consultation.id),
      ),
      quotes: await coding.listQuotes(consultation.id),
    })
  })

  app.post<Id>('/admin/consultations/:id/coding/quotes', code, async (request, reply) => {
    const id = request.params.id
    const body = (request.body ?? {}) as Record<string, unknown>
    const [responseId, questionKey, themeId] = [body.responseId, body.questionKey, body.themeId].map((v) =>
      typeof v === 'string' ? v : '',
    )
    if (!isUuid(responseId) || !isUuid(themeId) || !questionKey) return reply.callNotFound()
    const quoteId = await coding.chooseQuote(id, responseId, questionKey, themeId, staffActor(request))
    return reply.redirectWithFlash(`${base(id)}/quotes/${quoteId}`, t('coding.flash.quoteChosen'))
  })

  const showQuote = async (
    request: FastifyRequest<{ Params: { id: string; quoteId: string } }>,
    reply: FastifyReply,
    form: Form = {},
    status: number = HttpStatus.ok,
  ) => {
    const consultation = await consultations.getById(request.params.id)
    if (!isUuid(request.params.quoteId)) return reply.callNotFound()
    const found = await coding.getQuote(consultation.id, request.params.quoteId)
    return reply.page(
      `${views}/quote.njk`,
      {
        ...codingFraming(
          request.currentUser,
          consultation,
          `Review quote from ${found.reference}`,
          `${base(consultation.id)}/quotes`,
        ),
        ...found,
        ...formModel({ ...form, values: form.values ?? { text: found.quote.redacted_text } }),
      },
      status,
    )
  }

  app.get<{ Params: { id: string; quoteId: string } }>(
    '/admin/consultations/:id/coding/quotes/:quoteId',
    code,
    (request, reply) => showQuote(request, reply),
  )

  app.post<{ Params: { id: string; quoteId: string } }>(
    '/admin/consultations/:id/coding/quotes/:quoteId/approve',
    code,
    async (request, reply) => {
      const { id, quoteId } = request.params
      if (!isUuid(quoteId)) return reply.callNotFound()
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
    form: Form & { flagId?: string } = {},
    status: number = HttpStatus.ok,
  ) => {
    const consultation = await consultations.getById(request.params.id)
    return reply.page(
      `${views}/safeguarding.njk`,
      {
        ...codingFraming(
          request.currentUser,
          consultation,
          `Safeguarding: ${consultation.title}`,
          base(consultation.id),
        ),
        flags: await coding.listFlags(consultation.id),
        flagId: form.flagId,
        ...formModel(form),
      },
      status,
    )
  }

  app.get<Id>('/admin/consultations/:id/coding/safeguarding', code, (request, reply) =>
    showFlags(request, reply),
  )

  app.post<Id>('/admin/consultations/:id/coding/safeguarding/scan', code, async (request, reply) => {
    const consultation = await consultations.getById(request.params.id)
    const scanned = await coding.scanSafeguarding(consultation.id, staffActor(request))
    return reply.redirectWithFlash(
      `${base(consultation.id)}/safeguarding`,
      t('coding.flash.scanned', scanned),
    )
  })

  app.post<{ Params: { id: string; flagId: string } }>(
    '/admin/consultations/:id/coding/safeguarding/:flagId/handle',
    code,
    async (request, reply) => {
      const { id, flagId } = request.params
      if (!isUuid(flagId)) return reply.callNotFound()
      const form = parseFlagHandling(request.body)
      if (!form.ok)
        return showFlags(request as FastifyRequest<Id>, reply, { ...form, flagId }, HttpStatus.badRequest)
      await coding.handleFlag(id, flagId, form.value.action, staffActor(request))
      return reply.redirectWithFlash(`${base(id)}/safeguarding`, t('coding.flash.flagHandled'))
    },
  )

  // Theme counts by any breakdown the quantitative results offer: ?by=channel, campaign or a question key.
  const themeCountsFor = async (consultationId: string, by: string | undefined) => {
    const { breakdowns, campaignMembers } = await analysis.breakdownChoices(consultationId)
    const chosen = by ? breakdowns.find((b) => b.key === by) : undefined
    if (by && !chosen) throw new NotFoundError(`No breakdown ${by}`)
    const breakdown: Breakdown = !chosen
      ? { kind: 'none' }
      : chosen.breakdown.kind === 'question'
        ? { kind: 'answer', questionKey: chosen.breakdown.key }
        : chosen.breakdown.kind === 'campaign'
          ? { kind: 'campaign', members: campaignMembers }
          : { kind: 'channel' }
    const counts = await coding.themeCounts(consultationId, breakdown)
    const table = themeCountTable(counts, chosen?.groups, analysis.disclosureThreshold)
    return { breakdowns, chosen, table }
  }
  const byOf = (request: FastifyRequest) => {
    const by = (request.query as Record<string, unknown>).by
    return typeof by === 'string' && by ? by : undefined
  }

  app.get<Id>('/admin/consultations/:id/coding/theme-counts', view, async (request, reply) => {
    const consultation = await consultations.getById(request.params.id)
    const { breakdowns, chosen, table } = await themeCountsFor(consultation.id, byOf(request))
    return reply.page(`${views}/theme-counts.njk`, {
      ...codingFraming(
        request.currentUser,
        consultation,
        `Theme counts: ${consultation.title}`,
        base(consultation.id),
      ),
      table,
      chosen,
      suppressionNote: t('coding.themeCounts.suppression', { threshold: analysis.disclosureThreshold }),
      breakdownItems: selectItems(
        breakdowns.map((b) => ({ value: b.key, text: b.label })),
        chosen?.key,
        'coding.themeCounts.nothing',
      ),
    })
  })

  app.get<Id>('/admin/consultations/:id/coding/theme-counts/download.csv', view, async (request, reply) => {
    const consultation = await consultations.getById(request.params.id)
    const { chosen, table } = await themeCountsFor(consultation.id, byOf(request))
    const body = await tableAsCsv('Theme counts', themeCountRows(table))
    return reply
      .type('text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="theme-counts${chosen ? `-by-${chosen.key}` : ''}.csv"`,
      )
      .send(body)
  })
}
