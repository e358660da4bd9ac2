import type { FastifyInstance, FastifyReply } from 'fastify'
import { type Static, Type } from 'typebox'
import { recordId } from '../../platform/http/schemas.js'
import { meetingsCalendar } from './calendar.js'
import { presentPublicCommittee, presentPublicCommittees, presentPublicMeeting } from './presenters.js'
import type { GovernanceService } from './service.js'

export interface PublicGovernanceRouteOptions {
  governance: GovernanceService
  /** The site's public address, for links in the calendar feed. */
  baseUrl: string
}

const slugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]{1,80}$' }) })
const meetingParams = Type.Object({
  slug: Type.String({ pattern: '^[a-z0-9-]{1,80}$' }),
  meetingId: recordId,
})
const views = 'features/governance/public-views'

export async function publicGovernanceRoutes(app: FastifyInstance, options: PublicGovernanceRouteOptions) {
  const { governance, baseUrl } = options
  const host = new URL(baseUrl).host
  const sendCalendar = (reply: FastifyReply, body: string, name: string) =>
    reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `inline; filename="${name}.ics"`)
      .header('cache-control', 'public, max-age=300')
      .send(body)

  app.get('/committees', { config: { access: 'public' } }, async (_request, reply) =>
    reply.page(`${views}/committees.njk`, presentPublicCommittees(await governance.listCommittees())),
  )

  app.get('/committees/meetings.ics', { config: { access: 'public' } }, async (_request, reply) =>
    sendCalendar(reply, meetingsCalendar(await governance.calendar(), baseUrl, host), 'meetings'),
  )

  app.get<{ Params: Static<typeof slugParams> }>(
    '/committees/:slug',
    { schema: { params: slugParams }, config: { access: 'public' } },
    async (request, reply) =>
      reply.page(
        `${views}/committee.njk`,
        presentPublicCommittee(await governance.publicCommittee(request.params.slug)),
      ),
  )

  app.get<{ Params: Static<typeof slugParams> }>(
    '/committees/:slug/meetings.ics',
    { schema: { params: slugParams }, config: { access: 'public' } },
    async (request, reply) =>
      sendCalendar(
        reply,
        meetingsCalendar(await governance.calendar(request.params.slug), baseUrl, host),
        request.params.slug,
      ),
  )

  app.get<{ Params: Static<typeof meetingParams> }>(
    '/committees/:slug/meetings/:meetingId',
    { schema: { params: meetingParams }, config: { access: 'public' } },
    async (request, reply) =>
      reply.page(
        `${views}/meeting.njk`,
        presentPublicMeeting(await governance.publicMeeting(request.params.slug, request.params.meetingId)),
      ),
  )
}
