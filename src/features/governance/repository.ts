import { type Kysely, sql } from 'kysely'
import type { Database } from '../../platform/db/schema.js'
import type {
  ActionDetails,
  CommitteeDetails,
  ItemDetails,
  MeetingDetails,
  PaperDetails,
  QuestionDetails,
} from './forms.js'

// SQL for committees, meetings, agendas and what follows from them. Calendar days are selected as
// text so that every driver gives "YYYY-MM-DD".

type Db = Kysely<Database>

export function insertCommittee(db: Db, c: CommitteeDetails) {
  return db
    .insertInto('committees')
    .values({
      slug: c.slug,
      name: c.name,
      kind: c.kind,
      organisation: c.organisation,
      notice_days: c.noticeDays,
      contact_email: c.contactEmail,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
    .then((r) => r.id)
}

export const findCommittee = (db: Db, id: string) =>
  db.selectFrom('committees').selectAll().where('id', '=', id).executeTakeFirst()

export const findCommitteeBySlug = (db: Db, slug: string) =>
  db.selectFrom('committees').selectAll().where('slug', '=', slug).executeTakeFirst()

export const listCommittees = (db: Db) => db.selectFrom('committees').selectAll().orderBy('name').execute()

export function insertMeeting(db: Db, committeeId: string, m: MeetingDetails) {
  return db
    .insertInto('meetings')
    .values({
      committee_id: committeeId,
      starts_at: m.startsAt,
      place: m.place,
      online: m.online,
      session: m.session,
      webcast_url: m.webcastUrl,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
    .then((r) => r.id)
}

export const findMeeting = (db: Db, id: string) =>
  db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst()

/** A committee's meetings, newest first (a committee meets a few times a year). */
export const listMeetings = (db: Db, committeeId: string) =>
  db
    .selectFrom('meetings')
    .selectAll()
    .where('committee_id', '=', committeeId)
    .orderBy('starts_at', 'desc')
    .execute()

/** Meetings of every committee, for the calendar feed of all of them. */
export const listAllMeetings = (db: Db) =>
  db
    .selectFrom('meetings as m')
    .innerJoin('committees as c', 'c.id', 'm.committee_id')
    .selectAll('m')
    .select(['c.name as committee_name', 'c.slug as committee_slug'])
    .orderBy('m.starts_at')
    .execute()

export const setMeetingStatus = (db: Db, id: string, status: 'held' | 'minutes_approved', at: Date) =>
  db.updateTable('meetings').set({ status, updated_at: at }).where('id', '=', id).execute()

export const setMinutes = (db: Db, id: string, minutes: string, at: Date) =>
  db.updateTable('meetings').set({ minutes, updated_at: at }).where('id', '=', id).execute()

export async function insertItem(db: Db, meetingId: string, item: ItemDetails) {
  // The meeting row is locked so that two items added at once do not take the same place.
  await db.selectFrom('meetings').select('id').where('id', '=', meetingId).forUpdate().execute()
  const last = await db
    .selectFrom('agenda_items')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst()
  const row = await db
    .insertInto('agenda_items')
    .values({
      meeting_id: meetingId,
      position: Number(last?.position ?? 0) + 1,
      title: item.title,
      summary: item.summary,
      consultation_id: item.consultationId,
      late_kind: item.late?.kind ?? null,
      late_rule: item.late?.rule ?? '',
      late_reason: item.late?.reason ?? '',
      late_accepted_by: item.late?.acceptedBy ?? '',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

const itemWithConsultation = (db: Db) =>
  db
    .selectFrom('agenda_items as i')
    .leftJoin('consultations as c', 'c.id', 'i.consultation_id')
    .selectAll('i')
    .select(['c.title as consultation_title', 'c.slug as consultation_slug'])

export const findItem = (db: Db, id: string) =>
  itemWithConsultation(db).where('i.id', '=', id).executeTakeFirst()

export const listItems = (db: Db, meetingIds: readonly string[]) =>
  meetingIds.length === 0
    ? Promise.resolve([])
    : itemWithConsultation(db).where('i.meeting_id', 'in', meetingIds).orderBy('i.position').execute()

export function insertPaper(db: Db, itemId: string, p: PaperDetails, sha256: string | null) {
  return db
    .insertInto('agenda_papers')
    .values({
      agenda_item_id: itemId,
      kind: p.kind,
      title: p.title,
      document_id: p.documentId,
      url: p.url,
      sha256,
      published_on: p.publishedOn,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
    .then((r) => r.id)
}

export const listPapers = (db: Db, itemIds: readonly string[]) =>
  itemIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('agenda_papers as p')
        .leftJoin('consultation_documents as d', 'd.id', 'p.document_id')
        .leftJoin('consultations as c', 'c.id', 'd.consultation_id')
        .select([
          'p.id',
          'p.agenda_item_id',
          'p.kind',
          'p.title',
          'p.document_id',
          'p.url',
          'p.sha256',
          sql<string>`p.published_on::text`.as('published_on'),
          'c.slug as consultation_slug',
        ])
        .where('p.agenda_item_id', 'in', itemIds)
        .orderBy('p.published_on')
        .orderBy('p.created_at')
        .execute()

/** A consultation's document, for citing it as a paper with the hash of the file it holds now. */
export const findDocument = (db: Db, id: string) =>
  db
    .selectFrom('consultation_documents')
    .select(['id', 'consultation_id', 'title', 'sha256', 'url'])
    .where('id', '=', id)
    .executeTakeFirst()

export const listDocuments = (db: Db, consultationId: string) =>
  db
    .selectFrom('consultation_documents')
    .select(['id', 'title'])
    .where('consultation_id', '=', consultationId)
    .orderBy('position')
    .execute()

export function insertQuestion(db: Db, itemId: string, q: QuestionDetails) {
  return db
    .insertInto('meeting_questions')
    .values({
      agenda_item_id: itemId,
      asked_by: q.askedBy,
      question: q.question,
      answer: q.answer,
      live_answer: q.liveAnswer,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
    .then((r) => r.id)
}

export const listQuestions = (db: Db, itemIds: readonly string[]) =>
  itemIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('meeting_questions')
        .selectAll()
        .where('agenda_item_id', 'in', itemIds)
        .orderBy('created_at')
        .execute()

export const insertResolution = (db: Db, itemId: string, text: string) =>
  db
    .insertInto('resolutions')
    .values({ agenda_item_id: itemId, text })
    .returning('id')
    .executeTakeFirstOrThrow()
    .then((r) => r.id)

export const findResolution = (db: Db, id: string) =>
  db
    .selectFrom('resolutions as r')
    .innerJoin('agenda_items as i', 'i.id', 'r.agenda_item_id')
    .selectAll('r')
    .select('i.meeting_id')
    .where('r.id', '=', id)
    .executeTakeFirst()

export const setResolutionText = (db: Db, id: string, text: string, at: Date) =>
  db.updateTable('resolutions').set({ text, updated_at: at }).where('id', '=', id).execute()

export const listResolutions = (db: Db, itemIds: readonly string[]) =>
  itemIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('resolutions')
        .selectAll()
        .where('agenda_item_id', 'in', itemIds)
        .orderBy('created_at')
        .execute()

export function insertAction(db: Db, resolutionId: string, committeeId: string, a: ActionDetails) {
  return db
    .insertInto('committee_actions')
    .values({
      resolution_id: resolutionId,
      committee_id: committeeId,
      description: a.description,
      owner: a.owner,
      due_on: a.dueOn,
      due_meeting_id: a.dueMeetingId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
    .then((r) => r.id)
}

/** Actions with where they were asked for, where they are due and what closed them. */
const actionsWithContext = (db: Db) =>
  db
    .selectFrom('committee_actions as a')
    .innerJoin('resolutions as r', 'r.id', 'a.resolution_id')
    .innerJoin('agenda_items as i', 'i.id', 'r.agenda_item_id')
    .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
    .innerJoin('committees as c', 'c.id', 'a.committee_id')
    .leftJoin('meetings as due', 'due.id', 'a.due_meeting_id')
    .leftJoin('agenda_items as ci', 'ci.id', 'a.closed_by_item_id')
    .leftJoin('meetings as cm', 'cm.id', 'ci.meeting_id')
    .select([
      'a.id',
      'a.resolution_id',
      'a.committee_id',
      'a.description',
      'a.owner',
      sql<string>`a.due_on::text`.as('due_on'),
      'a.due_meeting_id',
      'a.status',
      'a.closed_by_item_id',
      'a.closed_at',
      'a.reminded_at',
      'i.id as item_id',
      'i.title as item_title',
      'i.consultation_id',
      'm.id as meeting_id',
      'm.starts_at as meeting_starts_at',
      'c.name as committee_name',
      'c.slug as committee_slug',
      'due.starts_at as due_meeting_starts_at',
      'ci.title as closed_by_item_title',
      'cm.id as closed_by_meeting_id',
      'cm.starts_at as closed_by_meeting_starts_at',
    ])

export const findAction = (db: Db, id: string) =>
  actionsWithContext(db).where('a.id', '=', id).executeTakeFirst()

export const listCommitteeActions = (db: Db, committeeId: string) =>
  actionsWithContext(db).where('a.committee_id', '=', committeeId).orderBy('a.due_on').execute()

export const listConsultationActions = (db: Db, consultationId: string) =>
  actionsWithContext(db).where('i.consultation_id', '=', consultationId).orderBy('a.due_on').execute()

export const listResolutionActions = (db: Db, resolutionIds: readonly string[]) =>
  resolutionIds.length === 0
    ? Promise.resolve([])
    : actionsWithContext(db).where('a.resolution_id', 'in', resolutionIds).orderBy('a.due_on').execute()

/** Open actions due before `day` (overdue when `day` is today), by due date, from the partial index. */
export const listOpenActionsDueBefore = (db: Db, day: string, limit: number) =>
  actionsWithContext(db)
    .where('a.status', '=', 'open')
    .where('a.due_on', '<', day)
    .orderBy('a.due_on')
    .limit(limit)
    .execute()

export const closeAction = (db: Db, id: string, itemId: string, at: Date) =>
  db
    .updateTable('committee_actions')
    .set({ status: 'closed', closed_by_item_id: itemId, closed_at: at })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .returning('id')
    .executeTakeFirst()

/** Open actions due up to `day` not yet reminded, each claimed so that only one worker reminds. */
export function claimActionsToRemind(db: Db, day: string, at: Date, limit: number) {
  return db
    .updateTable('committee_actions')
    .set({ reminded_at: at })
    .where(
      'id',
      'in',
      db
        .selectFrom('committee_actions')
        .select('id')
        .where('status', '=', 'open')
        .where('reminded_at', 'is', null)
        .where('due_on', '<=', day)
        .orderBy('due_on')
        .limit(limit),
    )
    .where('reminded_at', 'is', null)
    .returning('id')
    .execute()
}

export const listConsultationItems = (db: Db, consultationId: string) =>
  db
    .selectFrom('agenda_items as i')
    .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
    .innerJoin('committees as c', 'c.id', 'm.committee_id')
    .select([
      'i.id',
      'i.title',
      'i.late_kind',
      'm.id as meeting_id',
      'm.starts_at',
      'm.session',
      'm.status',
      'c.name as committee_name',
      'c.slug as committee_slug',
      'c.kind as committee_kind',
    ])
    .where('i.consultation_id', '=', consultationId)
    .orderBy('m.starts_at')
    .execute()

export function insertCorrection(
  db: Db,
  c: { meetingId: string; resolutionId: string | null; before: string; after: string; reason: string },
  by: string | null,
  at: Date,
) {
  return db
    .insertInto('governance_corrections')
    .values({
      meeting_id: c.meetingId,
      resolution_id: c.resolutionId,
      before: c.before,
      after: c.after,
      reason: c.reason,
      corrected_by: by,
      corrected_at: at,
    })
    .execute()
}

export const listCorrections = (db: Db, meetingId: string) =>
  db
    .selectFrom('governance_corrections')
    .select(['id', 'resolution_id', 'reason', 'corrected_at'])
    .where('meeting_id', '=', meetingId)
    .orderBy('corrected_at')
    .execute()

export const listConsultationChoices = (db: Db) =>
  db.selectFrom('consultations').select(['id', 'title']).orderBy('title').execute()

export const findConsultationTitle = (db: Db, id: string) =>
  db.selectFrom('consultations').select(['id', 'title', 'slug']).where('id', '=', id).executeTakeFirst()
