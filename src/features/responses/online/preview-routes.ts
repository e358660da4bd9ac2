import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../../platform/auth/guards.js'
import { canBuildQuestionnaires } from '../../../platform/auth/roles.js'
import { type IdParams, idParams } from '../../../platform/http/schemas.js'
import type { QuestionnaireService } from '../../consultations/index.js'
import { presentPreview } from './presenters.js'

export interface PreviewRouteOptions {
  questionnaires: QuestionnaireService
}

type PreviewRequest = { Params: IdParams; Querystring: { version?: string; lang?: string } }

// A questionnaire version as a respondent sees it, drawn by the public form's own templates, for
// the people building it: marked as a preview, and with nothing to send. The questionnaire service
// loads the consultation itself; the schema answers 404 for an id that cannot name one.
export async function previewRoutes(app: FastifyInstance, options: PreviewRouteOptions) {
  const { questionnaires } = options
  app.get<PreviewRequest>(
    '/admin/consultations/:id/questionnaire/preview',
    { schema: { params: idParams }, preHandler: requireRole(...canBuildQuestionnaires) },
    async (request, reply) => {
      const n = Number(request.query.version)
      const found = await questionnaires.getVersion(
        request.params.id,
        Number.isInteger(n) && n > 0 ? n : undefined,
      )
      return reply.page(
        'features/responses/online/views/preview.njk',
        presentPreview(found, request.query.lang, request.params.id),
      )
    },
  )
}
