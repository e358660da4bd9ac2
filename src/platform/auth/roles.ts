import type { Role } from '../db/schema.js'

export const roles: readonly Role[] = [
  'administrator',
  'consultation_manager',
  'analyst',
  'data_entry',
  'partner_collector',
  'governance_officer',
  'observer',
]

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value)
}

/** Who may see a consultation's responses in the admin side. */
export const canViewResponses: readonly Role[] = [
  'administrator',
  'consultation_manager',
  'analyst',
  'governance_officer',
  'observer',
]

export function hasAnyRole(userRoles: readonly string[], allowed: readonly Role[]): boolean {
  return userRoles.some((r) => (allowed as readonly string[]).includes(r))
}

/**
 * Who may see respondents' contact details (name, email, phone, postcode), as in a full response
 * download: those who run the consultation and would reply to people, not those who only read
 * or analyse what they said.
 */
export const canSeeContactDetails: readonly Role[] = ['administrator', 'consultation_manager']

/** Who may exclude a response from the counts, or count it again. */
export const canExcludeResponses: readonly Role[] = ['administrator', 'consultation_manager']

/** Who may set up consultations: details, lifecycle, proposals and documents. */
export const canSetUpConsultations: readonly Role[] = ['administrator', 'consultation_manager']

/** Who may build, translate and publish questionnaires. */
export const canBuildQuestionnaires: readonly Role[] = ['administrator', 'consultation_manager']

/** Who may read the coding of comments: the codeframe, codings, agreement and theme counts. */
export const canViewCoding: readonly Role[] = [
  'administrator',
  'consultation_manager',
  'analyst',
  'governance_officer',
  'observer',
]

/** Who may code comments, change the codeframe, choose quotes and handle safeguarding flags. */
export const canCode: readonly Role[] = ['administrator', 'consultation_manager', 'analyst']

/**
 * Who may see safeguarding concerns: the list, and the excerpts and flags wherever a comment is
 * shown. The same people who handle them, so a concern is read only by those who must act on it.
 */
export const canSeeSafeguarding: readonly Role[] = canCode

/** Who may bulk import responses collected elsewhere. */
export const canImportResponses: readonly Role[] = ['administrator', 'consultation_manager']

/** Who may set up engagement events. */
export const canManageEvents: readonly Role[] = ['administrator', 'consultation_manager']

/** Who may record what came through events, email, letters and phone. */
export const canRecordChannels: readonly Role[] = ['administrator', 'consultation_manager', 'data_entry']

/**
 * Who may open the events list and an event's page: those who read responses, and those who
 * record what was said at an event (who need the event to record against).
 */
export const canViewEvents: readonly Role[] = [...canViewResponses, 'data_entry']

/** Who may key responses for the people a partner organisation supports. */
export const canCollectForPartner: readonly Role[] = ['partner_collector']
/** Who may key paper questionnaires: data-entry staff only, so a supervisor never resolves their own keying. */
export const canKeyPaper: readonly Role[] = ['data_entry']

/** Who may supervise paper entry (double entry, mismatches, accuracy) and decide on late returns. */
export const canSupervisePaper: readonly Role[] = ['administrator', 'consultation_manager']

/**
 * Who may use a consultation's workspace: every member of staff but partner collectors, who work
 * from their own partner home and see only what their organisation collected.
 */
export const canUseWorkspace: readonly Role[] = roles.filter((r) => r !== 'partner_collector')

/** Who may manage staff accounts (invite, roles, disable, reset) and read the outbox. */
export const canManageStaff: readonly Role[] = ['administrator']

/**
 * Who may read the audit log and build a consultation's evidence pack. Not observers: the log
 * names staff and the people whose records they touched.
 */
export const canViewAudit: readonly Role[] = ['administrator', 'consultation_manager', 'governance_officer']

/** Who may read a consultation's reports, drafts included. */
export const canViewReports: readonly Role[] = canViewCoding

/** Who may start and write a report's draft and gather its evidence. */
export const canWriteReports: readonly Role[] = ['administrator', 'consultation_manager', 'analyst']

/** Who may approve a report for publication: a manager, never the analyst alone. */
export const canApproveReports: readonly Role[] = ['administrator', 'consultation_manager']

/** Who may read committees, meetings, questions and actions on the staff side, e.g. a scrutiny member. */
export const canViewGovernance: readonly Role[] = [
  'administrator',
  'consultation_manager',
  'analyst',
  'governance_officer',
  'observer',
]

/** Who may maintain committees: their meetings, agendas, papers, questions, resolutions and actions. */
export const canMaintainGovernance: readonly Role[] = ['administrator', 'governance_officer']

/** Who may read the decision trail on the staff side: considerations, business case, decision, actions. */
export const canViewDecisions: readonly Role[] = canViewGovernance

/** Who may write considerations and equality records, and keep the follow-up actions. */
export const canWriteDecisions: readonly Role[] = [
  'administrator',
  'consultation_manager',
  'governance_officer',
]

/**
 * Who may sign off considerations, approve the business case and record the decision: those who
 * run the consultation (the governance officer records meetings, not the commissioners' case).
 */
export const canApproveDecisions: readonly Role[] = ['administrator', 'consultation_manager']

/**
 * Who may search for everything held about a person, download it and erase it: administrators only.
 * The search crosses every consultation and returns contact details no other role sees in bulk;
 * administrators already hold every permission, so the right adds no one new who could misuse it.
 */
export const canHandleSubjectRequests: readonly Role[] = ['administrator']

/** Who may keep a consultation's record of processing personal data and its retention. */
export const canKeepProcessingRecords: readonly Role[] = ['administrator', 'consultation_manager']
