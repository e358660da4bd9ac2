import type { FastifyInstance } from 'fastify'
import { requireRole } from '../../../platform/auth/guards.js'
import { canViewResponses } from '../../../platform/auth/roles.js'
import { parseFormat, parsePath, parseResultsQuery } from './forms.js'
import { inclusionQuery } from './inclusion.js'
import { exportRows, groupByProposal, presentQuestionTable, presentWeighting } from './presenters.js'
import type { AnalysisService } from './service.js'
import { tableAsCsv, tableAsXlsx } from './spreadsheet.js'

export interface AnalysisRouteOptions {
  analysis: AnalysisService
}

type IdParams = { Params: { id: string } }
type QuestionParams = { Params: { id: string; key: string } }
type DownloadParams = { Params: { id: string; key: string; format: string } }

const contentTypes = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const

export async function analysisRoutes(app: FastifyInstance, options: AnalysisRouteOptions) {
  const { analysis } = options
  const canView = { preHandler: requireRole(...canViewResponses) }
  const tableOptions = (footnote: string, byGroup: boolean) => ({
    threshold: analysis.disclosureThreshold,
    footnote,
    byGroup,
  })

  app.get<IdParams>('/admin/consultations/:id/results', canView, async (request, reply) => {
    const { id } = parsePath(request.params)
    const query = parseResultsQuery(request.query)
    const result = await analysis.allTables(id, query.breakdown, query.rules)
    const byGroup = result.breakdown !== undefined
    return reply.page('features/analysis/results/views/results.njk', {
      pageTitle: `Results: ${result.consultation.title}`,
      activeNav: 'consultations',
      backHref: `/admin/consultations/${id}/responses`,
      consultation: result.consultation,
      breakdowns: result.breakdowns,
      breakdown: result.breakdown,
      rules: query.rules,
      keep: inclusionQuery(query.rules),
      sections: groupByProposal(
        result.tables.map((t) => ({
          proposal: t.question.proposal,
          view: presentQuestionTable(t.question, t.table, tableOptions(result.footnote, byGroup)),
        })),
        result.proposals,
      ),
    })
  })

  app.get<QuestionParams>('/admin/consultations/:id/results/:key', canView, async (request, reply) => {
    const { id, key } = parsePath(request.params)
    const query = parseResultsQuery(request.query)
    const result = await analysis.questionTable(id, key, query.breakdown, query.rules, {
      weighted: query.weighted,
    })
    return reply.page('features/analysis/results/views/question.njk', {
      pageTitle: `Results: ${result.question.title}`,
      activeNav: 'consultations',
      backHref: `/admin/consultations/${id}/results`,
      consultation: result.consultation,
      breakdowns: result.breakdowns,
      breakdown: result.breakdown,
      rules: query.rules,
      keep: inclusionQuery(query.rules),
      weighted: query.weighted,
      weighting: presentWeighting(result.weighting, result.weightingUnavailable),
      view: presentQuestionTable(
        result.question,
        result.table,
        tableOptions(result.footnote, result.breakdown !== undefined),
      ),
    })
  })

  app.get<DownloadParams>(
    '/admin/consultations/:id/results/:key/download/:format',
    canView,
    async (request, reply) => {
      const { id, key } = parsePath(request.params)
      const format = parseFormat(request.params.format)
      const query = parseResultsQuery(request.query)
      const result = await analysis.questionTable(id, key, query.breakdown, query.rules, {
        weighted: query.weighted,
      })
      const view = presentQuestionTable(
        result.question,
        result.table,
        tableOptions(result.footnote, result.breakdown !== undefined),
      )
      const rows = exportRows(view)
      const body = format === 'csv' ? await tableAsCsv(key, rows) : await tableAsXlsx(key, rows)
      const name = `${key}${result.breakdown ? `-by-${result.breakdown.key}` : ''}.${format}`
      return reply
        .type(contentTypes[format])
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(body)
    },
  )
}
