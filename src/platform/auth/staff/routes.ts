import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import type { FieldErrors } from '../../errors.js'
import { ValidationError } from '../../errors.js'
import { formModel } from '../../http/forms.js'
import { type IdParams, idParams } from '../../http/schemas.js'
import { HttpStatus } from '../../http/status.js'
import { t } from '../../i18n/translate.js'
import { requireRole, staffActor } from '../guards.js'
import { canManageStaff, roles } from '../roles.js'
import { parseChangePasswordForm, parseInviteForm, parseNewPasswordForm, parseRolesForm } from './forms.js'
import { presentInviteForm, presentMemberPage, presentStaffList } from './presenters.js'
import type { StaffService } from './service.js'

export interface StaffRouteOptions {
  staff: StaffService
  /** The site's own address, for the links mailed to staff. */
  baseUrl: string
}

type FormState = { errors?: FieldErrors; values?: Record<string, string> }
type WithId = { Params: IdParams }
// 32 random bytes in base64url: anything else cannot be a link's secret, and answers 404.
const linkParams = Type.Object({ secret: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }) })
type WithSecret = { Params: Static<typeof linkParams> }

const views = 'platform/auth/staff/views'

export async function staffRoutes(app: FastifyInstance, options: StaffRouteOptions) {
  const { staff, baseUrl } = options
  const admin = { preHandler: requireRole(...canManageStaff) }
  const adminWithId = { ...admin, schema: { params: idParams } }
  const signedIn = { preHandler: requireRole(...roles) }
  const linkTo = (secret: string) => `${baseUrl}/admin/staff/password/${secret}`
  const memberPath = (id: string) => `/admin/staff/${id}`

  app.get('/admin/staff', admin, async (_request, reply) =>
    reply.page(`${views}/list.njk`, presentStaffList(await staff.list())),
  )

  const renderInvite = async (reply: FastifyReply, form: FormState, status: number) =>
    reply.page(
      `${views}/invite.njk`,
      { ...presentInviteForm(await staff.organisations(), form.values ?? {}), ...formModel(form) },
      status,
    )

  app.get('/admin/staff/new', admin, (_request, reply) => renderInvite(reply, {}, HttpStatus.ok))

  app.post('/admin/staff', admin, async (request, reply) => {
    const organisations = await staff.organisations()
    const form = parseInviteForm(
      request.body,
      organisations.map((o) => o.id),
    )
    if (!form.ok) return renderInvite(reply, form, HttpStatus.badRequest)
    try {
      const invited = await staff.invite(form.value, staffActor(request), linkTo)
      const key = invited.delivery === 'sent' ? 'invitedSent' : 'invitedOutbox'
      return reply.redirectWithFlash(
        memberPath(invited.id),
        t(`staff.flash.${key}`, { email: form.value.email }),
      )
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const values = {
        ...form.value,
        roles: form.value.roles.join(','),
        organisationId: form.value.organisationId ?? '',
      }
      return renderInvite(reply, { errors: error.fieldErrors, values }, HttpStatus.conflict)
    }
  })

  const showMember = async (
    request: FastifyRequest<WithId>,
    reply: FastifyReply,
    form: FormState,
    status: number,
  ) => {
    const member = await staff.get(request.params.id)
    return reply.page(
      `${views}/member.njk`,
      { ...presentMemberPage(member, member.id === request.currentUser?.id), ...formModel(form) },
      status,
    )
  }

  app.get<WithId>('/admin/staff/:id', adminWithId, (request, reply) =>
    showMember(request, reply, {}, HttpStatus.ok),
  )

  /** Runs a change; a refusal with field errors shows the member's page with them. */
  const change = async (
    request: FastifyRequest<WithId>,
    reply: FastifyReply,
    work: () => Promise<string>,
  ): Promise<FastifyReply> => {
    try {
      return reply.redirectWithFlash(memberPath(request.params.id), await work())
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return showMember(request, reply, { errors: error.fieldErrors }, HttpStatus.conflict)
    }
  }

  app.post<WithId>('/admin/staff/:id/roles', adminWithId, async (request, reply) => {
    const form = parseRolesForm(request.body)
    if (!form.ok) return showMember(request, reply, form, HttpStatus.badRequest)
    return change(request, reply, async () => {
      await staff.setRoles(request.params.id, form.value, staffActor(request))
      const member = await staff.get(request.params.id)
      return t('staff.flash.rolesChanged', { name: member.display_name })
    })
  })

  for (const action of ['disable', 'enable'] as const) {
    app.post<WithId>(`/admin/staff/:id/${action}`, adminWithId, (request, reply) =>
      change(request, reply, async () => {
        const member = await staff.setEnabled(request.params.id, action === 'enable', staffActor(request))
        return t(`staff.flash.${action}d`, { name: member.display_name })
      }),
    )
  }

  app.post<WithId>('/admin/staff/:id/reset', adminWithId, (request, reply) =>
    change(request, reply, async () => {
      const { member, delivery } = await staff.sendReset(request.params.id, staffActor(request), linkTo)
      return t(`staff.flash.${delivery === 'sent' ? 'resetSent' : 'resetOutbox'}`, { email: member.email })
    }),
  )

  // The one-time link: no sign-in, as it is how someone gets a password at all.
  const renderSetPassword = async (
    request: FastifyRequest<WithSecret>,
    reply: FastifyReply,
    form: FormState,
    status: number,
  ) => {
    const link = await staff.openLink(request.params.secret)
    if (!link)
      return reply.page(
        `${views}/link-expired.njk`,
        { pageTitle: t('staff.titles.linkExpired') },
        HttpStatus.gone,
      )
    return reply.page(
      `${views}/set-password.njk`,
      { pageTitle: t('staff.titles.setPassword'), email: link.email, ...formModel(form) },
      status,
    )
  }

  const withSecret = { schema: { params: linkParams }, config: { access: 'public' as const } }
  app.get<WithSecret>('/admin/staff/password/:secret', withSecret, (request, reply) =>
    renderSetPassword(request, reply, {}, HttpStatus.ok),
  )

  app.post<WithSecret>('/admin/staff/password/:secret', withSecret, async (request, reply) => {
    const form = parseNewPasswordForm(request.body)
    if (!form.ok) return renderSetPassword(request, reply, form, HttpStatus.badRequest)
    if (!(await staff.setPasswordByLink(request.params.secret, form.value)))
      return reply.page(
        `${views}/link-expired.njk`,
        { pageTitle: t('staff.titles.linkExpired') },
        HttpStatus.gone,
      )
    return reply.redirectWithFlash('/admin/sign-in', t('staff.flash.passwordSet'))
  })

  const renderChangePassword = (reply: FastifyReply, form: FormState, status: number) =>
    reply.page(
      `${views}/change-password.njk`,
      { pageTitle: t('staff.titles.changePassword'), ...formModel(form) },
      status,
    )

  app.get('/admin/account/password', signedIn, (_request, reply) =>
    renderChangePassword(reply, {}, HttpStatus.ok),
  )

  app.post('/admin/account/password', signedIn, async (request, reply) => {
    const form = parseChangePasswordForm(request.body)
    if (!form.ok) return renderChangePassword(reply, form, HttpStatus.badRequest)
    try {
      await staff.changeOwnPassword(staffActor(request), form.value.current, form.value.password)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return renderChangePassword(reply, { errors: error.fieldErrors }, HttpStatus.badRequest)
    }
    return reply.redirectWithFlash('/admin', t('staff.flash.passwordChanged'))
  })
}
