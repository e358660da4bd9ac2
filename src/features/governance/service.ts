import type { Kysely } from 'kysely'
import { type AuditActor, featureAudit, systemActor } from '../../platform/audit/audit-log.js'
import type { ConsultationRow, Database } from '../../platform/db/schema.js'
import { NotFoundError, ValidationError } from '../../platform/errors.js'
import { isRecordId } from '../../platform/http/schemas.js'
import { t } from '../../platform/i18n/translate.js'
import type { Mailer } from '../../platform/mail/mailer.js'
import type {
  CommitteeDetails,
  Correction,
  ItemDetails,
  MeetingDetails,
  PaperDetails,
  QuestionDetails,
  ResolutionDetails,
} from './forms.js'
import { daysBetween, isHeld, londonDay, nextMeetingStatus, paperNotice } from './notice.js'
import {
  claimActionsToRemind,
  closeAction,
  findAction,
  findCommittee,
  findCommitteeBySlug,
  findConsultationTitle,
  findDocument,
  findItem,
  findMeeting,
  findResolution,
  insertAction,
  insertCommittee,
  insertCorrection,
  insertItem,
  insertMeeting,
  insertPaper,
  insertQuestion,
  insertResolution,
  listAllMeetings,
  listCommitteeActions,
  listCommittees,
  listConsultationActions,
  listConsultationChoices,
  listConsultationItems,
  listCorrections,
  listDocuments,
  listItems,
  listMeetings,
  listOpenActionsDueBefore,
  listPapers,
  listQuestions,
  listResolutionActions,
  listResolutions,
  setMeetingStatus,
  setMinutes,
  setResolutionText,
} from './repository.js'

// Committees and their meetings: agendas with papers and late or urgent items, questions,
// resolutions and the actions they ask for, until a later item closes them. Once a meeting has
// been held its minutes and resolutions change only by a correction that keeps its reason.

export interface GovernanceDeps {
  db: Kysely<Database>
  now: () => Date
  mailer: Mailer
  consultations: { getById(id: string): Promise<ConsultationRow> }
}

/** How far ahead of its due day the reminder for an action is sent. */
export const reminderDaysAhead = 14
const overdueShown = 50
const remindersPerRun = 200

export function createGovernanceService(deps: GovernanceDeps) {
  const { db, now, mailer, consultations } = deps
  const today = () => londonDay(now())

  const audit = featureAudit('governance', now)

  const requireRow = async <T>(
    id: string,
    find: (db: Kysely<Database>, id: string) => Promise<T | undefined>,
  ) => {
    const row = isRecordId(id) ? await find(db, id) : undefined
    if (!row) throw new NotFoundError(`No record ${id}`)
    return row
  }
  const requireCommittee = (id: string) => requireRow(id, findCommittee)
  const requireMeeting = (id: string) => requireRow(id, findMeeting)
  const requireItem = (id: string) => requireRow(id, findItem)

  /** Everything on a set of meetings' agendas, grouped by item. */
  async function agendas(meetingIds: string[]) {
    const items = await listItems(db, meetingIds)
    const itemIds = items.map((i) => i.id)
    const [papers, questions, resolutions] = await Promise.all([
      listPapers(db, itemIds),
      listQuestions(db, itemIds),
      listResolutions(db, itemIds),
    ])
    const actions = await listResolutionActions(
      db,
      resolutions.map((r) => r.id),
    )
    return items.map((item) => ({
      item,
      papers: papers.filter((p) => p.agenda_item_id === item.id),
      questions: questions.filter((q) => q.agenda_item_id === item.id),
      resolutions: resolutions
        .filter((r) => r.agenda_item_id === item.id)
        .map((r) => ({ resolution: r, actions: actions.filter((a) => a.resolution_id === r.id) })),
    }))
  }

  async function meetingRecord(meetingId: string) {
    const meeting = await requireMeeting(meetingId)
    const committee = await requireCommittee(meeting.committee_id)
    const [agenda, corrections] = await Promise.all([agendas([meeting.id]), listCorrections(db, meeting.id)])
    return { committee, meeting, agenda, corrections, today: today() }
  }

  return {
    today,

    async home() {
      const [committees, overdue] = await Promise.all([
        listCommittees(db),
        listOpenActionsDueBefore(db, today(), overdueShown),
      ])
      return { committees, overdue, today: today() }
    },

    async createCommittee(details: CommitteeDetails, actor: AuditActor) {
      if (await findCommitteeBySlug(db, details.slug))
        throw new ValidationError({ name: t('governance.validation.nameTaken') })
      return db.transaction().execute(async (trx) => {
        const id = await insertCommittee(trx, details)
        await audit(trx, actor, 'committee.created', { type: 'committee', id }, { name: details.name })
        return id
      })
    },

    async committee(id: string) {
      const committee = await requireCommittee(id)
      const [meetings, actions] = await Promise.all([
        listMeetings(db, committee.id),
        listCommitteeActions(db, committee.id),
      ])
      return { committee, meetings, actions, today: today(), now: now() }
    },

    async publicCommittee(slug: string) {
      const committee = await findCommitteeBySlug(db, slug)
      if (!committee) throw new NotFoundError(`No committee ${slug}`)
      return this.committee(committee.id)
    },

    listCommittees: () => listCommittees(db),

    async createMeeting(committeeId: string, details: MeetingDetails, actor: AuditActor) {
      const committee = await requireCommittee(committeeId)
      return db.transaction().execute(async (trx) => {
        const id = await insertMeeting(trx, committee.id, details)
        await audit(
          trx,
          actor,
          'meeting.created',
          { type: 'meeting', id },
          { committeeId: committee.id, startsAt: details.startsAt.toISOString(), session: details.session },
        )
        return id
      })
    },

    meeting: meetingRecord,

    /** A meeting as the public may see it: the agenda of a private session is not shown. */
    async publicMeeting(slug: string, meetingId: string) {
      const record = await meetingRecord(meetingId)
      if (record.committee.slug !== slug) throw new NotFoundError(`No meeting ${meetingId} of ${slug}`)
      return record.meeting.session === 'private' ? { ...record, agenda: [] } : record
    },

    async meetingForm(committeeId: string) {
      return { committee: await requireCommittee(committeeId) }
    },

    async itemForm(meetingId: string) {
      const meeting = await requireMeeting(meetingId)
      const [committee, consultationChoices] = await Promise.all([
        requireCommittee(meeting.committee_id),
        listConsultationChoices(db),
      ])
      return { committee, meeting, consultationChoices }
    },

    async setStatus(meetingId: string, status: 'held' | 'minutes_approved', actor: AuditActor) {
      const meeting = await requireMeeting(meetingId)
      if (nextMeetingStatus[meeting.status] !== status)
        throw new ValidationError({ status: t('governance.validation.statusOrder') })
      if (status === 'held' && meeting.starts_at > now())
        throw new ValidationError({ status: t('governance.validation.heldBeforeStart') })
      await db.transaction().execute(async (trx) => {
        await setMeetingStatus(trx, meeting.id, status, now())
        await audit(
          trx,
          actor,
          'meeting.status',
          { type: 'meeting', id: meeting.id },
          { from: meeting.status, status },
        )
      })
    },

    /** The first minutes of a held meeting, or a correction of them with its reason. */
    async recordMinutes(meetingId: string, minutes: Correction, actor: AuditActor) {
      const meeting = await requireMeeting(meetingId)
      if (!isHeld(meeting.status))
        throw new ValidationError({ minutes: t('governance.validation.minutesBeforeHeld') })
      const correcting = meeting.minutes !== ''
      if (correcting && !minutes.reason)
        throw new ValidationError({ minutesReason: t('governance.validation.correctionReasonMissing') })
      await db.transaction().execute(async (trx) => {
        await setMinutes(trx, meeting.id, minutes.text, now())
        if (correcting) {
          const change = {
            meetingId: meeting.id,
            resolutionId: null,
            before: meeting.minutes,
            after: minutes.text,
          }
          await insertCorrection(trx, { ...change, reason: minutes.reason }, actor.userId, now())
        }
        await audit(
          trx,
          actor,
          correcting ? 'minutes.corrected' : 'minutes.recorded',
          { type: 'meeting', id: meeting.id },
          correcting ? { reason: minutes.reason, before: meeting.minutes, after: minutes.text } : {},
        )
      })
      return correcting
    },

    async addItem(meetingId: string, details: ItemDetails, actor: AuditActor) {
      const meeting = await requireMeeting(meetingId)
      if (details.consultationId && !(await findConsultationTitle(db, details.consultationId)))
        throw new ValidationError({ consultationId: t('governance.validation.consultationUnknown') })
      return db.transaction().execute(async (trx) => {
        const id = await insertItem(trx, meeting.id, details)
        await audit(
          trx,
          actor,
          'item.created',
          { type: 'agenda_item', id },
          {
            meetingId: meeting.id,
            title: details.title,
            consultationId: details.consultationId,
            late: details.late,
          },
        )
        return id
      })
    },

    /** An item with its meeting's record, and what the forms on its page offer. */
    async item(itemId: string) {
      const item = await requireItem(itemId)
      const record = await meetingRecord(item.meeting_id)
      const entry = record.agenda.find((a) => a.item.id === item.id)
      if (!entry) throw new NotFoundError(`No item ${itemId}`)
      const [meetings, actions, documents] = await Promise.all([
        listMeetings(db, record.committee.id),
        listCommitteeActions(db, record.committee.id),
        item.consultation_id ? listDocuments(db, item.consultation_id) : Promise.resolve([]),
      ])
      const startsAt = record.meeting.starts_at.getTime()
      return {
        ...record,
        entry,
        documents,
        laterMeetings: meetings.filter((m) => m.starts_at.getTime() > startsAt).reverse(),
        // An item closes what an earlier meeting asked for.
        closable: actions.filter((a) => a.status === 'open' && a.meeting_starts_at.getTime() < startsAt),
        closedHere: actions.filter((a) => a.closed_by_item_id === item.id),
      }
    },

    async addPaper(itemId: string, details: PaperDetails, actor: AuditActor) {
      const item = await requireItem(itemId)
      const meeting = await requireMeeting(item.meeting_id)
      const committee = await requireCommittee(meeting.committee_id)
      let sha256 = details.sha256
      if (details.documentId) {
        const document = await findDocument(db, details.documentId)
        if (!document || document.consultation_id !== item.consultation_id)
          throw new ValidationError({ paperDocumentId: t('governance.validation.documentUnknown') })
        sha256 = document.sha256 ?? sha256
      }
      const notice = paperNotice(details.publishedOn, meeting.starts_at, committee.notice_days)
      if (notice.afterMeeting && !item.late_kind)
        throw new ValidationError({ paperPublishedOn: t('governance.validation.paperAfterMeeting') })
      return db.transaction().execute(async (trx) => {
        const id = await insertPaper(trx, item.id, details, sha256)
        await audit(
          trx,
          actor,
          'paper.added',
          { type: 'agenda_paper', id },
          {
            itemId: item.id,
            title: details.title,
            publishedOn: details.publishedOn,
            sha256,
            late: notice.late,
          },
        )
        return { id, notice }
      })
    },

    async addQuestion(itemId: string, details: QuestionDetails, actor: AuditActor) {
      const item = await requireItem(itemId)
      if (details.liveAnswer && !item.consultation_id)
        throw new ValidationError({ liveAnswer: t('governance.validation.liveAnswerNoConsultation') })
      return db.transaction().execute(async (trx) => {
        const id = await insertQuestion(trx, item.id, details)
        await audit(
          trx,
          actor,
          'question.recorded',
          { type: 'meeting_question', id },
          { itemId: item.id, askedBy: details.askedBy, liveAnswer: details.liveAnswer },
        )
        return id
      })
    },

    async addResolution(itemId: string, details: ResolutionDetails, actor: AuditActor) {
      const item = await requireItem(itemId)
      const meeting = await requireMeeting(item.meeting_id)
      if (!isHeld(meeting.status))
        throw new ValidationError({ resolutionText: t('governance.validation.resolutionBeforeHeld') })
      const { action } = details
      if (action) {
        if (daysBetween(londonDay(meeting.starts_at), action.dueOn) < 0)
          throw new ValidationError({ actionDueOn: t('governance.validation.dueBeforeMeeting') })
        if (action.dueMeetingId) {
          const due = await findMeeting(db, action.dueMeetingId)
          if (!due || due.committee_id !== meeting.committee_id || due.starts_at <= meeting.starts_at)
            throw new ValidationError({ actionDueMeetingId: t('governance.validation.dueMeetingNotLater') })
        }
      }
      return db.transaction().execute(async (trx) => {
        const id = await insertResolution(trx, item.id, details.text)
        await audit(
          trx,
          actor,
          'resolution.recorded',
          { type: 'resolution', id },
          { itemId: item.id, text: details.text },
        )
        if (action) {
          const actionId = await insertAction(trx, id, meeting.committee_id, action)
          await audit(
            trx,
            actor,
            'action.created',
            { type: 'committee_action', id: actionId },
            { resolutionId: id, owner: action.owner, dueOn: action.dueOn, dueMeetingId: action.dueMeetingId },
          )
        }
        return id
      })
    },

    async resolution(resolutionId: string) {
      const resolution = await requireRow(resolutionId, findResolution)
      const record = await meetingRecord(resolution.meeting_id)
      return { ...record, resolution }
    },

    /** A resolution's words change only by a correction with its reason. */
    async correctResolution(resolutionId: string, correction: Correction, actor: AuditActor) {
      const resolution = await requireRow(resolutionId, findResolution)
      if (!correction.reason)
        throw new ValidationError({ reason: t('governance.validation.correctionReasonMissing') })
      await db.transaction().execute(async (trx) => {
        await setResolutionText(trx, resolution.id, correction.text, now())
        await insertCorrection(
          trx,
          {
            meetingId: resolution.meeting_id,
            resolutionId: resolution.id,
            before: resolution.text,
            after: correction.text,
            reason: correction.reason,
          },
          actor.userId,
          now(),
        )
        await audit(
          trx,
          actor,
          'resolution.corrected',
          { type: 'resolution', id: resolution.id },
          { reason: correction.reason, before: resolution.text, after: correction.text },
        )
      })
      return resolution
    },

    /** Closes an action asked for at an earlier meeting of the same committee by this item. */
    async closeAction(itemId: string, actionId: string, actor: AuditActor) {
      const item = await requireItem(itemId)
      const meeting = await requireMeeting(item.meeting_id)
      const action = await findAction(db, actionId)
      if (
        !action ||
        action.committee_id !== meeting.committee_id ||
        action.meeting_starts_at.getTime() >= meeting.starts_at.getTime()
      )
        throw new ValidationError({ actionId: t('governance.validation.actionUnknown') })
      if (action.status !== 'open')
        throw new ValidationError({ actionId: t('governance.validation.actionClosed') })
      await db.transaction().execute(async (trx) => {
        if (!(await closeAction(trx, action.id, item.id, now())))
          throw new ValidationError({ actionId: t('governance.validation.actionClosed') })
        await audit(
          trx,
          actor,
          'action.closed',
          { type: 'committee_action', id: action.id },
          { itemId: item.id },
        )
      })
      return action
    },

    /** The agenda items that took up a consultation, and the actions they led to. */
    async forConsultation(consultationId: string) {
      const consultation = await consultations.getById(consultationId)
      const [items, actions] = await Promise.all([
        listConsultationItems(db, consultation.id),
        listConsultationActions(db, consultation.id),
      ])
      return { consultation, items, actions, today: today() }
    },

    /** Links from a consultation's public page to the public meetings that took it up. */
    async publicItemsFor(consultationId: string) {
      const items = await listConsultationItems(db, consultationId)
      return items.filter((i) => i.session === 'public')
    },

    /** Meetings for the calendar feed: one committee's, or every committee's. */
    async calendar(slug?: string) {
      if (!slug) return { committee: undefined, meetings: await listAllMeetings(db) }
      const committee = await findCommitteeBySlug(db, slug)
      if (!committee) throw new NotFoundError(`No committee ${slug}`)
      const meetings = await listMeetings(db, committee.id)
      return {
        committee,
        meetings: meetings.map((m) => ({
          ...m,
          committee_name: committee.name,
          committee_slug: committee.slug,
        })),
      }
    },

    /**
     * Writes a reminder (mail, or the outbox without SMTP) to each committee's contact for open
     * actions due within `reminderDaysAhead` days, once per action; claimed first so that two
     * workers never remind twice.
     */
    async remindDueActions() {
      const horizon = new Date(`${today()}T00:00:00Z`)
      horizon.setUTCDate(horizon.getUTCDate() + reminderDaysAhead)
      const claimed = await db.transaction().execute(async (trx) => {
        const rows = await claimActionsToRemind(
          trx,
          horizon.toISOString().slice(0, 10),
          now(),
          remindersPerRun,
        )
        for (const row of rows)
          await audit(trx, systemActor, 'action.reminded', { type: 'committee_action', id: row.id }, {})
        return rows
      })
      let sent = 0
      for (const { id } of claimed) {
        const action = await findAction(db, id)
        const committee = action ? await findCommittee(db, action.committee_id) : undefined
        if (!action || !committee) continue
        await mailer.send({
          to: committee.contact_email,
          subject: t('governance.reminder.subject', { committee: committee.name, due: action.due_on }),
          text: t('governance.reminder.body', {
            description: action.description,
            owner: action.owner,
            due: action.due_on,
            item: action.item_title,
          }),
        })
        sent++
      }
      return { reminded: sent }
    },
  }
}

export type GovernanceService = ReturnType<typeof createGovernanceService>
