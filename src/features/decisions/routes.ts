import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import contentDisposition from 'content-disposition'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import { requireRole, staffActor } from '../../platform/auth/guards.js'
import {
  canApproveDecisions,
  canViewDecisions,
  canWriteDecisions,
  hasAnyRole,
} from '../../platform/auth/roles.js'
import type { Role } from '../../platform/db/schema.js'
import { NotFoundError, ValidationError } from '../../platform/errors.js'
import { type FormResult, field } from '../../platform/http/forms.js'
import { consultationSlug, idParams, recordId } from '../../platform/http/schemas.js'
import { HttpStatus } from '../../platform/http/status.js'
import { t } from '../../platform/i18n/translate.js'
import {
  type ConsultationService,
  consultationInPath,
  loadConsultationInPath,
} from '../consultations/index.js'
import {
  parseActionForm,
  parseConsiderationForm,
  parseDecisionForm,
  parseEqualityForm,
  parseIntroductionForm,
  parseProgressForm,
  parseWorkstreamForm,
} from './forms.js'
import {
  decisionsPath,
  type FormState,
  presentAction,
  presentDecisionForm,
  presentOverview,
  presentPublic,
  presentTranslationForm,
  presentTranslationLanguages,
} from './presenters.js'
import {
  BusinessCaseRefusedError,
  businessCaseFormats,
  DecisionRefusedError,
  type DecisionService,
} from './service.js'
import { englishSeen, isLanguageCode, parseTranslationsForm } from './translations.js'

export interface DecisionRouteOptions {
  consultations: ConsultationService
  decisions: DecisionService
}

const views = 'features/decisions/views'
const contentTypes = {
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
} as const

const subParams = Type.Object({ id: recordId, sub: recordId })
const formatParams = Type.Object({
  id: recordId,
  format: Type.Union(businessCaseFormats.map((f) => Type.Literal(f))),
})
const publicParams = Type.Object({ slug: consultationSlug })
const languageParams = Type.Object({
  id: recordId,
  language: Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35 }),
})
type PublicQuery = { Params: Static<typeof publicParams>; Querystring: { lang?: unknown } }
const publicFormatParams = Type.Object({
  slug: consultationSlug,
  format: Type.Union(businessCaseFormats.map((f) => Type.Literal(f))),
})

const typed = (body: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries((body ?? {}) as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  )

export async function decisionRoutes(fastify: FastifyInstance, options: DecisionRouteOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { decisions } = options
  const loadConsultation = loadConsultationInPath(options.consultations)
  const guard = (roles: readonly Role[]) => ({
    schema: { params: idParams },
    preHandler: [requireRole(...roles), loadConsultation],
  })
  const guardSub = (roles: readonly Role[]) => ({
    schema: { params: subParams },
    preHandler: [requireRole(...roles), loadConsultation],
  })
  const may = (request: FastifyRequest) => ({
    write: hasAnyRole(request.currentUser?.roles ?? [], canWriteDecisions),
    approve: hasAnyRole(request.currentUser?.roles ?? [], canApproveDecisions),
  })

  const showOverview = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: FormState = {},
    refused: Parameters<typeof presentOverview>[3] = {},
    status: number = HttpStatus.ok,
  ) => {
    const { id } = consultationInPath(request)
    return reply.page(
      `${views}/overview.njk`,
      presentOverview(await decisions.overview(id), may(request), state, refused),
      status,
    )
  }

  /** Runs one change from the overview page's forms; a refusal shows the page again with its errors. */
  const submit = async <T>(
    request: FastifyRequest,
    reply: FastifyReply,
    formName: string,
    form: FormResult<T>,
    change: (value: T) => Promise<string>,
  ) => {
    if (!form.ok)
      return showOverview(
        request,
        reply,
        { form: formName, errors: form.errors, values: form.values },
        {},
        HttpStatus.badRequest,
      )
    try {
      const flash = await change(form.value)
      return reply.redirectWithFlash(`${decisionsPath(consultationInPath(request).id)}#${formName}`, flash)
    } catch (error) {
      if (error instanceof ValidationError)
        return showOverview(
          request,
          reply,
          { form: formName, errors: error.fieldErrors, values: typed(request.body) },
          {},
          HttpStatus.unprocessable,
        )
      if (error instanceof BusinessCaseRefusedError)
        return showOverview(
          request,
          reply,
          {},
          { businessCase: error.refusals as never },
          HttpStatus.unprocessable,
        )
      throw error
    }
  }

  app.get('/admin/consultations/:id/decisions', guard(canViewDecisions), (request, reply) =>
    showOverview(request, reply),
  )

  app.post('/admin/consultations/:id/decisions/considerations', guard(canWriteDecisions), (request, reply) =>
    submit(request, reply, 'consideration', parseConsiderationForm(request.body), async (value) => {
      await decisions.saveConsideration(consultationInPath(request).id, value, staffActor(request))
      return t('decisions.flash.considerationSaved')
    }),
  )

  app.post(
    '/admin/consultations/:id/decisions/considerations/:sub/sign-off',
    guardSub(canApproveDecisions),
    async (request, reply) => {
      await decisions.signOffConsideration(request.params.id, request.params.sub, staffActor(request))
      return reply.redirectWithFlash(
        `${decisionsPath(request.params.id)}#considerations`,
        t('decisions.flash.signedOff'),
      )
    },
  )

  app.post('/admin/consultations/:id/decisions/equality', guard(canWriteDecisions), (request, reply) =>
    submit(request, reply, 'equality', parseEqualityForm(request.body), async (value) => {
      await decisions.saveEquality(consultationInPath(request).id, value, staffActor(request))
      return t('decisions.flash.equalitySaved')
    }),
  )

  app.post(
    '/admin/consultations/:id/decisions/equality/:sub/sign-off',
    guardSub(canApproveDecisions),
    async (request, reply) => {
      await decisions.signOffEquality(request.params.id, request.params.sub, staffActor(request))
      return reply.redirectWithFlash(
        `${decisionsPath(request.params.id)}#equality`,
        t('decisions.flash.signedOff'),
      )
    },
  )

  app.post(
    '/admin/consultations/:id/decisions/business-case/drafts',
    guard(canWriteDecisions),
    async (request, reply) => {
      const { id } = consultationInPath(request)
      const version = await decisions.startBusinessCase(id, staffActor(request))
      return reply.redirectWithFlash(
        `${decisionsPath(id)}#business-case`,
        t('decisions.flash.caseStarted', { version }),
      )
    },
  )

  app.post(
    '/admin/consultations/:id/decisions/business-case/introduction',
    guard(canWriteDecisions),
    (request, reply) =>
      submit(request, reply, 'introduction', parseIntroductionForm(request.body), async (value) => {
        await decisions.updateBusinessCaseIntroduction(
          consultationInPath(request).id,
          value.introduction,
          staffActor(request),
        )
        return t('decisions.flash.introductionSaved')
      }),
  )

  app.post(
    '/admin/consultations/:id/decisions/business-case/approve',
    guard(canApproveDecisions),
    (request, reply) =>
      submit(request, reply, 'business-case', { ok: true, value: null }, async () => {
        const { version } = await decisions.approveBusinessCase(
          consultationInPath(request).id,
          staffActor(request),
        )
        return t('decisions.flash.caseApproved', { version })
      }),
  )

  app.get(
    '/admin/consultations/:id/decisions/business-case/:format',
    { schema: { params: formatParams }, preHandler: [requireRole(...canViewDecisions), loadConsultation] },
    async (request, reply) => {
      const consultation = consultationInPath(request)
      const { format } = request.params
      const { body, snapshot } = await decisions.buildBusinessCase(consultation.id, format)
      return reply
        .type(contentTypes[format])
        .header(
          'content-disposition',
          contentDisposition(`${consultation.slug}-business-case-v${snapshot.version}.${format}`),
        )
        .send(body)
    },
  )

  app.get('/admin/consultations/:id/decisions/record', guard(canApproveDecisions), async (request, reply) => {
    const overview = await decisions.overview(consultationInPath(request).id)
    return reply.page(`${views}/decision-form.njk`, presentDecisionForm(overview))
  })

  app.post(
    '/admin/consultations/:id/decisions/record',
    guard(canApproveDecisions),
    async (request, reply) => {
      const { id } = consultationInPath(request)
      const overview = await decisions.overview(id)
      const correcting = overview.decision.current !== undefined
      const form = parseDecisionForm(
        request.body,
        overview.proposals.map((p) => p.id),
        correcting,
      )
      const again = (state: FormState, refusals: Parameters<typeof presentDecisionForm>[2], status: number) =>
        reply.page(`${views}/decision-form.njk`, presentDecisionForm(overview, state, refusals), status)
      if (!form.ok) return again({ errors: form.errors, values: form.values }, [], HttpStatus.badRequest)
      try {
        await decisions.recordDecision(id, form.value, staffActor(request))
      } catch (error) {
        if (error instanceof DecisionRefusedError)
          return again({ values: typed(request.body) }, error.refusals, HttpStatus.unprocessable)
        if (error instanceof ValidationError)
          return again(
            { errors: error.fieldErrors, values: typed(request.body) },
            [],
            HttpStatus.unprocessable,
          )
        throw error
      }
      return reply.redirectWithFlash(
        `${decisionsPath(id)}#decision`,
        t(correcting ? 'decisions.flash.corrected' : 'decisions.flash.recorded'),
      )
    },
  )

  app.post('/admin/consultations/:id/decisions/workstreams', guard(canWriteDecisions), (request, reply) =>
    submit(request, reply, 'workstream', parseWorkstreamForm(request.body), async (value) => {
      await decisions.addWorkstream(consultationInPath(request).id, value, staffActor(request))
      return t('decisions.flash.workstreamAdded', { title: value.title })
    }),
  )

  app.post('/admin/consultations/:id/decisions/actions', guard(canWriteDecisions), (request, reply) =>
    submit(request, reply, 'action', parseActionForm(request.body), async (value) => {
      await decisions.addAction(consultationInPath(request).id, value, staffActor(request))
      return t('decisions.flash.actionAdded', { title: value.title })
    }),
  )

  app.get(
    '/admin/consultations/:id/decisions/actions/:sub',
    guardSub(canViewDecisions),
    async (request, reply) => {
      const consultation = consultationInPath(request)
      const action = await decisions.action(consultation.id, request.params.sub)
      return reply.page(`${views}/action.njk`, {
        ...presentAction(consultation, action),
        mayWrite: may(request).write,
      })
    },
  )

  app.post(
    '/admin/consultations/:id/decisions/actions/:sub/progress',
    guardSub(canWriteDecisions),
    async (request, reply) => {
      const consultation = consultationInPath(request)
      const form = parseProgressForm(request.body)
      if (!form.ok) {
        const action = await decisions.action(consultation.id, request.params.sub)
        return reply.page(
          `${views}/action.njk`,
          {
            ...presentAction(consultation, action, { errors: form.errors, values: form.values }),
            mayWrite: true,
          },
          HttpStatus.badRequest,
        )
      }
      await decisions.recordProgress(consultation.id, request.params.sub, form.value, staffActor(request))
      return reply.redirectWithFlash(
        `${decisionsPath(consultation.id)}/actions/${request.params.sub}`,
        t('decisions.flash.progressRecorded'),
      )
    },
  )

  const showLanguages = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number = HttpStatus.ok,
  ) => {
    const consultation = consultationInPath(request)
    const language = (request.query as Record<string, unknown>).language
    const invalid = language !== undefined && !isLanguageCode(language)
    const offered = await decisions.translationLanguages(consultation.id)
    const progress = await Promise.all(
      offered.map(async (l) => {
        const { slots } = await decisions.translationSlots(consultation.id, l.code)
        return { ...l, done: slots.filter((x) => x.current && !x.stale).length, total: slots.length }
      }),
    )
    return reply.page(
      `${views}/translation-languages.njk`,
      presentTranslationLanguages(
        consultation,
        progress,
        invalid ? { language: t('decisions.translations.errors.language') } : {},
      ),
      invalid ? HttpStatus.badRequest : status,
    )
  }

  app.get('/admin/consultations/:id/decisions/translations', guard(canWriteDecisions), (request, reply) => {
    const language = (request.query as Record<string, unknown>).language
    if (isLanguageCode(language))
      return reply.redirect(
        `${decisionsPath(consultationInPath(request).id)}/translations/${encodeURIComponent(language)}`,
        HttpStatus.seeOther,
      )
    return showLanguages(request, reply)
  })

  const translationGuard = {
    schema: { params: languageParams },
    preHandler: [requireRole(...canWriteDecisions), loadConsultation],
  }

  app.get(
    '/admin/consultations/:id/decisions/translations/:language',
    translationGuard,
    async (request, reply) => {
      const consultation = consultationInPath(request)
      const { language, slots } = await decisions.translationSlots(consultation.id, request.params.language)
      return reply.page(
        `${views}/translation-form.njk`,
        presentTranslationForm(consultation, language, slots),
      )
    },
  )

  app.post(
    '/admin/consultations/:id/decisions/translations/:language',
    translationGuard,
    async (request, reply) => {
      const consultation = consultationInPath(request)
      const { language, slots } = await decisions.translationSlots(consultation.id, request.params.language)
      const form = parseTranslationsForm(request.body, slots)
      if (!form.ok)
        return reply.page(
          `${views}/translation-form.njk`,
          presentTranslationForm(consultation, language, slots, { errors: form.errors, values: form.values }),
          HttpStatus.badRequest,
        )
      if (field(request.body, 'seen') !== englishSeen(slots))
        return reply.page(
          `${views}/translation-form.njk`,
          presentTranslationForm(consultation, language, slots, {
            errors: { form: t('decisions.translations.errors.changed') },
            values: typed(request.body),
          }),
          HttpStatus.conflict,
        )
      const saved = await decisions.saveTranslations(
        consultation.id,
        language.code,
        form.value,
        staffActor(request),
      )
      return reply.redirectWithFlash(
        `${decisionsPath(consultation.id)}/translations/${encodeURIComponent(language.code)}`,
        t('decisions.translations.saved', saved),
      )
    },
  )

  // The public side: only what was signed off, approved and recorded.
  const published = async (slug: string) => {
    const found = await decisions.published(slug)
    if (!found) throw new NotFoundError('No decision is recorded for this consultation')
    return found
  }

  // The language is taken as the public form takes it: `?lang=` when the consultation offers it,
  // English otherwise.
  const inLanguage = async (slug: string, lang: unknown, path: string) => {
    const found = await published(slug)
    const language = await decisions.publicLanguage(found.consultation.id, lang)
    return presentPublic(found, false, language, path)
  }

  app.get<PublicQuery>(
    '/consultations/:slug/you-said-we-did',
    { schema: { params: publicParams }, config: { access: 'public' } },
    async (request, reply) =>
      reply.page(
        `features/decisions/public-views/you-said-we-did.njk`,
        await inLanguage(
          request.params.slug,
          request.query.lang,
          `/consultations/${request.params.slug}/you-said-we-did`,
        ),
      ),
  )

  app.get(
    '/consultations/:slug/you-said-we-did/easy-read',
    { schema: { params: publicParams }, config: { access: 'public' } },
    async (request, reply) =>
      reply.page(
        `features/decisions/public-views/easy-read.njk`,
        presentPublic(await published(request.params.slug), true),
      ),
  )

  app.get<PublicQuery>(
    '/consultations/:slug/progress',
    { schema: { params: publicParams }, config: { access: 'public' } },
    async (request, reply) =>
      reply.page(
        `features/decisions/public-views/progress.njk`,
        await inLanguage(
          request.params.slug,
          request.query.lang,
          `/consultations/${request.params.slug}/progress`,
        ),
      ),
  )

  app.get(
    '/consultations/:slug/business-case/:format',
    { schema: { params: publicFormatParams }, config: { access: 'public' } },
    async (request, reply) => {
      const found = await published(request.params.slug)
      if (!found.businessCase) throw new NotFoundError('No approved business case')
      const { format } = request.params
      const { body, snapshot, hash } = await decisions.buildBusinessCase(found.consultation.id, format)
      return reply
        .type(contentTypes[format])
        .header(
          'content-disposition',
          contentDisposition(`${found.consultation.slug}-business-case-v${snapshot.version}.${format}`),
        )
        .header('etag', `"${hash}-${format}"`)
        .send(body)
    },
  )
}
