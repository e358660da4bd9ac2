import type { Role } from '../db/schema.js'
import { t } from '../i18n/translate.js'
import {
  canCollectForPartner,
  canHandleSubjectRequests,
  canManageStaff,
  canUseWorkspace,
  canViewAudit,
  canViewGovernance,
  hasAnyRole,
} from './roles.js'

interface Place {
  path: string
  /** A locale key for the place's name. */
  label: string
  roles: readonly Role[]
}

// The staff places that are not a consultation's, each behind the role list of its page. A page's
// breadcrumbs are the places whose address starts its own, so adding a page below one of these
// needs nothing here.
const places: readonly Place[] = [
  { path: '/admin', label: 'consultations.titles.staff', roles: canUseWorkspace },
  { path: '/admin/staff', label: 'staff.titles.staff', roles: canManageStaff },
  { path: '/admin/outbox', label: 'staff.titles.outbox', roles: canManageStaff },
  { path: '/admin/audit', label: 'audit.titles.list', roles: canViewAudit },
  { path: '/admin/governance', label: 'governance.titles.home', roles: canViewGovernance },
  { path: '/admin/personal-data', label: 'staff.titles.personalData', roles: canHandleSubjectRequests },
  { path: '/partner', label: 'staff.menu.partner', roles: canCollectForPartner },
]

/**
 * Breadcrumbs for a staff page outside any consultation: the places above it, from the staff
 * home down, that these roles may open. `path` is the page's address without its query.
 */
export function staffBreadcrumbs(path: string, userRoles: readonly string[]) {
  return places
    .filter((p) => path.startsWith(`${p.path}/`) && hasAnyRole(userRoles, p.roles))
    .sort((a, b) => a.path.length - b.path.length)
    .map((p) => ({ text: t(p.label), href: p.path }))
}
