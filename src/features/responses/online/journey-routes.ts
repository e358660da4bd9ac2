import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ConsultationRow } from '../../../platform/db/schema.js'
import { errorList } from '../../../platform/http/forms.js'
import { HttpStatus } from '../../../platform/http/status.js'
import { t } from '../../../platform/i18n/translate.js'
import { presentClosed } from '../presenters.js'
import type { ResponseService } from '../service.js'
import { parseEmailAddress, parseRespondent, parseResumeCode } from '../staff/filters.js'
import type { SubmitLimits } from './abuse.js'
import { answersToValues, type FormValues, formPages, nextPage } from './journey.js'
import type { Journey, JourneyService } from './journey-service.js'
import {
  aboutValues,
  formBase,
  pageHref,
  presentAbout,
  presentCheckAnswersPage,
  presentGrace,
  presentJourneyPage,
  presentLanguage,
} from './presenters.js'
import { type PageParams, pageParams, type SlugParams, slugParams } from './schemas.js'
import { replyLimited } from './submit-replies.js'

// The online form page by page, without JavaScript: start (privacy notice) → a page per section →
// about you (if asked) → check your answers → receipt. Answers wait in a server-side draft.
//
// The draft's token is in a cookie, not a hidden field: back links, the browser's back button and
// "Change" links are plain GETs that a hidden field would not survive, and a token in the address
// would leak through history and Referer on shared computers. The cookie lasts until the browser
// closes (a library computer forgets it) and is scoped to this consultation's form; to carry on
// elsewhere or later, people use their resume code. Sending a form already needs cookies (CSRF).
//
// The start page's form carries a fresh submission key and the version, which the draft takes on.
// They also let a client send the whole questionnaire in one request to POST /respond (the
// `submit` benchmark does), as the form did when it was a single page.

export interface JourneyRouteOptions {
  responses: ResponseService
  journeys: JourneyService
  graceMinutes: number
  baseUrl: string
  submitLimits: SubmitLimits
}

type SlugRequest = { Params: SlugParams; Querystring: { lang?: string } }
type FormState = { values: Record<string, string>; errors: Record<string, string> }
type PageRequest = { Params: PageParams; Querystring: { change?: string; lang?: string } }

const draftCookie = 'heard_draft'
const view = (name: string) => `features/responses/online/views/${name}.njk`
const bySlug = { schema: { params: slugParams }, config: { access: 'public' as const } }
const byPage = { schema: { params: pageParams }, config: { access: 'public' as const } }

export async function journeyRoutes(app: FastifyInstance, options: JourneyRouteOptions) {
  const { responses, journeys, graceMinutes, baseUrl, submitLimits } = options

  const keepToken = (reply: FastifyReply, slug: string, token: string) =>
    reply.setCookie(draftCookie, token, {
      path: formBase(slug),
      httpOnly: true,
      sameSite: 'lax',
      secure: baseUrl.startsWith('https://'),
    })

  const showClosed = (reply: FastifyReply, consultation: ConsultationRow, status: number = HttpStatus.ok) =>
    reply.page(
      view('closed'),
      { pageTitle: consultation.title, ...presentClosed(consultation, journeys.now()) },
      status,
    )

  /** The draft this browser holds, or the reply already sent: back to the start, or the closed page. */
  async function journeyOf(request: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply) {
    const loaded = await journeys.load(request.params.slug, request.cookies[draftCookie])
    if (loaded.kind === 'ok') return loaded.journey
    if (loaded.kind === 'closed') showClosed(reply, loaded.consultation)
    else reply.redirectWithFlash(formBase(loaded.consultation.slug), t('flash.draftNotFound'))
    return undefined
  }

  /** A page with a form: 400 with the error summary when the form has errors, 200 otherwise. */
  const formPage = (reply: FastifyReply, name: string, model: Record<string, unknown>, form: FormState) => {
    const failed = Object.keys(form.errors).length > 0
    const status = failed ? HttpStatus.badRequest : HttpStatus.ok
    return reply.page(view(name), { ...model, ...form, errorList: errorList(form.errors) }, status)
  }

  const saved = (reply: FastifyReply, slug: string) =>
    reply.redirect(`${formBase(slug)}/saved`, HttpStatus.seeOther)

  app.get<SlugRequest>('/consultations/:slug/respond', bySlug, async (request, reply) => {
    const { consultation, questionnaire } = await responses.openQuestionnaire(request.params.slug)
    if (!questionnaire) return showClosed(reply, consultation)
    return reply.page(view('start'), {
      pageTitle: t('journey.titles.respond', { title: consultation.title }),
      backHref: `/consultations/${consultation.slug}`,
      consultation,
      versionId: questionnaire.id,
      submissionKey: randomUUID(),
      pageCount: formPages(questionnaire.definition).length,
      privacyNotice: questionnaire.definition.respondent?.privacyNotice,
      ...presentLanguage(questionnaire.definition, request.query.lang, formBase(consultation.slug)),
    })
  })

  app.post<SlugRequest>('/consultations/:slug/respond/start', bySlug, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const started = await journeys.start(request.params.slug, body.submission_key, request.query.lang)
    if (started.kind === 'closed') return showClosed(reply, started.consultation, HttpStatus.conflict)
    keepToken(reply, started.consultation.slug, started.token)
    return reply.redirect(pageHref(started.consultation.slug, started.page), HttpStatus.seeOther)
  })

  const renderPage = (
    reply: FastifyReply,
    journey: Journey,
    pageKey: string,
    form: { values: FormValues; errors: Record<string, string>; change: boolean },
    status: number = HttpStatus.ok,
  ) => {
    const page = formPages(journey.definition).find((p) => p.key === pageKey)
    if (!page) return reply.callNotFound()
    const model = { ...presentJourneyPage(journey, page, form), ...presentGrace(journey, graceMinutes) }
    return reply.page(view('page'), model, status)
  }

  app.get<PageRequest>('/consultations/:slug/respond/questions/:page', byPage, async (request, reply) => {
    const journey = await journeyOf(request, reply)
    if (!journey) return reply
    const { definition, draft } = journey
    const language = await journeys.chooseLanguage(journey, request.query.lang)
    const values = answersToValues(definition, draft.answers)
    return renderPage(reply, { ...journey, draft: { ...draft, language } }, request.params.page, {
      values,
      errors: {},
      change: request.query.change === 'yes',
    })
  })

  app.post<PageRequest>('/consultations/:slug/respond/questions/:page', byPage, async (request, reply) => {
    const journey = await journeyOf(request, reply)
    if (!journey) return reply
    const { slug, page } = request.params
    const body = (request.body ?? {}) as Record<string, unknown>
    if (body.action === 'save') {
      await journeys.save(journey, page, body)
      return saved(reply, slug)
    }
    const check = await journeys.answerSection(journey, page, body)
    const change = body.change === 'yes'
    if (!check.ok) {
      return renderPage(reply, journey, page, { ...check, change }, HttpStatus.badRequest)
    }
    const { definition, draft } = journey
    const next = change
      ? journeys.resumePage(definition, check.answers, draft.respondent)
      : nextPage(definition, check.answers, { kind: 'section', key: page })
    return reply.redirect(pageHref(slug, next), HttpStatus.seeOther)
  })

  const renderAbout = (reply: FastifyReply, journey: Journey, form: FormState) =>
    formPage(reply, 'about', presentAbout(journey), form)

  app.get<SlugRequest>('/consultations/:slug/respond/about', bySlug, async (request, reply) => {
    const journey = await journeyOf(request, reply)
    if (!journey) return reply
    return renderAbout(reply, journey, { values: aboutValues(journey.draft.respondent), errors: {} })
  })

  app.post<SlugRequest>('/consultations/:slug/respond/about', bySlug, async (request, reply) => {
    const journey = await journeyOf(request, reply)
    if (!journey) return reply
    const { definition, draft, consultation } = journey
    const asks = { askOrganisation: false, askContact: false, ...definition.respondent }
    const form = parseRespondent(request.body, asks)
    if (form.ok) await journeys.answerAbout(journey, form.value)
    if ((request.body as Record<string, unknown>)?.action === 'save') return saved(reply, consultation.slug)
    if (!form.ok) return renderAbout(reply, journey, form)
    const next = journeys.resumePage(definition, draft.answers, form.value)
    return reply.redirect(pageHref(consultation.slug, next), HttpStatus.seeOther)
  })

  app.get<SlugRequest>('/consultations/:slug/respond/check-answers', bySlug, async (request, reply) => {
    const journey = await journeyOf(request, reply)
    if (!journey) return reply
    const { consultation, definition, draft } = journey
    const missing = journeys.resumePage(definition, draft.answers, draft.respondent)
    if (missing.kind !== 'check')
      return reply.redirect(pageHref(consultation.slug, missing), HttpStatus.seeOther)
    return reply.page(view('check-answers'), presentCheckAnswersPage(journey, graceMinutes))
  })

  app.post<SlugRequest>('/consultations/:slug/respond/submit', bySlug, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const result = await journeys.submit(request.params.slug, request.cookies[draftCookie], body, {
      address: request.ip,
      limits: submitLimits,
    })
    const slug = result.consultation.slug
    if (result.kind === 'limited') return replyLimited(reply, result)
    if (result.kind === 'closed') return showClosed(reply, result.consultation, HttpStatus.conflict)
    if (result.kind === 'missing') return reply.redirectWithFlash(formBase(slug), t('flash.draftNotFound'))
    if (result.kind === 'incomplete') return reply.redirect(pageHref(slug, result.page), HttpStatus.seeOther)
    return reply.redirect(`/consultations/${slug}/receipts/${result.submissionKey}`, HttpStatus.seeOther)
  })

  app.post<SlugRequest>('/consultations/:slug/respond/save', bySlug, async (request, reply) => {
    const journey = await journeyOf(request, reply)
    if (!journey) return reply
    await journeys.save(journey, undefined, {})
    return saved(reply, journey.consultation.slug)
  })

  const renderSaved = async (reply: FastifyReply, journey: Journey, form: FormState) => {
    const { consultation, definition, draft } = journey
    const slug = consultation.slug
    const resumePath = `${formBase(slug)}/resume`
    return formPage(
      reply,
      'saved',
      {
        pageTitle: t('journey.titles.saved', { title: consultation.title }),
        consultation,
        code: await journeys.resumeCode(journey),
        resumeHref: resumePath,
        resumeLink: `${baseUrl}${resumePath}`,
        continueHref: pageHref(slug, journeys.continuePage(definition, draft.answers, draft.respondent)),
        action: `${formBase(slug)}/saved`,
      },
      form,
    )
  }

  app.get<SlugRequest>('/consultations/:slug/respond/saved', bySlug, async (request, reply) => {
    const journey = await journeyOf(request, reply)
    if (!journey) return reply
    return renderSaved(reply, journey, { values: {}, errors: {} })
  })

  app.post<SlugRequest>('/consultations/:slug/respond/saved', bySlug, async (request, reply) => {
    const journey = await journeyOf(request, reply)
    if (!journey) return reply
    const form = parseEmailAddress(request.body)
    if (!form.ok) return renderSaved(reply, journey, form)
    const link = `${baseUrl}${formBase(journey.consultation.slug)}/resume`
    const outcome = await journeys.emailResumeLink(journey, form.value, link)
    const flash = outcome === 'sent' ? 'flash.resumeLinkSent' : 'flash.resumeLinkKept'
    return reply.redirectWithFlash(
      `${formBase(journey.consultation.slug)}/saved`,
      t(flash, { email: form.value }),
    )
  })

  const renderResume = (reply: FastifyReply, consultation: ConsultationRow, form: FormState) =>
    formPage(
      reply,
      'resume',
      {
        pageTitle: t('journey.titles.resume', { title: consultation.title }),
        backHref: formBase(consultation.slug),
        consultation,
        action: `${formBase(consultation.slug)}/resume`,
      },
      form,
    )

  app.get<SlugRequest>('/consultations/:slug/respond/resume', bySlug, async (request, reply) => {
    const { consultation, questionnaire } = await responses.openQuestionnaire(request.params.slug)
    if (!questionnaire && journeys.pastGrace(consultation)) return showClosed(reply, consultation)
    return renderResume(reply, consultation, { values: {}, errors: {} })
  })

  app.post<SlugRequest>(
    '/consultations/:slug/respond/resume',
    { ...bySlug, config: { ...bySlug.config, rateLimit: { max: 30, timeWindow: '10 minutes' } } },
    async (request, reply) => {
      const form = parseResumeCode(request.body)
      const consultation = await journeys.consultation(request.params.slug)
      if (!form.ok) return renderResume(reply, consultation, form)
      const resumed = await journeys.resume(request.params.slug, form.value)
      if (resumed.kind === 'closed') return showClosed(reply, consultation, HttpStatus.conflict)
      if (resumed.kind === 'missing') {
        const errors = { code: t('validation.journey.codeUnknown') }
        return renderResume(reply, consultation, { values: { code: form.value }, errors })
      }
      keepToken(reply, consultation.slug, resumed.token)
      return reply.redirectWithFlash(pageHref(consultation.slug, resumed.page), t('flash.draftResumed'))
    },
  )
}
