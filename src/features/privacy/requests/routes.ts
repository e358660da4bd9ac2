import contentDisposition from 'content-disposition'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { requireRole, staffActor } from '../../../platform/auth/guards.js'
import { canHandleSubjectRequests } from '../../../platform/auth/roles.js'
import type { FieldErrors } from '../../../platform/errors.js'
import { formModel } from '../../../platform/http/forms.js'
import { HttpStatus } from '../../../platform/http/status.js'
import { t } from '../../../platform/i18n/translate.js'
import { parseErasureForm, parsePersonQuery } from './forms.js'
import { presentResults } from './presenters.js'
import type { PersonQuery, SubjectRequestService } from './service.js'

export interface SubjectRequestRouteOptions {
  requests: SubjectRequestService
}

const view = (name: string) => `features/privacy/requests/views/${name}.njk`

// Searches are posted, not put in the address, so that a person's email address or phone number
// is never kept in browser history or server logs.
export async function subjectRequestRoutes(app: FastifyInstance, options: SubjectRequestRouteOptions) {
  const { requests } = options
  const guard = { preHandler: requireRole(...canHandleSubjectRequests) }

  const renderSearch = (
    reply: FastifyReply,
    form: { errors?: FieldErrors; values?: Record<string, string> },
    status: number,
  ) =>
    reply.page(
      view('search'),
      { pageTitle: t('staff.titles.personalData'), backHref: '/admin', ...formModel(form) },
      status,
    )

  const renderResults = async (
    reply: FastifyReply,
    query: PersonQuery,
    report: Awaited<ReturnType<SubjectRequestService['search']>>,
    form: { errors?: FieldErrors; values?: Record<string, string> },
    status: number,
  ) =>
    reply.page(
      view('results'),
      {
        pageTitle: t('staff.titles.personalDataResults'),
        backHref: '/admin/personal-data',
        query,
        ...presentResults(report),
        ...formModel(form),
      },
      status,
    )

  app.get('/admin/personal-data', guard, (_request, reply) => renderSearch(reply, {}, HttpStatus.ok))

  app.post('/admin/personal-data/search', guard, async (request, reply) => {
    const form = parsePersonQuery(request.body)
    if (!form.ok) return renderSearch(reply, form, HttpStatus.badRequest)
    const report = await requests.search(form.value, staffActor(request))
    return renderResults(reply, form.value, report, {}, HttpStatus.ok)
  })

  app.post('/admin/personal-data/download', guard, async (request, reply) => {
    const form = parsePersonQuery(request.body)
    if (!form.ok) return renderSearch(reply, form, HttpStatus.badRequest)
    const report = await requests.download(form.value, staffActor(request))
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', contentDisposition('subject-access-request.json'))
      .send(JSON.stringify(report, null, 2))
  })

  app.post('/admin/personal-data/erase', guard, async (request, reply) => {
    const form = parseErasureForm(request.body)
    if (!form.ok) {
      const query = parsePersonQuery(request.body)
      if (!query.ok) return renderSearch(reply, query, HttpStatus.badRequest)
      const report = await requests.search(query.value, staffActor(request))
      return renderResults(reply, query.value, report, form, HttpStatus.badRequest)
    }
    const erased = await requests.erase(form.value.query, form.value.reason, staffActor(request))
    return reply.redirectWithFlash(
      '/admin/personal-data',
      t('flash.personalDataErased', { responses: erased.responses }),
    )
  })
}
