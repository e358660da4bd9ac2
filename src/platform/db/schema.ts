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

/** One-time links to choose a password: an invitation or a reset (migration 0022). */
export interface StaffLinksTable {
  id: Generated<string>
  user_id: string
  purpose: 'invite' | 'reset'
  /** SHA-256 of the secret in the link; the secret itself is never stored. */
  secret_hash: string
  expires_at: Timestamp
  used_at: NullableTimestamp
  created_by: string | null
  created_at: CreatedAt
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
  sponsors: ColumnType<string[], string | undefined, string>
  areas: ColumnType<string[], string | undefined, string>
  contact_email: ColumnType<string, string | undefined, string>
  contact_phone: ColumnType<string, string | undefined, string>
  freepost_address: ColumnType<string, string | undefined, string>
  privacy_notice: ColumnType<string, string | undefined, string>
  next_steps: ColumnType<string, string | undefined, string>
  /** Whether paper questionnaires are keyed twice, blind, and reconciled (migration 0016). */
  paper_double_entry: ColumnType<boolean, boolean | undefined, boolean>
}

export interface ConsultationStatusChangesTable {
  id: Generated<string>
  consultation_id: string
  from_status: ConsultationStatus | null
  to_status: ConsultationStatus
  changed_at: Timestamp
  actor_user_id: string | null
  actor_label: string
}

export interface ProposalsTable {
  id: Generated<string>
  consultation_id: string
  position: number
  title: string
  summary: Generated<string>
  what_would_change: ColumnType<string, string | undefined, string>
  who_is_affected: ColumnType<string, string | undefined, string>
}

export interface QuestionnaireVersionsTable {
  id: Generated<string>
  consultation_id: string
  version: number
  definition: Json<unknown>
  published_at: NullableTimestamp
  created_at: CreatedAt
  /** Raised by each audited wording fix to a published version (migration 0007). */
  wording_revision: Generated<number>
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
  /** A manager's decision on a late return (migration 0011); null while undecided. */
  late_decision: 'admitted' | 'refused' | null
  late_decided_at: NullableTimestamp
  late_decided_by: string | null
  late_decision_reason: string | null
  excluded_at: NullableTimestamp
  excluded_by: string | null
  exclusion_reason: string | null
  started_at: NullableTimestamp
  submitted_at: CreatedAt
  received_at: CreatedAt
  /** Why anti-abuse checks want a second look at this response (see responses/abuse.ts); empty when none. */
  flags: ColumnType<ResponseFlag[], string | undefined, string>
  /** A salted hash of the address it was sent from, for online responses; never the address. */
  address_hash: string | null
  admitted_under_grace: ColumnType<boolean, boolean | undefined, boolean>
  /** The bulk import that brought this response in, and the key of its row (migration 0017). */
  import_id: ColumnType<string | null, string | null | undefined, string | null>
  import_row_key: ColumnType<string | null, string | null | undefined, string | null>
  /** The transaction that inserted it (xid8 as text), set by the database (migration 0019). */
  inserted_xid: ColumnType<string, never, never>
  /** The transaction that last changed what stored figures show of it (migration 0100). */
  changed_xid: ColumnType<string, never, never>
}

/** Why a response is or is not counted (migration 0021): the one definition every figure uses. */
export type ResponseStanding = 'counted' | 'excluded' | 'late_refused' | 'late_undecided'

/** Each response's standing (a view, migration 0021). */
export interface ResponseStandingsView {
  response_id: string
  consultation_id: string
  channel: ResponseChannel
  partner_organisation_id: string | null
  standing: ResponseStanding
}

export type ResponseFlag = 'honeypot' | 'many_from_address'

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
  /** The consultation the entry is about, derived by the database on insert; outside the hash (migration 0040). */
  consultation_id: ColumnType<string | null, string | null | undefined, never>
}

/** Audit entries written, not yet chained: `sealAuditEntries` moves them into audit_log. */
export interface AuditPendingTable {
  id: Generated<string>
  occurred_at: Date
  actor_user_id: string | null
  actor_label: string
  action: string
  entity_type: string
  entity_id: string
  details: Json<Record<string, unknown>>
}

export type DocumentKind =
  | 'consultation_document'
  | 'summary'
  | 'easy_read'
  | 'large_print'
  | 'translation'
  | 'faq'
  | 'audio'
  | 'video'
  | 'bsl'

export interface ConsultationDocumentsTable {
  id: Generated<string>
  consultation_id: string
  kind: DocumentKind
  language: ColumnType<string, string | undefined, string>
  title: string
  url: string | null
  created_at: CreatedAt
  position: ColumnType<number, number | undefined, number>
  file_name: string | null
  media_type: string | null
  byte_size: number | null
  sha256: string | null
}

export interface ConsultationDocumentFilesTable {
  document_id: string
  content: Buffer
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
  /** Who organised it when not a listed organisation (migration 0018). */
  organiser: ColumnType<string, string | undefined, string>
  updated_at: NullableTimestamp
}

/** A response that holds notes of an event rather than one person's answers (migration 0018). */
export interface EventNotesTable {
  response_id: string
  event_id: string
  recorded_by: string | null
  created_at: CreatedAt
}

export type CorrespondenceSender = 'person' | 'organisation' | 'elected_member'

/** A response that came as an email, letter or phone call (migration 0018). */
export interface CorrespondenceTable {
  response_id: string
  sender_kind: CorrespondenceSender
  summary: ColumnType<string, string | undefined, string>
  recorded_by: string | null
  created_at: CreatedAt
}

export interface CorrespondenceFilesTable {
  response_id: string
  file_name: string
  media_type: string
  byte_size: number
  sha256: string
  content: Buffer
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
  name?: string
  email?: string
  phone?: string
  postcode?: string
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
  /** The language chosen for the questionnaire's wording: `en`, or a translation it offers. */
  language: ColumnType<string, string | undefined, string>
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

export type ParticipationTier = 'exact' | 'likely' | 'possible' | 'burst' | 'campaign'

export type ParticipationRunStatus = 'queued' | 'running' | 'done' | 'failed'

export interface ParticipationRunsTable {
  consultation_id: string
  /** When the groups stored were found: the last finished run. */
  detected_at: NullableTimestamp
  responses_seen: number | null
  settings: Json<Record<string, unknown>> | null
  status: Generated<ParticipationRunStatus>
  stage: string | null
  progress_done: Generated<number>
  progress_total: Generated<number>
  requested_at: NullableTimestamp
  requested_by: string | null
  started_at: NullableTimestamp
  finished_at: NullableTimestamp
  summary: Json<Record<string, unknown>> | null
}

export interface ParticipationGroupsTable {
  id: Generated<string>
  consultation_id: string
  tier: ParticipationTier
  group_key: string
  evidence: Json<Record<string, unknown>>
  detected_at: Timestamp
  /** For exact and possible groups: the weakest link's match weight in bits, and its probability. */
  match_weight: number | null
  match_probability: number | null
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
  /** The transaction that last made or changed this decision (migration 0100). */
  changed_xid: ColumnType<string, never, never>
}

/** The figures of "Who we heard from" and the scrutiny answer, stored by the last detection run (migration 0100). */
export interface ParticipationFiguresTable {
  consultation_id: string
  computed_at: Timestamp
  /** The snapshot the run began with (`pg_snapshot` as text): changes it does not show are not in the figures. */
  snapshot: string
  responses_seen: number
  figures: Json<Record<string, unknown>>
}

export type CodingSentiment = 'positive' | 'negative' | 'neutral' | 'mixed'
export type CodingProvenance = 'person' | 'model' | 'suggestion_accepted'

export interface ThemesTable {
  id: Generated<string>
  consultation_id: string
  parent_id: string | null
  code: string
  label: string
  description: ColumnType<string, string | undefined, string>
  examples: Json<string[]>
  question_key: string | null
  status: ColumnType<
    'active' | 'merged' | 'split' | 'retired',
    'active' | undefined,
    'active' | 'merged' | 'split' | 'retired'
  >
  replaced_by: Json<string[]>
  created_at: CreatedAt
}

export interface CodeframeVersionsTable {
  consultation_id: string
  version: number
  change: string
  themes: Json<unknown>
  changed_by: string | null
  changed_at: CreatedAt
}

export interface CodingsTable {
  id: Generated<string>
  consultation_id: string
  response_id: string
  question_key: string
  pass: ColumnType<number, number | undefined, number>
  sentiment: CodingSentiment | null
  quote_worthy: ColumnType<boolean, boolean | undefined, boolean>
  personal_data: ColumnType<boolean, boolean | undefined, boolean>
  safeguarding: ColumnType<boolean, boolean | undefined, boolean>
  coded_by: string | null
  coded_at: Timestamp
}

export interface CodingThemesTable {
  coding_id: string
  theme_id: string
  provenance: CodingProvenance
  assigned_by: string | null
  model_name: string | null
  model_version: string | null
  confidence: number | null
  assigned_at: Timestamp
}

export interface ThemeSuggestionsTable {
  id: Generated<string>
  consultation_id: string
  response_id: string
  question_key: string
  theme_id: string
  model_name: string
  model_version: string
  confidence: number
  status: ColumnType<
    'pending' | 'accepted' | 'rejected',
    'pending' | undefined,
    'pending' | 'accepted' | 'rejected'
  >
  decided_by: string | null
  decided_at: NullableTimestamp
  created_at: CreatedAt
}

export interface DoubleCodingSamplesTable {
  id: Generated<string>
  consultation_id: string
  percent: ColumnType<string, number, never>
  seed: number
  second_coder_id: string
  created_by: string | null
  created_at: CreatedAt
}

export interface DoubleCodingItemsTable {
  sample_id: string
  response_id: string
  question_key: string
  adjudicated_by: string | null
  adjudicated_at: NullableTimestamp
  /** The first pass as drawn, theme ids; null only until the draw records it. */
  first_themes: ColumnType<string[] | null, string | null | undefined, string | null>
  first_coded_by: ColumnType<string | null, string | null | undefined, string | null>
  /** The blind second pass as last saved before adjudication. */
  second_themes: ColumnType<string[] | null, string | null | undefined, string | null>
  second_coded_by: ColumnType<string | null, string | null | undefined, string | null>
  second_coded_at: NullableTimestamp
  final_themes: ColumnType<string[] | null, string | null | undefined, string | null>
  adjudication_reason: ColumnType<string | null, string | null | undefined, string | null>
}

export interface QuotesTable {
  id: Generated<string>
  consultation_id: string
  response_id: string
  question_key: string
  theme_id: string
  redacted_text: string
  redactions: Json<unknown[]>
  status: ColumnType<
    'pending_review' | 'approved' | 'withdrawn',
    'pending_review' | undefined,
    'pending_review' | 'approved' | 'withdrawn'
  >
  chosen_by: string | null
  chosen_at: Timestamp
  reviewed_by: string | null
  reviewed_at: NullableTimestamp
}

export interface SafeguardingFlagsTable {
  id: Generated<string>
  consultation_id: string
  response_id: string
  question_key: string
  source: 'detector' | 'analyst'
  kinds: Json<string[]>
  excerpt: ColumnType<string, string | undefined, string>
  raised_by: string | null
  raised_at: Timestamp
  status: ColumnType<'open' | 'handled', 'open' | undefined, 'open' | 'handled'>
  handled_by: string | null
  handled_at: NullableTimestamp
  action_taken: string | null
}

export type ImportStatus =
  | 'uploaded'
  | 'queued'
  | 'checking'
  | 'checked'
  | 'importing'
  | 'imported'
  | 'refused'
  | 'failed'

/** One problem found in an import file: where (a row and a column heading, when known) and what. */
export interface ImportProblem {
  row: number | null
  column: string | null
  problem: string
}

export interface ImportMappingsTable {
  id: Generated<string>
  consultation_id: string
  name: string
  /** Column heading → question key. */
  columns: Json<Record<string, string>>
  id_column: string | null
  updated_by: string | null
  updated_at: Timestamp
}

export interface ImportsTable {
  id: Generated<string>
  consultation_id: string
  file_name: string
  format: 'csv' | 'xlsx'
  sheet: string | null
  byte_size: ColumnType<string, number, never>
  sha256: string
  columns: ColumnType<Record<string, string> | null, string | null | undefined, string | null>
  id_column: string | null
  status: ColumnType<ImportStatus, ImportStatus | undefined, ImportStatus>
  dry_run: ColumnType<boolean, boolean | undefined, boolean>
  rows_read: ColumnType<number, number | undefined, number>
  rows_new: ColumnType<number, number | undefined, number>
  rows_already: ColumnType<number, number | undefined, number>
  formula_like: ColumnType<number, number | undefined, number>
  problem_count: ColumnType<number, number | undefined, number>
  problems: ColumnType<ImportProblem[], string | undefined, string>
  created_by: string | null
  created_at: CreatedAt
  started_at: NullableTimestamp
  finished_at: NullableTimestamp
}

/** How far a running import has read, for other processes to show (migration 0020). */
export interface ImportProgressTable {
  import_id: string
  rows_read: number
  updated_at: Date
}

/** A consultation's Report of Findings (migration 0035). */
export interface ReportsTable {
  id: Generated<string>
  consultation_id: string
  created_by: string | null
  created_at: CreatedAt
}

/**
 * One version of a report: a draft the analysts edit, or an approved one whose snapshot is what
 * was published and never changes (migration 0035). The JSON columns hold the reports feature's
 * own types, read back through it.
 */
export interface ReportVersionsTable {
  id: Generated<string>
  report_id: string
  version: number
  status: ColumnType<'draft' | 'approved', 'draft' | 'approved' | undefined, 'draft' | 'approved'>
  sections: Json<unknown>
  evidence: ColumnType<unknown, string | null | undefined, string | null>
  evidence_gathered_at: NullableTimestamp
  gathering: 'queued' | 'running' | 'failed' | null
  gathering_step: Generated<number>
  gathering_steps: Generated<number>
  gathering_requested_at: NullableTimestamp
  snapshot: ColumnType<unknown, string | null | undefined, string | null>
  content_hash: string | null
  changes: ColumnType<string[], string | undefined, string>
  created_by: string | null
  created_at: CreatedAt
  approved_by: string | null
  approved_at: NullableTimestamp
}

export interface ImportFileChunksTable {
  import_id: string
  seq: number
  data: Buffer
}

/** A queued, running or finished run of auto-coding training or theme discovery (migration 0015). */
export interface CodingRunsTable {
  id: Generated<string>
  consultation_id: string
  kind: 'train' | 'discover'
  status: ColumnType<
    'queued' | 'running' | 'done' | 'failed',
    'queued' | undefined,
    'queued' | 'running' | 'done' | 'failed'
  >
  requested_by: string | null
  requested_at: Timestamp
  started_at: NullableTimestamp
  finished_at: NullableTimestamp
  model_name: string | null
  model_version: string | null
  result: ColumnType<unknown, string | null | undefined, string | null>
  /** What the analyst asked of the run, e.g. { themes: 8 } for discovery. */
  settings: ColumnType<{ themes?: number }, string | undefined, string>
  error: string | null
}

/** A response the safeguarding detector has read, and how many flags it raised (migration 0015). */
export interface SafeguardingScansTable {
  response_id: string
  scanned_at: Timestamp
  flagged: ColumnType<number, number | undefined, number>
}

/** Each consultation's closed questions as slots of closed_answers.codes (migration 0013); kept by triggers. */
export interface ClosedAnswerPlansTable {
  consultation_id: string
  slot_keys: string[]
  slot_kinds: ('one' | 'first' | 'many')[]
  slot_bases: number[]
  codes: Json<Record<string, Record<string, number>>>
  coder: string
}

/** A narrow, coded copy of each response's closed answers (migration 0013); written only by triggers. */
export interface ClosedAnswersTable {
  response_id: string
  consultation_id: string
  channel: ResponseChannel
  partner_organisation_id: string | null
  excluded: boolean
  /** Late and not admitted by a manager's decision. */
  late: boolean
  codes: number[]
}

/** Responses by standing, channel, partner, day and version, kept by trigger (migration 0150); sum the shards. */
export interface ResponseTalliesTable {
  consultation_id: string
  channel: ResponseChannel
  /** The partner that collected them, or the nil uuid for none. */
  partner_key: string
  standing: ResponseStanding
  /** The London calendar day it was submitted. */
  day: ColumnType<string, string, string>
  questionnaire_version_id: string
  shard: number
  n: ColumnType<string, never, never>
}

/** Closed answers by slot and code, channel, partner and inclusion, kept by trigger (migration 0150). */
export interface ClosedAnswerTalliesTable {
  consultation_id: string
  /** 1-based, as in `closed_answers.codes`. */
  slot: number
  code: number
  channel: ResponseChannel
  partner_key: string
  is_excluded: boolean
  is_late: boolean
  shard: number
  n: ColumnType<string, never, never>
}

/** Non-empty text answers by question and standing, kept by trigger (migration 0150). */
export interface CommentTalliesTable {
  consultation_id: string
  question_key: string
  standing: ResponseStanding
  shard: number
  n: ColumnType<string, never, never>
}

/** First-pass codings (theme_key nil) and their themes, by question, kept by trigger (migration 0150). */
export interface EventResponseTalliesTable {
  consultation_id: string
  event_id: string
  standing: ResponseStanding
  shard: number
  n: ColumnType<string, never, never>
}

export interface CodingTalliesTable {
  consultation_id: string
  question_key: string
  theme_key: string
  relationship: string
  standing: ResponseStanding
  shard: number
  n: ColumnType<string, never, never>
}

/** Respondents by where they live and their answers compared with the Census, by channel and partner (migrations 0170, 0181). */
export interface ReachTalliesTable {
  consultation_id: string
  standing: ResponseStanding
  channel: ResponseChannel
  /** The partner who entered the responses; the nil uuid for none. */
  partner_key: string
  /** Whether `area` was answered, and the answer ('' for none). */
  area_given: boolean
  area: string
  /** The postcode district as given, upper case and trimmed ('' for none). */
  district: string
  question_key: string
  /** The answer as text ('' for none). */
  value: string
  shard: number
  n: ColumnType<string, never, never>
}

export type PaperReturnStatus = 'awaiting_second' | 'mismatched' | 'reconciled'

export interface PaperReturnsTable {
  id: Generated<string>
  consultation_id: string
  questionnaire_version_id: string
  paper_reference: string
  double_entry: boolean
  status: PaperReturnStatus
  response_id: string | null
  /** The values a paper was reconciled to, field by field, for per-keyer accuracy. */
  resolved_fields: ColumnType<Record<string, AnswerValue> | null, string | null | undefined, string | null>
  resolved_by: string | null
  resolved_at: NullableTimestamp
  created_at: CreatedAt
}

export interface PaperKeyingsTable {
  id: Generated<string>
  paper_return_id: string
  copy: 1 | 2
  keyed_by: string
  keyed_at: Timestamp
  /** A calendar day, YYYY-MM-DD. */
  received_on: ColumnType<string, string, string>
  batch: string
  answers: Json<Record<string, AnswerValue>>
}

export interface PaperScansTable {
  keying_id: string
  media_type: string
  byte_size: number
  sha256: string
  content: Buffer
}

export type EvidencePackStatus = 'queued' | 'running' | 'done' | 'failed'

/** A consultation's evidence pack, built by a background job (migration 0041). */
export interface EvidencePacksTable {
  id: Generated<string>
  consultation_id: string
  status: ColumnType<EvidencePackStatus, EvidencePackStatus | undefined, EvidencePackStatus>
  stage: string | null
  requested_by: string | null
  requested_at: Timestamp
  started_at: NullableTimestamp
  finished_at: NullableTimestamp
  byte_size: ColumnType<string | null, number | null | undefined, number | null>
  sha256: string | null
}

export interface EvidencePackChunksTable {
  pack_id: string
  seq: number
  data: Buffer
}

export type CommitteeKind =
  | 'governing_body'
  | 'joint_health_scrutiny'
  | 'scrutiny_commission'
  | 'health_wellbeing_board'
  | 'other'
export type MeetingStatus = 'scheduled' | 'held' | 'minutes_approved'
export type MeetingSession = 'public' | 'private'
export type PaperKind = 'report' | 'business_case' | 'equality_assessment' | 'minutes' | 'other'
/** A calendar day, YYYY-MM-DD; selected with `::text` so that no driver turns it into a Date. */
type CalendarDay = ColumnType<string, string, string>

export interface CommitteesTable {
  id: Generated<string>
  slug: string
  name: string
  kind: CommitteeKind
  organisation: ColumnType<string, string | undefined, string>
  notice_days: number
  contact_email: string
  created_at: CreatedAt
}

export interface MeetingsTable {
  id: Generated<string>
  committee_id: string
  starts_at: Timestamp
  place: ColumnType<string, string | undefined, string>
  online: ColumnType<boolean, boolean | undefined, boolean>
  session: MeetingSession
  webcast_url: ColumnType<string, string | undefined, string>
  status: ColumnType<MeetingStatus, MeetingStatus | undefined, MeetingStatus>
  minutes: ColumnType<string, string | undefined, string>
  created_at: CreatedAt
  updated_at: NullableTimestamp
}

export interface AgendaItemsTable {
  id: Generated<string>
  meeting_id: string
  position: number
  title: string
  summary: ColumnType<string, string | undefined, string>
  consultation_id: string | null
  late_kind: 'late' | 'urgent' | null
  late_rule: ColumnType<string, string | undefined, string>
  late_reason: ColumnType<string, string | undefined, string>
  late_accepted_by: ColumnType<string, string | undefined, string>
  created_at: CreatedAt
}

export interface AgendaPapersTable {
  id: Generated<string>
  agenda_item_id: string
  kind: PaperKind
  title: string
  document_id: string | null
  url: ColumnType<string, string | undefined, string>
  sha256: string | null
  published_on: CalendarDay
  created_at: CreatedAt
}

export interface MeetingQuestionsTable {
  id: Generated<string>
  agenda_item_id: string
  asked_by: string
  question: string
  answer: ColumnType<string, string | undefined, string>
  live_answer: 'who_responded' | null
  created_at: CreatedAt
}

export interface ResolutionsTable {
  id: Generated<string>
  agenda_item_id: string
  text: string
  created_at: CreatedAt
  updated_at: NullableTimestamp
}

export interface CommitteeActionsTable {
  id: Generated<string>
  resolution_id: string
  committee_id: string
  description: string
  owner: string
  due_on: CalendarDay
  due_meeting_id: string | null
  status: ColumnType<'open' | 'closed', 'open' | 'closed' | undefined, 'open' | 'closed'>
  closed_by_item_id: string | null
  closed_at: NullableTimestamp
  reminded_at: NullableTimestamp
  created_at: CreatedAt
}

export interface GovernanceCorrectionsTable {
  id: Generated<string>
  meeting_id: string
  resolution_id: string | null
  before: string
  after: string
  reason: string
  corrected_by: string | null
  corrected_at: CreatedAt
}

/** A member of staff's authenticator app (migration 0045). */
export interface UserTotpTable {
  user_id: string
  secret: string
  /** The last 30-second step a code was accepted for; codes from it or before are refused. */
  last_time_step: ColumnType<string | null, number | null | undefined, number | null>
  enrolled_at: CreatedAt
}

export interface UserRecoveryCodesTable {
  user_id: string
  code_hash: string
  used_at: NullableTimestamp
}

/** A member of staff's security key or passkey (migration 0130). */
export interface UserSecurityKeysTable {
  id: Generated<string>
  user_id: string
  /** The credential's id as the authenticator gave it, in base64url. */
  credential_id: string
  /** The COSE public key the authenticator made for this site. */
  public_key: Uint8Array
  /** The signature counter last reported; one that does not go up is refused. */
  counter: ColumnType<string, number | undefined, number>
  transports: ColumnType<string[], string[] | undefined, string[]>
  name: string
  created_at: CreatedAt
  last_used_at: NullableTimestamp
}

export type RetentionAction = 'erase' | 'anonymise'

/** A consultation's record of processing personal data, and its retention (migration 0046). */
export interface ProcessingRecordsTable {
  consultation_id: string
  purpose: string
  lawful_basis: string
  data_categories: string
  retention_months: number
  retention_action: RetentionAction
  updated_at: Timestamp
  updated_by: string | null
  retention_applied_at: NullableTimestamp
  retention_summary: ColumnType<Record<string, number> | null, string | null | undefined, string | null>
}

export type ConsiderationOutcome = 'accepted' | 'mitigated' | 'noted' | 'not_accepted'
export type ResolutionOutcome = 'approved' | 'approved_with_changes' | 'deferred' | 'rejected'
export type FollowUpStatus = 'planned' | 'in_progress' | 'done'

/** How one theme was considered for one proposal (migration 0060). */
export interface DecisionConsiderationsTable {
  id: Generated<string>
  consultation_id: string
  proposal_id: string
  theme_id: string
  outcome: ConsiderationOutcome
  response: string
  theme_count: number
  coded_comments: number
  groups: Json<{ group: string; count: number }[]>
  written_by: string | null
  written_by_label: string
  written_at: Timestamp
  signed_off_by: string | null
  signed_off_label: string | null
  signed_off_at: NullableTimestamp
}

export type DecisionTranslationKind = 'consideration' | 'resolution' | 'conditions' | 'action' | 'progress'

/** A public "You said, we did" text in another language, with the English it was made from (migration 0090). */
export interface DecisionTranslationsTable {
  id: Generated<string>
  consultation_id: string
  language: string
  kind: DecisionTranslationKind
  subject: string
  source: string
  text: string
  written_by: string | null
  written_by_label: string
  written_at: Timestamp
}

/** Due regard for one group: what the Equality Impact Assessment concluded and what will be done. */
export interface DecisionEqualityRecordsTable {
  id: Generated<string>
  consultation_id: string
  group_label: string
  basis: 'under_heard' | 'difference'
  conclusion: string
  action: string
  written_by: string | null
  written_by_label: string
  written_at: Timestamp
  signed_off_by: string | null
  signed_off_label: string | null
  signed_off_at: NullableTimestamp
}

/** One version of a Decision-Making Business Case; an approved one never changes (migration 0060). */
export interface BusinessCaseVersionsTable {
  id: Generated<string>
  consultation_id: string
  version: number
  status: ColumnType<'draft' | 'approved', 'draft' | 'approved' | undefined, 'draft' | 'approved'>
  introduction: ColumnType<string, string | undefined, string>
  snapshot: ColumnType<unknown, string | null | undefined, string | null>
  content_hash: string | null
  created_by: string | null
  created_at: CreatedAt
  approved_by: string | null
  approved_at: NullableTimestamp
}

/** A decision as recorded, or a correction of the one before it; append-only (migration 0060). */
export interface DecisionRecordsTable {
  id: Generated<string>
  consultation_id: string
  body: string
  meeting_id: string | null
  meeting_on: CalendarDay
  held_in_public: boolean
  conditions: string
  minutes_url: string
  papers: Json<{ kind: string; title: string; version: number; sha256: string; publishedAt: string }[]>
  recorded_by: string | null
  recorded_by_label: string
  recorded_at: Timestamp
  supersedes: string | null
  correction_reason: string | null
}

export interface DecisionResolutionsTable {
  decision_id: string
  consultation_id: string
  proposal_id: string
  outcome: ResolutionOutcome
  note: string
}

export interface FollowUpWorkstreamsTable {
  id: Generated<string>
  consultation_id: string
  title: string
  description: string
  partners: string
  involvement: Json<{ group: string; count: number }[]>
  created_by: string | null
  created_at: Timestamp
}

export interface FollowUpActionsTable {
  id: Generated<string>
  consultation_id: string
  workstream_id: string | null
  title: string
  owner: string
  due_on: CalendarDay
  status: ColumnType<FollowUpStatus, FollowUpStatus | undefined, FollowUpStatus>
  evidence: ColumnType<string, string | undefined, string>
  created_by: string | null
  created_at: Timestamp
  done_at: NullableTimestamp
}

export interface FollowUpActionThemesTable {
  action_id: string
  consultation_id: string
  theme_id: string
}

export interface FollowUpActionProposalsTable {
  action_id: string
  consultation_id: string
  proposal_id: string
}

export interface FollowUpProgressTable {
  id: Generated<string>
  action_id: string
  status: FollowUpStatus
  note: string
  evidence: string
  written_by: string | null
  written_by_label: string
  written_at: Timestamp
}

export interface Database {
  settings: SettingsTable
  organisations: OrganisationsTable
  users: UsersTable
  user_roles: UserRolesTable
  staff_links: StaffLinksTable
  sessions: SessionsTable
  rate_limit_hits: RateLimitHitsTable
  consultations: ConsultationsTable
  proposals: ProposalsTable
  questionnaire_versions: QuestionnaireVersionsTable
  responses: ResponsesTable
  audit_log: AuditLogTable
  audit_pending: AuditPendingTable
  evidence_packs: EvidencePacksTable
  evidence_pack_chunks: EvidencePackChunksTable
  consultation_documents: ConsultationDocumentsTable
  consultation_document_files: ConsultationDocumentFilesTable
  consultation_status_changes: ConsultationStatusChangesTable
  events: EventsTable
  respondent_contacts: RespondentContactsTable
  demo_truth: DemoTruthTable
  response_drafts: ResponseDraftsTable
  outbox: OutboxTable
  participation_runs: ParticipationRunsTable
  participation_groups: ParticipationGroupsTable
  participation_group_members: ParticipationGroupMembersTable
  participation_decisions: ParticipationDecisionsTable
  participation_figures: ParticipationFiguresTable
  themes: ThemesTable
  codeframe_versions: CodeframeVersionsTable
  codings: CodingsTable
  coding_themes: CodingThemesTable
  theme_suggestions: ThemeSuggestionsTable
  double_coding_samples: DoubleCodingSamplesTable
  double_coding_items: DoubleCodingItemsTable
  quotes: QuotesTable
  safeguarding_flags: SafeguardingFlagsTable
  import_mappings: ImportMappingsTable
  imports: ImportsTable
  import_file_chunks: ImportFileChunksTable
  import_progress: ImportProgressTable
  event_notes: EventNotesTable
  correspondence: CorrespondenceTable
  correspondence_files: CorrespondenceFilesTable
  coding_runs: CodingRunsTable
  safeguarding_scans: SafeguardingScansTable
  closed_answer_plans: ClosedAnswerPlansTable
  closed_answers: ClosedAnswersTable
  response_tallies: ResponseTalliesTable
  closed_answer_tallies: ClosedAnswerTalliesTable
  comment_tallies: CommentTalliesTable
  coding_tallies: CodingTalliesTable
  event_response_tallies: EventResponseTalliesTable
  reach_tallies: ReachTalliesTable
  response_standings: ResponseStandingsView
  paper_returns: PaperReturnsTable
  paper_keyings: PaperKeyingsTable
  paper_scans: PaperScansTable
  reports: ReportsTable
  report_versions: ReportVersionsTable
  committees: CommitteesTable
  meetings: MeetingsTable
  agenda_items: AgendaItemsTable
  agenda_papers: AgendaPapersTable
  meeting_questions: MeetingQuestionsTable
  resolutions: ResolutionsTable
  committee_actions: CommitteeActionsTable
  governance_corrections: GovernanceCorrectionsTable
  user_totp: UserTotpTable
  user_recovery_codes: UserRecoveryCodesTable
  user_security_keys: UserSecurityKeysTable
  processing_records: ProcessingRecordsTable
  decision_considerations: DecisionConsiderationsTable
  decision_translations: DecisionTranslationsTable
  decision_equality_records: DecisionEqualityRecordsTable
  business_case_versions: BusinessCaseVersionsTable
  decision_records: DecisionRecordsTable
  decision_resolutions: DecisionResolutionsTable
  follow_up_workstreams: FollowUpWorkstreamsTable
  follow_up_actions: FollowUpActionsTable
  follow_up_action_themes: FollowUpActionThemesTable
  follow_up_action_proposals: FollowUpActionProposalsTable
  follow_up_progress: FollowUpProgressTable
}

export type ConsultationRow = Selectable<ConsultationsTable>
export type NewResponse = Insertable<ResponsesTable>
