import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import { requireRole, staffActor } from '../../../platform/auth/guards.js'
import { canBuildQuestionnaires } from '../../../platform/auth/roles.js'
import { type FieldErrors, ValidationError } from '../../../platform/errors.js'
import { type IdParams, idParams, recordId } from '../../../platform/http/schemas.js'
import { HttpStatus } from '../../../platform/http/status.js'
import { t } from '../../../platform/i18n/translate.js'
import {
  allQuestions,
  isQuestionType,
  type QuestionnaireDefinition,
  type QuestionType,
} from '../../../questionnaire/definition.js'
import { describeLanguage, languagesOf } from '../../../questionnaire/localise.js'
import {
  questionnaireJsonSchema,
  questionnaireSchemaPath,
  writeQuestionnaireFile,
} from '../../../questionnaire/transfer.js'
import {
  addAboutYou,
  addProposalQuestions,
  addQuestion,
  addSection,
  type Direction,
  moveQuestion,
  moveSection,
  removeQuestion,
  removeSection,
  renameSection,
  replaceQuestion,
  routingChoices,
  setTranslations,
  translationSlots,
} from './edits.js'
import {
  asBody,
  type Body,
  parseLanguageForm,
  parseQuestionForm,
  parseSectionForm,
  parseTranslationsForm,
} from './forms.js'
import {
  builderBase as base,
  presentBuilderPage,
  presentImportPage,
  presentPrint,
  presentQuestionPage,
  presentQuestionTypePage,
  presentSectionForm,
  presentTranslationsPage,
  questionFormTarget,
} from './presenters.js'
import type { EditOutcome, QuestionnaireService } from './service.js'

export interface QuestionnaireRouteOptions {
  questionnaires: QuestionnaireService
}

type Id = { Params: IdParams }
type SectionParams = { Params: Static<typeof sectionParams> }
type QuestionParams = { Params: Static<typeof questionParams> }
type LanguageParams = { Params: Static<typeof languageParams> }

// A section, question or language is named by its key, which the definition checks; the
// consultation by its id, so a malformed one is not found.
const sectionParams = Type.Object({ id: recordId, section: Type.String() })
const questionParams = Type.Object({ id: recordId, question: Type.String() })
const languageParams = Type.Object({ id: recordId, language: Type.String() })

const views = 'features/consultations/questionnaires/views'

const outcomeMessage = (outcome: EditOutcome) =>
  t(`builder.outcome.${outcome.kind}`, {
    version: outcome.version,
    from: outcome.kind === 'new_version' ? outcome.from : '',
  })

const directionOf = (body: unknown): Direction => (asBody(body).direction === 'up' ? 'up' : 'down')

const versionQuery = (request: FastifyRequest) => {
  const raw = (request.query as Record<string, unknown>).version
  const n = Number(raw)
  return typeof raw === 'string' && Number.isInteger(n) && n > 0 ? n : undefined
}

export async function questionnaireRoutes(app: FastifyInstance, options: QuestionnaireRouteOptions) {
  const { questionnaires } = options
  const staff = requireRole(...canBuildQuestionnaires)
  const guard = { preHandler: staff, schema: { params: idParams } }
  const inSection = { preHandler: staff, schema: { params: sectionParams } }
  const onQuestion = { preHandler: staff, schema: { params: questionParams } }
  const inLanguage = { preHandler: staff, schema: { params: languageParams } }

  app.get(questionnaireSchemaPath, { config: { access: 'public' } }, async (_request, reply) =>
    reply.type('application/schema+json').send(questionnaireJsonSchema()),
  )

  const showBuilder = async (
    request: FastifyRequest<Id>,
    reply: FastifyReply,
    extra: { errors?: FieldErrors; problems?: string[] } = {},
    status: number = HttpStatus.ok,
  ) => {
    const workspace = await questionnaires.getWorkspace(request.params.id)
    return reply.page(`${views}/builder.njk`, presentBuilderPage(workspace, extra), status)
  }

  const change = async (
    request: FastifyRequest<Id>,
    reply: FastifyReply,
    edit: (d: QuestionnaireDefinition) => QuestionnaireDefinition,
    description: string,
  ) => {
    try {
      const outcome = await questionnaires.edit(request.params.id, edit, staffActor(request), description)
      return reply.redirectWithFlash(base(request.params.id), outcomeMessage(outcome))
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return showBuilder(request, reply, { errors: error.fieldErrors }, HttpStatus.badRequest)
    }
  }

  app.get<Id>(base(':id'), guard, (request, reply) => showBuilder(request, reply))

  app.post<Id>(`${base(':id')}/sections`, guard, async (request, reply) => {
    const form = parseSectionForm(request.body)
    if (!form.ok) return showBuilder(request, reply, { errors: form.errors }, HttpStatus.badRequest)
    return change(
      request,
      reply,
      (d) => addSection(d, form.value.title).definition,
      `added section “${form.value.title}”`,
    )
  })

  const showSectionForm = async (
    request: FastifyRequest<SectionParams>,
    reply: FastifyReply,
    form: { errors?: FieldErrors; body?: Body } = {},
    status: number = HttpStatus.ok,
  ) => {
    const { definition, consultation } = await questionnaires.getWorkspace(request.params.id)
    const section = definition.sections.find((s) => s.key === request.params.section)
    if (!section) return reply.callNotFound()
    return reply.page(`${views}/section-form.njk`, presentSectionForm(consultation, section, form), status)
  }

  app.get<SectionParams>(`${base(':id')}/sections/:section/edit`, inSection, (request, reply) =>
    showSectionForm(request, reply),
  )

  app.post<SectionParams>(`${base(':id')}/sections/:section`, inSection, async (request, reply) => {
    const form = parseSectionForm(request.body)
    if (!form.ok) return showSectionForm(request, reply, form, HttpStatus.badRequest)
    const { section } = request.params
    return change(
      request,
      reply,
      (d) => renameSection(d, section, form.value.title),
      `renamed section ${section}`,
    )
  })

  app.post<SectionParams>(`${base(':id')}/sections/:section/move`, inSection, (request, reply) => {
    const direction = directionOf(request.body)
    const { section } = request.params
    return change(
      request,
      reply,
      (d) => moveSection(d, section, direction),
      `moved section ${section} ${direction}`,
    )
  })

  app.post<SectionParams>(`${base(':id')}/sections/:section/remove`, inSection, (request, reply) => {
    const { section } = request.params
    return change(request, reply, (d) => removeSection(d, section), `removed section ${section}`)
  })

  app.post<Id>(`${base(':id')}/library/about-you`, guard, (request, reply) =>
    change(request, reply, addAboutYou, 'added the About you section'),
  )

  app.post<Id>(`${base(':id')}/library/proposals`, guard, async (request, reply) => {
    const { proposals } = await questionnaires.getWorkspace(request.params.id)
    return change(
      request,
      reply,
      (d) => addProposalQuestions(d, proposals),
      'added questions for each proposal',
    )
  })

  const showQuestionForm = async (
    request: FastifyRequest<{ Params: { id: string; section?: string; question?: string } }>,
    reply: FastifyReply,
    type: QuestionType,
    form: { errors?: FieldErrors; body?: Body } = {},
    status: number = HttpStatus.ok,
  ) => {
    const workspace = await questionnaires.getWorkspace(request.params.id)
    const { existing, section } = questionFormTarget(workspace.definition, request.params)
    if (!section) return reply.callNotFound()
    return reply.page(
      `${views}/question-form.njk`,
      presentQuestionPage(workspace, section, existing, type, form),
      status,
    )
  }

  app.get<SectionParams>(
    `${base(':id')}/sections/:section/questions/new`,
    inSection,
    async (request, reply) => {
      const type = (request.query as Record<string, unknown>).type
      if (isQuestionType(type)) return showQuestionForm(request, reply, type)
      const { consultation, definition } = await questionnaires.getWorkspace(request.params.id)
      const section = definition.sections.find((s) => s.key === request.params.section)
      if (!section) return reply.callNotFound()
      const page = presentQuestionTypePage(consultation, section, type)
      return reply.page(
        `${views}/question-type.njk`,
        page,
        page.errors ? HttpStatus.badRequest : HttpStatus.ok,
      )
    },
  )

  /** Reads the question form against the latest definition, then saves it with `save`. */
  const saveQuestion = async (
    request: FastifyRequest<{ Params: { id: string; section?: string; question?: string } }>,
    reply: FastifyReply,
    save: (
      d: QuestionnaireDefinition,
      q: ReturnType<typeof parseQuestionForm> & { ok: true },
    ) => QuestionnaireDefinition,
    description: string,
  ) => {
    const { definition, proposals } = await questionnaires.getWorkspace(request.params.id)
    const existing = allQuestions(definition).find((q) => q.key === request.params.question)
    const type = existing?.type ?? asBody(request.body).type
    if (!isQuestionType(type)) return reply.callNotFound()
    const form = parseQuestionForm(request.body, {
      type,
      ...(existing ? { existing } : {}),
      proposals: proposals.length,
      routable: routingChoices(definition, existing?.key),
    })
    if (!form.ok) return showQuestionForm(request, reply, type, form, HttpStatus.badRequest)
    try {
      const outcome = await questionnaires.edit(
        request.params.id,
        (d) => save(d, form),
        staffActor(request),
        description,
      )
      return reply.redirectWithFlash(base(request.params.id), outcomeMessage(outcome))
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return showQuestionForm(
        request,
        reply,
        type,
        { errors: error.fieldErrors, body: asBody(request.body) },
        HttpStatus.badRequest,
      )
    }
  }

  app.post<SectionParams>(`${base(':id')}/sections/:section/questions`, inSection, (request, reply) =>
    saveQuestion(
      request,
      reply,
      (d, form) => addQuestion(d, request.params.section, form.value),
      'added a question',
    ),
  )

  app.get<QuestionParams>(`${base(':id')}/questions/:question/edit`, onQuestion, async (request, reply) => {
    const { definition } = await questionnaires.getWorkspace(request.params.id)
    const existing = allQuestions(definition).find((q) => q.key === request.params.question)
    if (!existing) return reply.callNotFound()
    return showQuestionForm(request, reply, existing.type)
  })

  app.post<QuestionParams>(`${base(':id')}/questions/:question`, onQuestion, (request, reply) =>
    saveQuestion(
      request,
      reply,
      (d, form) => replaceQuestion(d, request.params.question, form.value),
      `changed question ${request.params.question}`,
    ),
  )

  app.post<QuestionParams>(`${base(':id')}/questions/:question/move`, onQuestion, (request, reply) => {
    const direction = directionOf(request.body)
    const { question } = request.params
    return change(
      request,
      reply,
      (d) => moveQuestion(d, question, direction),
      `moved question ${question} ${direction}`,
    )
  })

  app.post<QuestionParams>(`${base(':id')}/questions/:question/remove`, onQuestion, (request, reply) => {
    const { question } = request.params
    return change(request, reply, (d) => removeQuestion(d, question), `removed question ${question}`)
  })

  app.get<Id>(`${base(':id')}/translations`, guard, async (request, reply) => {
    const language = (request.query as Record<string, unknown>).language
    if (language !== undefined) {
      const form = parseLanguageForm({ language })
      if (form.ok)
        return reply.redirect(`${base(request.params.id)}/translations/${form.value}`, HttpStatus.seeOther)
      return showBuilder(request, reply, { errors: form.errors }, HttpStatus.badRequest)
    }
    return reply.redirect(base(request.params.id), HttpStatus.seeOther)
  })

  const showTranslations = async (
    request: FastifyRequest<LanguageParams>,
    reply: FastifyReply,
    form: { errors?: FieldErrors; body?: Body } = {},
    status: number = HttpStatus.ok,
  ) => {
    const parsed = parseLanguageForm({ language: request.params.language })
    if (!parsed.ok) return reply.callNotFound()
    const { consultation, definition } = await questionnaires.getWorkspace(request.params.id)
    const language = describeLanguage(parsed.value)
    const slots = translationSlots(definition, language.code)
    return reply.page(
      `${views}/translations.njk`,
      presentTranslationsPage(consultation, language, slots, form),
      status,
    )
  }

  app.get<LanguageParams>(`${base(':id')}/translations/:language`, inLanguage, (request, reply) =>
    showTranslations(request, reply),
  )

  app.post<LanguageParams>(`${base(':id')}/translations/:language`, inLanguage, async (request, reply) => {
    const parsed = parseLanguageForm({ language: request.params.language })
    if (!parsed.ok) return reply.callNotFound()
    const language = parsed.value
    const { definition } = await questionnaires.getWorkspace(request.params.id)
    const fields = translationSlots(definition, language).map((s) => s.field)
    const form = parseTranslationsForm(request.body, fields)
    if (!form.ok) return showTranslations(request, reply, form, HttpStatus.badRequest)
    return change(
      request,
      reply,
      (d) => setTranslations(d, language, form.value),
      `changed the ${language} wording`,
    )
  })

  app.post<Id>(`${base(':id')}/publish`, guard, async (request, reply) => {
    const result = await questionnaires.publish(request.params.id, staffActor(request))
    if (!result.ok)
      return showBuilder(request, reply, { problems: result.problems }, HttpStatus.unprocessable)
    return reply.redirectWithFlash(
      base(request.params.id),
      t('builder.published', { version: result.version }),
    )
  })

  app.get<Id>(`${base(':id')}/export.json`, guard, async (request, reply) => {
    const found = await questionnaires.getVersion(request.params.id, versionQuery(request) ?? 'published')
    const draft = found.published ? '' : '-draft'
    return reply
      .type('application/json')
      .header(
        'content-disposition',
        `attachment; filename="${found.consultation.slug}-questionnaire-v${found.version}${draft}.json"`,
      )
      .send(writeQuestionnaireFile(found.definition))
  })

  const showImport = async (
    request: FastifyRequest<Id>,
    reply: FastifyReply,
    form: { problems?: string[]; text?: string } = {},
    status: number = HttpStatus.ok,
  ) => {
    const { consultation } = await questionnaires.getWorkspace(request.params.id)
    return reply.page(
      `${views}/import.njk`,
      presentImportPage(consultation, questionnaireSchemaPath, form),
      status,
    )
  }

  app.get<Id>(`${base(':id')}/import`, guard, (request, reply) => showImport(request, reply))

  app.post<Id>(`${base(':id')}/import`, guard, async (request, reply) => {
    const text = asBody(request.body).file
    const sent = typeof text === 'string' ? text : ''
    const result = await questionnaires.importFile(request.params.id, sent, staffActor(request))
    if (!result.ok)
      return showImport(request, reply, { problems: result.problems, text: sent }, HttpStatus.unprocessable)
    return reply.redirectWithFlash(base(request.params.id), outcomeMessage(result.outcome))
  })

  app.get<Id>(`${base(':id')}/print`, guard, async (request, reply) => {
    const found = await questionnaires.getVersion(request.params.id, versionQuery(request) ?? 'published')
    const lang = (request.query as Record<string, unknown>).lang
    const language =
      typeof lang === 'string' && languagesOf(found.definition).some((l) => l.code === lang) ? lang : 'en'
    const paper = presentPrint(found.definition, language)
    return reply.page(`${views}/print.njk`, {
      pageTitle: t('builder.titles.print', { title: found.consultation.title }),
      htmlLang: paper.language.lang,
      consultation: found.consultation,
      version: found.version,
      published: found.published,
      ...paper,
    })
  })
}
