import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

// Table types for Kysely, kept by hand beside the migrations that create them.

type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type Timestamp = ColumnType<Date, Date | string, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
type Json<T> = ColumnType<T, string, string>

export type Role =
  | 'administrator'
  | 'consultation_manager'
  | 'analyst'
  | 'data_entry'
  | 'partner_collector'
  | 'governance_officer'
  | 'observer'

export type ConsultationStatus =
  | 'draft'
  | 'scheduled'
  | 'open'
  | 'closed'
  | 'analysing'
  | 'reporting'
  | 'decided'
  | 'following_up'
  | 'archived'

export type ResponseChannel =
  | 'online'
  | 'paper'
  | 'event'
  | 'partner'
  | 'email'
  | 'letter'
  | 'phone'
  | 'import'

export const responseChannels: readonly ResponseChannel[] = [
  'online',
  'paper',
  'event',
  'partner',
  'email',
  'letter',
  'phone',
  'import',
]

export interface SettingsTable {
  key: string
  value: string
  updated_at: Generated<Date>
}

export interface OrganisationsTable {
  id: Generated<string>
  name: string
  kind: 'commissioner' | 'trust' | 'council' | 'vcs' | 'other'
  created_at: CreatedAt
}

export interface UsersTable {
  id: Generated<string>
  email: string
  display_name: string
  password_hash: string
  organisation_id: string | null
  disabled_at: NullableTimestamp
  last_signed_in_at: NullableTimestamp
  created_at: CreatedAt
}

export interface UserRolesTable {
  user_id: string
  role: Role
  granted_at: CreatedAt
}

export interface SessionsTable {
  id: string
  data: Json<Record<string, unknown>>
  user_id: string | null
  expires_at: Timestamp
  updated_at: Generated<Date>
}

export interface RateLimitHitsTable {
  key: string
  hits: number
  window_ends_at: Timestamp
}

export interface ConsultationsTable {
  id: Generated<string>
  slug: string
  title: string
  summary: Generated<string>
  status: ColumnType<ConsultationStatus, ConsultationStatus | undefined, ConsultationStatus>
  opens_at: Timestamp
  closes_at: Timestamp
  postal_deadline_at: NullableTimestamp
  lead_organisation_id: string | null
  created_at: CreatedAt
  updated_at: Generated<Date>
}

export interface ProposalsTable {
  id: Generated<string>
  consultation_id: string
  position: number
  title: string
  summary: Generated<string>
}

export interface QuestionnaireVersionsTable {
  id: Generated<string>
  consultation_id: string
  version: number
  definition: Json<unknown>
  published_at: NullableTimestamp
  created_at: CreatedAt
}

export interface ResponsesTable {
  id: Generated<string>
  consultation_id: string
  questionnaire_version_id: string
  reference: string
  submission_key: string
  channel: ResponseChannel
  status: ColumnType<'submitted' | 'excluded', 'submitted' | 'excluded' | undefined, 'submitted' | 'excluded'>
  answers: Json<Record<string, AnswerValue>>
  partner_organisation_id: string | null
  event_id: string | null
  responding_for: string | null
  late: ColumnType<boolean, boolean | undefined, boolean>
  excluded_at: NullableTimestamp
  excluded_by: string | null
  exclusion_reason: string | null
  started_at: NullableTimestamp
  submitted_at: CreatedAt
  received_at: CreatedAt
  admitted_under_grace: ColumnType<boolean, boolean | undefined, boolean>
}

/** What one answer holds: an option value, several, a number, or text. */
export type AnswerValue = string | number | string[]

export interface AuditLogTable {
  seq: Generated<string>
  occurred_at: CreatedAt
  actor_user_id: string | null
  actor_label: string
  action: string
  entity_type: string
  entity_id: string
  details: Json<Record<string, unknown>>
  prev_hash: string
  hash: string
}

export interface ConsultationDocumentsTable {
  id: Generated<string>
  consultation_id: string
  kind:
    | 'consultation_document'
    | 'summary'
    | 'easy_read'
    | 'large_print'
    | 'translation'
    | 'faq'
    | 'audio'
    | 'video'
    | 'bsl'
  language: ColumnType<string, string | undefined, string>
  title: string
  url: string | null
  created_at: CreatedAt
}

export interface EventsTable {
  id: Generated<string>
  consultation_id: string
  title: string
  held_at: Timestamp
  place: ColumnType<string, string | undefined, string>
  format: 'in_person' | 'online'
  audience: ColumnType<string, string | undefined, string>
  organisation_id: string | null
  attendees: number | null
  attendees_counted_by: ColumnType<string, string | undefined, string>
  notes: ColumnType<string, string | undefined, string>
  created_at: CreatedAt
}

export interface RespondentContactsTable {
  response_id: string
  name: string | null
  email: string | null
  phone: string | null
  postcode: string | null
  consent_to_contact: ColumnType<boolean, boolean | undefined, boolean>
}

/** Who is responding, as the questionnaire asks: kept on the draft until the response is sent. */
export interface DraftRespondent {
  respondingAs?: 'individual' | 'organisation'
  respondingFor?: string
  email?: string
  consentToContact?: boolean
}

export interface ResponseDraftsTable {
  id: Generated<string>
  consultation_id: string
  questionnaire_version_id: string
  token_hash: string
  resume_code: string | null
  submission_key: string
  answers: ColumnType<Record<string, AnswerValue>, string | undefined, string>
  respondent: ColumnType<DraftRespondent, string | undefined, string>
  started_at: Timestamp
  updated_at: Timestamp
}

export interface OutboxTable {
  id: Generated<string>
  recipient: string
  subject: string
  body: string
  created_at: CreatedAt
}

export interface DemoTruthTable {
  response_id: string
  person_id: number
  duplicate_kind: 'exact' | 'near' | null
  duplicate_of: string | null
  campaign: string | null
  profile: Json<Record<string, unknown>>
  comments: Json<Record<string, unknown>>
}

export type ParticipationTier = 'exact' | 'likely' | 'burst' | 'campaign'

export interface ParticipationRunsTable {
  consultation_id: string
  detected_at: Timestamp
  responses_seen: number
  settings: Json<Record<string, unknown>>
}

export interface ParticipationGroupsTable {
  id: Generated<string>
  consultation_id: string
  tier: ParticipationTier
  group_key: string
  evidence: Json<Record<string, unknown>>
  detected_at: Timestamp
}

export interface ParticipationGroupMembersTable {
  group_id: string
  response_id: string
  position: number
}

export interface ParticipationDecisionsTable {
  consultation_id: string
  group_key: string
  decision: 'same_person' | 'different_people'
  reason: string
  decided_by: string
  decided_at: Timestamp
}

export interface Database {
  settings: SettingsTable
  organisations: OrganisationsTable
  users: UsersTable
  user_roles: UserRolesTable
  sessions: SessionsTable
  rate_limit_hits: RateLimitHitsTable
  consultations: ConsultationsTable
  proposals: ProposalsTable
  questionnaire_versions: QuestionnaireVersionsTable
  responses: ResponsesTable
  audit_log: AuditLogTable
  consultation_documents: ConsultationDocumentsTable
  events: EventsTable
  respondent_contacts: RespondentContactsTable
  demo_truth: DemoTruthTable
  response_drafts: ResponseDraftsTable
  outbox: OutboxTable
  participation_runs: ParticipationRunsTable
  participation_groups: ParticipationGroupsTable
  participation_group_members: ParticipationGroupMembersTable
  participation_decisions: ParticipationDecisionsTable
}

export type ConsultationRow = Selectable<ConsultationsTable>
export type NewResponse = Insertable<ResponsesTable>
