import {
  canBuildQuestionnaires,
  canImportResponses,
  canKeyPaper,
  canRecordChannels,
  canSetUpConsultations,
  canSupervisePaper,
  canUseWorkspace,
  canViewAudit,
  canViewCoding,
  canViewDecisions,
  canViewEvents,
  canViewGovernance,
  canViewReports,
  canViewResponses,
  hasAnyRole,
  roles,
} from '../../../platform/auth/roles.js'
import type { Role } from '../../../platform/db/schema.js'
import { t } from '../../../platform/i18n/translate.js'

/**
 * One section of a consultation's workspace: where it is, under the consultation's staff address,
 * and who may open it. `roles` is the very list the section's routes check, so a link is shown
 * exactly when following it would not be refused.
 */
export interface WorkspaceSection {
  key: string
  /** The path under `/admin/consultations/:id`; empty for the consultation's own page. */
  path: string
  roles: readonly Role[]
}

/**
 * Every section of a consultation's workspace, in the order staff meet them. A feature that adds
 * a per-consultation staff page adds one line here, and a `workspace.sections.<key>` label.
 */
export const workspaceSections: readonly WorkspaceSection[] = [
  { key: 'overview', path: '/overview', roles: canUseWorkspace },
  { key: 'setup', path: '', roles: canSetUpConsultations },
  { key: 'questionnaire', path: '/questionnaire', roles: canBuildQuestionnaires },
  { key: 'responses', path: '/responses', roles: canViewResponses },
  { key: 'keyPaper', path: '/paper/new', roles: canKeyPaper },
  { key: 'paper', path: '/paper', roles: canSupervisePaper },
  { key: 'lateReturns', path: '/late-returns', roles: canSupervisePaper },
  { key: 'imports', path: '/imports', roles: canImportResponses },
  { key: 'events', path: '/events', roles: canViewEvents },
  { key: 'correspondence', path: '/correspondence', roles: canViewResponses },
  { key: 'recordCorrespondence', path: '/correspondence/new', roles: canRecordChannels },
  { key: 'partners', path: '/partners', roles: canViewResponses },
  { key: 'participation', path: '/participation', roles: canViewResponses },
  { key: 'duplicates', path: '/participation/groups', roles: canViewResponses },
  { key: 'scrutiny', path: '/participation/scrutiny', roles: canViewResponses },
  { key: 'results', path: '/results', roles: canViewResponses },
  { key: 'coding', path: '/coding', roles: canViewCoding },
  { key: 'reports', path: '/report', roles: canViewReports },
  { key: 'governance', path: '/governance', roles: canViewGovernance },
  { key: 'decisions', path: '/decisions', roles: canViewDecisions },
  { key: 'evidence', path: '/evidence', roles: canViewAudit },
]

export const workspaceBase = (consultationId: string) => `/admin/consultations/${consultationId}`

export interface WorkspaceLink {
  key: string
  text: string
  href: string
  current: boolean
}

export interface Workspace {
  consultation: { id: string; title: string }
  sections: WorkspaceLink[]
  /** Where this page sits, from `/admin` down, without the page itself. */
  breadcrumbs: { text: string; href: string }[]
}

/** The sections these roles may open, in order. */
export function sectionsFor(userRoles: readonly string[]): WorkspaceSection[] {
  return workspaceSections.filter((s) => hasAnyRole(userRoles, s.roles))
}

/** The section a path belongs to: the one whose address is the longest start of the path. */
function sectionOf(path: string, base: string, visible: readonly WorkspaceSection[]) {
  let found: WorkspaceSection | undefined
  for (const section of visible) {
    const href = base + section.path
    const within = path === href || path.startsWith(`${href}/`)
    if (within && (!found || section.path.length > found.path.length)) found = section
  }
  return found
}

/**
 * The workspace navigation and breadcrumbs for one page of a consultation's staff side, as these
 * roles see it. `path` is the page's address without its query.
 */
export function presentWorkspace(
  consultation: { id: string; title: string },
  userRoles: readonly string[],
  path: string,
): Workspace {
  const base = workspaceBase(consultation.id)
  const visible = sectionsFor(userRoles)
  const here = sectionOf(path, base, visible)
  const sections = visible.map((s) => ({
    key: s.key,
    text: t(`workspace.sections.${s.key}`),
    href: base + s.path,
    current: s === here,
  }))
  const overview = visible.find((s) => s.key === 'overview')
  const breadcrumbs = [{ text: t('consultations.titles.staff'), href: '/admin' }]
  const onOverview = here?.key === 'overview' && path === base + here.path
  if (overview && !onOverview) breadcrumbs.push({ text: consultation.title, href: base + overview.path })
  if (here && here.key !== 'overview' && path !== base + here.path) {
    breadcrumbs.push({ text: t(`workspace.sections.${here.key}`), href: base + here.path })
  }
  return { consultation, sections, breadcrumbs }
}

// Where each role's work in a consultation begins: keyers at the paper form, analysts at coding,
// observers at the results; those who run the consultation at its overview.
const startingSection: Record<Role, string> = {
  administrator: 'overview',
  consultation_manager: 'overview',
  analyst: 'coding',
  data_entry: 'keyPaper',
  partner_collector: 'overview',
  governance_officer: 'overview',
  observer: 'results',
}

/**
 * Where a member of staff starts in a consultation: the section of their broadest role (roles
 * are listed broadest first), or undefined when they have no section in it at all.
 */
export function landingFor(consultationId: string, userRoles: readonly string[]): string | undefined {
  const visible = sectionsFor(userRoles)
  const broadest = roles.find((r) => userRoles.includes(r))
  const section = visible.find((s) => broadest && s.key === startingSection[broadest]) ?? visible[0]
  return section ? workspaceBase(consultationId) + section.path : undefined
}
