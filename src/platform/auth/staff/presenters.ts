import type { Role } from '../../db/schema.js'
import { t } from '../../i18n/translate.js'
import { formatLondonDateTime } from '../../time/london.js'
import { roles } from '../roles.js'

const roleName = (role: Role) => t(`staff.roles.${role}`)

interface MemberRow {
  id: string
  email: string
  display_name: string
  disabled_at: Date | null
  last_signed_in_at: Date | null
  organisation: string | null
  roles: Role[]
}

function presentMember(m: MemberRow) {
  return {
    id: m.id,
    name: m.display_name,
    email: m.email,
    organisation: m.organisation,
    roles: m.roles.map(roleName).join(', '),
    enabled: m.disabled_at === null,
    lastSignedIn: m.last_signed_in_at ? formatLondonDateTime(m.last_signed_in_at) : undefined,
  }
}

export function presentStaffList(members: MemberRow[]) {
  return { pageTitle: t('staff.titles.staff'), activeNav: 'staff', members: members.map(presentMember) }
}

/** Role checkboxes, with these ticked. */
export function roleItems(ticked: readonly string[]) {
  return roles.map((role) => ({ value: role, text: roleName(role), checked: ticked.includes(role) }))
}

export function presentInviteForm(
  organisations: { id: string; name: string }[],
  values: Record<string, string>,
) {
  return {
    pageTitle: t('staff.titles.invite'),
    activeNav: 'staff',
    roleItems: roleItems((values.roles ?? '').split(',')),
    organisationItems: [
      { value: '', text: 'None' },
      ...organisations.map((o) => ({ value: o.id, text: o.name, selected: o.id === values.organisationId })),
    ],
  }
}

export function presentMemberPage(member: MemberRow, isSelf: boolean) {
  return {
    pageTitle: t('staff.titles.member', { name: member.display_name }),
    activeNav: 'staff',
    member: presentMember(member),
    roleItems: roleItems(member.roles),
    isSelf,
  }
}
