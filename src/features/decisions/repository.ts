import { type Kysely, sql } from 'kysely'
import type {
  ConsiderationOutcome,
  Database,
  FollowUpStatus,
  ResolutionOutcome,
} from '../../platform/db/schema.js'

// SQL for the decision trail: considerations, equality records, business case versions, decision
// records and their resolutions, and the follow-up workstreams and actions.

type Db = Kysely<Database>

export function listProposals(db: Db, consultationId: string) {
  return db
    .selectFrom('proposals')
    .select(['id', 'position', 'title'])
    .where('consultation_id', '=', consultationId)
    .orderBy('position')
    .execute()
}

/** The consultation's active themes, for choosing; retired and merged ones are not offered. */
export function listThemes(db: Db, consultationId: string) {
  return db
    .selectFrom('themes')
    .select(['id', 'code', 'label', 'consultation_id'])
    .where('consultation_id', '=', consultationId)
    .where('status', '=', 'active')
    .orderBy('code')
    .execute()
}

export function findThemes(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([])
  return db.selectFrom('themes').select(['id', 'label', 'consultation_id']).where('id', 'in', ids).execute()
}

export function listConsiderations(db: Db, consultationId: string) {
  return db
    .selectFrom('decision_considerations as c')
    .innerJoin('themes as t', 't.id', 'c.theme_id')
    .innerJoin('proposals as p', 'p.id', 'c.proposal_id')
    .selectAll('c')
    .select(['t.label as theme_label', 't.code as theme_code', 'p.position as proposal_position'])
    .where('c.consultation_id', '=', consultationId)
    .orderBy('p.position')
    .orderBy('c.theme_count', 'desc')
    .orderBy('t.code')
    .execute()
}

export function findConsideration(db: Db, proposalId: string, themeId: string) {
  return db
    .selectFrom('decision_considerations')
    .selectAll()
    .where('proposal_id', '=', proposalId)
    .where('theme_id', '=', themeId)
    .executeTakeFirst()
}

export async function upsertConsideration(
  db: Db,
  row: {
    consultationId: string
    proposalId: string
    themeId: string
    outcome: ConsiderationOutcome
    response: string
    themeCount: number
    codedComments: number
    groups: { group: string; count: number }[]
    by: { userId: string | null; label: string }
    at: Date
  },
) {
  // A rewritten consideration needs signing off again: what was signed is no longer what it says.
  const values = {
    outcome: row.outcome,
    response: row.response,
    theme_count: row.themeCount,
    coded_comments: row.codedComments,
    groups: JSON.stringify(row.groups),
    written_by: row.by.userId,
    written_by_label: row.by.label,
    written_at: row.at,
    signed_off_by: null,
    signed_off_label: null,
    signed_off_at: null,
  }
  const saved = await db
    .insertInto('decision_considerations')
    .values({
      consultation_id: row.consultationId,
      proposal_id: row.proposalId,
      theme_id: row.themeId,
      ...values,
    })
    .onConflict((oc) => oc.columns(['proposal_id', 'theme_id']).doUpdateSet(values))
    .returning('id')
    .executeTakeFirstOrThrow()
  return saved.id
}

export async function signOff(
  db: Db,
  table: 'decision_considerations' | 'decision_equality_records',
  consultationId: string,
  id: string,
  by: { userId: string | null; label: string },
  at: Date,
) {
  const result = await db
    .updateTable(table)
    .set({ signed_off_by: by.userId, signed_off_label: by.label, signed_off_at: at })
    .where('id', '=', id)
    .where('consultation_id', '=', consultationId)
    .where('signed_off_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export function listEquality(db: Db, consultationId: string) {
  return db
    .selectFrom('decision_equality_records')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .orderBy('basis')
    .orderBy('group_label')
    .execute()
}

export async function upsertEquality(
  db: Db,
  row: {
    consultationId: string
    group: string
    basis: 'under_heard' | 'difference'
    conclusion: string
    action: string
    by: { userId: string | null; label: string }
    at: Date
  },
) {
  const values = {
    conclusion: row.conclusion,
    action: row.action,
    written_by: row.by.userId,
    written_by_label: row.by.label,
    written_at: row.at,
    signed_off_by: null,
    signed_off_label: null,
    signed_off_at: null,
  }
  const saved = await db
    .insertInto('decision_equality_records')
    .values({ consultation_id: row.consultationId, group_label: row.group, basis: row.basis, ...values })
    .onConflict((oc) => oc.columns(['consultation_id', 'group_label', 'basis']).doUpdateSet(values))
    .returning('id')
    .executeTakeFirstOrThrow()
  return saved.id
}

export function listBusinessCaseVersions(db: Db, consultationId: string) {
  return db
    .selectFrom('business_case_versions')
    .select(['id', 'version', 'status', 'introduction', 'content_hash', 'approved_at', 'created_at'])
    .where('consultation_id', '=', consultationId)
    .orderBy('version', 'desc')
    .execute()
}

export function findBusinessCaseDraft(db: Db, consultationId: string) {
  return db
    .selectFrom('business_case_versions')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .where('status', '=', 'draft')
    .executeTakeFirst()
}

export function findApprovedBusinessCase(db: Db, consultationId: string, version?: number) {
  let query = db
    .selectFrom('business_case_versions')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .where('status', '=', 'approved')
  if (version !== undefined) query = query.where('version', '=', version)
  return query.orderBy('version', 'desc').limit(1).executeTakeFirst()
}

export async function insertBusinessCaseDraft(
  db: Db,
  row: { consultationId: string; introduction: string; by: string | null },
) {
  const last = await db
    .selectFrom('business_case_versions')
    .select((eb) => eb.fn.max('version').as('last'))
    .where('consultation_id', '=', row.consultationId)
    .executeTakeFirst()
  const version = Number(last?.last ?? 0) + 1
  await db
    .insertInto('business_case_versions')
    .values({
      consultation_id: row.consultationId,
      version,
      introduction: row.introduction,
      created_by: row.by,
    })
    .execute()
  return version
}

export async function updateBusinessCaseIntroduction(db: Db, consultationId: string, introduction: string) {
  await db
    .updateTable('business_case_versions')
    .set({ introduction })
    .where('consultation_id', '=', consultationId)
    .where('status', '=', 'draft')
    .execute()
}

/** Only a draft is ever changed, so an approved version never is. */
export async function approveBusinessCase(
  db: Db,
  id: string,
  approval: { snapshot: unknown; hash: string; by: string | null; at: Date },
) {
  const result = await db
    .updateTable('business_case_versions')
    .set({
      status: 'approved',
      snapshot: JSON.stringify(approval.snapshot),
      content_hash: approval.hash,
      approved_by: approval.by,
      approved_at: approval.at,
    })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Every record of the consultation's decision, oldest first: the first, then each correction. */
export function listDecisionRecords(db: Db, consultationId: string) {
  return db
    .selectFrom('decision_records as d')
    .leftJoin('meetings as m', 'm.id', 'd.meeting_id')
    .leftJoin('committees as c', 'c.id', 'm.committee_id')
    .selectAll('d')
    .select(sql<string>`d.meeting_on::text`.as('meeting_day'))
    .select(['c.slug as committee_slug', 'm.id as linked_meeting_id'])
    .where('d.consultation_id', '=', consultationId)
    .orderBy('d.recorded_at')
    .execute()
}

export function listResolutions(db: Db, decisionIds: readonly string[]) {
  if (decisionIds.length === 0) return Promise.resolve([])
  return db.selectFrom('decision_resolutions').selectAll().where('decision_id', 'in', decisionIds).execute()
}

export async function insertDecision(
  db: Db,
  row: {
    consultationId: string
    body: string
    meetingId: string | null
    meetingOn: string
    heldInPublic: boolean
    conditions: string
    minutesUrl: string
    papers: unknown
    by: { userId: string | null; label: string }
    at: Date
    supersedes: string | null
    correctionReason: string | null
    resolutions: { proposalId: string; outcome: ResolutionOutcome; note: string }[]
  },
) {
  const saved = await db
    .insertInto('decision_records')
    .values({
      consultation_id: row.consultationId,
      body: row.body,
      meeting_id: row.meetingId,
      meeting_on: row.meetingOn,
      held_in_public: row.heldInPublic,
      conditions: row.conditions,
      minutes_url: row.minutesUrl,
      papers: JSON.stringify(row.papers),
      recorded_by: row.by.userId,
      recorded_by_label: row.by.label,
      recorded_at: row.at,
      supersedes: row.supersedes,
      correction_reason: row.correctionReason,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (row.resolutions.length > 0)
    await db
      .insertInto('decision_resolutions')
      .values(
        row.resolutions.map((r) => ({
          decision_id: saved.id,
          consultation_id: row.consultationId,
          proposal_id: r.proposalId,
          outcome: r.outcome,
          note: r.note,
        })),
      )
      .execute()
  return saved.id
}

/** The governance feature's meetings that took an agenda item about this consultation. */
export function listMeetingsAbout(db: Db, consultationId: string) {
  return db
    .selectFrom('agenda_items as i')
    .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
    .innerJoin('committees as c', 'c.id', 'm.committee_id')
    .select(['m.id', 'm.starts_at', 'm.session', 'm.webcast_url', 'c.name as committee'])
    .where('i.consultation_id', '=', consultationId)
    .distinct()
    .orderBy('m.starts_at')
    .execute()
}

export function findMeetingAbout(db: Db, consultationId: string, meetingId: string) {
  return db
    .selectFrom('agenda_items as i')
    .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
    .innerJoin('committees as c', 'c.id', 'm.committee_id')
    .select(['m.id', 'm.starts_at', 'm.session', 'm.webcast_url', 'c.name as committee'])
    .where('i.consultation_id', '=', consultationId)
    .where('m.id', '=', meetingId)
    .executeTakeFirst()
}

export function listWorkstreams(db: Db, consultationId: string) {
  return db
    .selectFrom('follow_up_workstreams')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .orderBy('created_at')
    .execute()
}

export async function insertWorkstream(
  db: Db,
  row: {
    consultationId: string
    title: string
    description: string
    partners: string
    involvement: { group: string; count: number }[]
    by: string | null
    at: Date
  },
) {
  const saved = await db
    .insertInto('follow_up_workstreams')
    .values({
      consultation_id: row.consultationId,
      title: row.title,
      description: row.description,
      partners: row.partners,
      involvement: JSON.stringify(row.involvement),
      created_by: row.by,
      created_at: row.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return saved.id
}

const actionColumns = [
  'a.id',
  'a.consultation_id',
  'a.workstream_id',
  'a.title',
  'a.owner',
  'a.status',
  'a.evidence',
  'a.created_at',
  'a.done_at',
] as const

export function listActions(db: Db, consultationId: string) {
  return db
    .selectFrom('follow_up_actions as a')
    .select(actionColumns)
    .select(sql<string>`a.due_on::text`.as('due_on'))
    .where('a.consultation_id', '=', consultationId)
    .orderBy('a.due_on')
    .orderBy('a.created_at')
    .execute()
}

export function findAction(db: Db, consultationId: string, id: string) {
  return db
    .selectFrom('follow_up_actions as a')
    .select(actionColumns)
    .select(sql<string>`a.due_on::text`.as('due_on'))
    .where('a.consultation_id', '=', consultationId)
    .where('a.id', '=', id)
    .executeTakeFirst()
}

export function listActionLinks(db: Db, actionIds: readonly string[]) {
  if (actionIds.length === 0) return Promise.resolve({ themes: [], proposals: [] })
  return Promise.all([
    db.selectFrom('follow_up_action_themes').selectAll().where('action_id', 'in', actionIds).execute(),
    db.selectFrom('follow_up_action_proposals').selectAll().where('action_id', 'in', actionIds).execute(),
  ]).then(([themes, proposals]) => ({ themes, proposals }))
}

export function listProgress(db: Db, actionIds: readonly string[]) {
  if (actionIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('follow_up_progress')
    .selectAll()
    .where('action_id', 'in', actionIds)
    .orderBy('written_at')
    .execute()
}

export async function insertAction(
  db: Db,
  row: {
    consultationId: string
    workstreamId: string | null
    title: string
    owner: string
    dueOn: string
    themeIds: readonly string[]
    proposalIds: readonly string[]
    by: string | null
    at: Date
  },
) {
  const saved = await db
    .insertInto('follow_up_actions')
    .values({
      consultation_id: row.consultationId,
      workstream_id: row.workstreamId,
      title: row.title,
      owner: row.owner,
      due_on: row.dueOn,
      created_by: row.by,
      created_at: row.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (row.themeIds.length > 0)
    await db
      .insertInto('follow_up_action_themes')
      .values(
        row.themeIds.map((themeId) => ({
          action_id: saved.id,
          consultation_id: row.consultationId,
          theme_id: themeId,
        })),
      )
      .execute()
  if (row.proposalIds.length > 0)
    await db
      .insertInto('follow_up_action_proposals')
      .values(
        row.proposalIds.map((proposalId) => ({
          action_id: saved.id,
          consultation_id: row.consultationId,
          proposal_id: proposalId,
        })),
      )
      .execute()
  return saved.id
}

export async function recordProgress(
  db: Db,
  row: {
    actionId: string
    status: FollowUpStatus
    note: string
    evidence: string
    by: { userId: string | null; label: string }
    at: Date
  },
) {
  await db
    .insertInto('follow_up_progress')
    .values({
      action_id: row.actionId,
      status: row.status,
      note: row.note,
      evidence: row.evidence,
      written_by: row.by.userId,
      written_by_label: row.by.label,
      written_at: row.at,
    })
    .execute()
  await db
    .updateTable('follow_up_actions')
    .set({
      status: row.status,
      done_at: row.status === 'done' ? row.at : null,
      ...(row.evidence ? { evidence: row.evidence } : {}),
    })
    .where('id', '=', row.actionId)
    .execute()
}

/** Open actions past their due day, across consultations, for the weekly digest. */
export function listOverdueActions(db: Db, today: string, limit: number) {
  return db
    .selectFrom('follow_up_actions as a')
    .innerJoin('consultations as c', 'c.id', 'a.consultation_id')
    .select(['a.id', 'a.title', 'a.owner', 'a.consultation_id', 'c.title as consultation_title'])
    .select(sql<string>`a.due_on::text`.as('due_on'))
    .where('a.status', '<>', 'done')
    .where('a.due_on', '<', today)
    .orderBy('a.due_on')
    .limit(limit)
    .execute()
}

/** Who receives the digest: active administrators and consultation managers. */
export function listDigestRecipients(db: Db) {
  return db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select('u.email')
    .where('r.role', 'in', ['administrator', 'consultation_manager'])
    .where('u.disabled_at', 'is', null)
    .distinct()
    .orderBy('u.email')
    .execute()
}

export function findConsultationBySlug(db: Db, slug: string) {
  return db
    .selectFrom('consultations')
    .select(['id', 'title', 'slug', 'status'])
    .where('slug', '=', slug)
    .executeTakeFirst()
}
