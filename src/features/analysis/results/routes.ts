import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../../platform/auth/guards.js'
import { canViewResponses } from '../../../platform/auth/roles.js'
import { idParams } from '../../../platform/http/schemas.js'
import { downloadParams, parseResultsQuery, questionParams } from './forms.js'
import { exportRows, presentOneTable, presentQuestionPage, presentResultsPage } from './presenters.js'
import type { AnalysisService } from './service.js'
import { tableAsCsv, tableAsXlsx } from './spreadsheet.js'

export interface AnalysisRouteOptions {
  analysis: AnalysisService
}

const contentTypes = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const

export async function analysisRoutes(fastify: FastifyInstance, options: AnalysisRouteOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { analysis } = options
  const threshold = analysis.disclosureThreshold
  const canView = requireRole(...canViewResponses)

  app.get(
    '/admin/consultations/:id/results',
    { schema: { params: idParams }, preHandler: canView },
    async (request, reply) => {
      const query = parseResultsQuery(request.query)
      const result = await analysis.allTables(request.params.id, query.breakdown, query.rules)
      return reply.page(
        'features/analysis/results/views/results.njk',
        presentResultsPage(result, query, threshold),
      )
    },
  )

  app.get(
    '/admin/consultations/:id/results/:key',
    { schema: { params: questionParams }, preHandler: canView },
    async (request, reply) => {
      const { id, key } = request.params
      const query = parseResultsQuery(request.query)
      const result = await analysis.questionTable(id, key, query.breakdown, query.rules, {
        weighted: query.weighted,
      })
      return reply.page(
        'features/analysis/results/views/question.njk',
        presentQuestionPage(result, query, threshold),
      )
    },
  )

  app.get(
    '/admin/consultations/:id/results/:key/download/:format',
    { schema: { params: downloadParams }, preHandler: canView },
    async (request, reply) => {
      const { id, key, format } = request.params
      const query = parseResultsQuery(request.query)
      const result = await analysis.questionTable(id, key, query.breakdown, query.rules, {
        weighted: query.weighted,
      })
      const rows = exportRows(presentOneTable(result, threshold))
      const body = format === 'csv' ? await tableAsCsv(key, rows) : await tableAsXlsx(key, rows)
      const name = `${key}${result.breakdown ? `-by-${result.breakdown.key}` : ''}.${format}`
      return reply
        .type(contentTypes[format])
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(body)
    },
  )
}
