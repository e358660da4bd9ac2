import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../../platform/auth/guards.js'
import { canBuildQuestionnaires } from '../../../platform/auth/roles.js'
import type { QuestionnaireService } from '../../consultations/index.js'
import { presentForm, presentFormLanguages } from '../presenters.js'

export interface PreviewRouteOptions {
  questionnaires: QuestionnaireService
}

type PreviewRequest = { Params: { id: string }; Querystring: { version?: string; lang?: string } }

// A questionnaire version as a respondent sees it, drawn by the public form's own templates, for
// the people building it: marked as a preview, and with nothing to send.
export async function previewRoutes(app: FastifyInstance, options: PreviewRouteOptions) {
  const { questionnaires } = options
  app.get<PreviewRequest>(
    '/admin/consultations/:id/questionnaire/preview',
    { preHandler: requireRole(...canBuildQuestionnaires) },
    async (request, reply) => {
      const n = Number(request.query.version)
      const found = await questionnaires.getVersion(
        request.params.id,
        Number.isInteger(n) && n > 0 ? n : undefined,
      )
      const path = `/admin/consultations/${request.params.id}/questionnaire/preview`
      const { chosen, languages } = presentFormLanguages(found.definition, request.query.lang, path)
      return reply.page('features/responses/online/views/preview.njk', {
        pageTitle: `Preview: ${found.consultation.title}`,
        activeNav: 'consultations',
        backHref: `/admin/consultations/${request.params.id}/questionnaire`,
        consultation: found.consultation,
        version: found.version,
        published: found.published,
        formLanguage: chosen,
        formLanguages: languages.map((l) => ({
          ...l,
          href: `${path}?version=${found.version}${l.code === 'en' ? '' : `&lang=${encodeURIComponent(l.code)}`}`,
        })),
        sections: presentForm(found.definition, {}, {}, request.query.lang),
      })
    },
  )
}
