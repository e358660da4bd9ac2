import type { Role } from '../db/schema.js'
import { t } from '../i18n/translate.js'
import { canCollectForPartner, canManageStaff, canUseWorkspace, hasAnyRole } from './roles.js'

interface MenuEntry {
  key: string
  href: string
  roles: readonly Role[]
}

// The header's links for signed-in staff, each behind the same role list as the pages it opens.
const entries: readonly MenuEntry[] = [
  { key: 'partner', href: '/partner', roles: canCollectForPartner },
  { key: 'consultations', href: '/admin', roles: canUseWorkspace },
  { key: 'staff', href: '/admin/staff', roles: canManageStaff },
  { key: 'outbox', href: '/admin/outbox', roles: canManageStaff },
]

/** The header links these roles may follow, the one for `activeNav` marked current. */
export function staffMenuFor(userRoles: readonly string[], activeNav: unknown) {
  return entries
    .filter((e) => hasAnyRole(userRoles, e.roles))
    .map((e) => ({ text: t(`staff.menu.${e.key}`), href: e.href, current: activeNav === e.key }))
}

/** Where a member of staff lands after signing in: their partner home if that is all they may use. */
export function homeFor(userRoles: readonly string[]): string {
  return hasAnyRole(userRoles, canUseWorkspace) || !hasAnyRole(userRoles, canCollectForPartner)
    ? '/admin'
    : '/partner'
}
