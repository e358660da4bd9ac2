import type { Kysely } from 'kysely'
import type { ConsultationRow, Database } from '../../../platform/db/schema.js'
import { t } from '../../../platform/i18n/translate.js'
import { formatLondonDate, formatLondonDateTime } from '../../../platform/time/london.js'
import { openPeriods, weeksAndDays } from '../../consultations/index.js'
import {
  type EvidenceFound,
  type EvidenceGap,
  type EvidenceRecord,
  type EvidenceSource,
  notYetKept,
  type PrincipleId,
} from './principles.js'
import {
  channelWindows,
  lateAndGrace,
  listDocuments,
  listEvents,
  listPartners,
  listProposalTitles,
  listQuestionnaireVersions,
  listStatusChanges,
} from './repository.js'

// The sources of evidence Heard has today, and placeholders for the records other features will
// keep. Each reads only its own records and words what it finds through the locale file.

/** Reach against the population, as the participation feature measures it, by the shape the pack needs. */
export type ReadReach = (consultationId: string) => Promise<
  | { available: false }
  | {
      available: true
      tables: { title: string; rows: { label: string; underHeard: boolean }[] }[]
      sources: string[]
    }
>

/** A source given the consultation it is about, which every built-in source needs. */
type ConsultationSource = (consultation: ConsultationRow) => Promise<EvidenceFound>

const number = (n: number) => n.toLocaleString('en-GB')
const accessibleKinds = new Set(['easy_read', 'large_print', 'translation', 'audio', 'video', 'bsl'])

function collector(id: string) {
  const records: EvidenceRecord[] = []
  const gaps: EvidenceGap[] = []
  return {
    record(principle: PrincipleId, date: Date | null, title: string, detail = '') {
      records.push({ principle, date, title, detail, source: id })
    },
    gap(principle: PrincipleId, text: string) {
      gaps.push({ principle, text, source: id })
    },
    found: (): EvidenceFound => ({ records, gaps }),
  }
}

/** Gunning 3 and the principles' "proportionate time": the lifecycle, the deadlines and late decisions. */
function lifecycle(db: Kysely<Database>): ConsultationSource {
  return async (c) => {
    const found = collector('lifecycle')
    const history = await listStatusChanges(db, c.id)
    for (const step of history) {
      found.record(
        'gunning-3',
        step.changed_at,
        t('evidence.records.statusChange', {
          from: step.from_status
            ? t(`consultations.status.${step.from_status}`)
            : t('evidence.records.created'),
          to: t(`consultations.status.${step.to_status}`),
        }),
        t('evidence.records.by', { who: step.actor_label }),
      )
    }
    const periods = openPeriods(history)
    for (const period of periods) {
      const to = period.to
      const length = to ? weeksAndDays(period.from, to) : undefined
      const title = length
        ? t(length.days === 0 ? 'evidence.records.openForWeeks' : 'evidence.records.openFor', length)
        : t('evidence.records.openSince')
      const detail = t('evidence.records.fromTo', {
        from: formatLondonDateTime(period.from),
        to: to ? formatLondonDateTime(to) : t('evidence.records.stillOpen'),
      })
      found.record('gunning-3', period.from, title, detail)
      found.record('consultation-principles', period.from, title, detail)
    }
    if (periods.length === 0) found.gap('gunning-3', t('evidence.gaps.neverOpened'))
    found.record(
      'gunning-3',
      c.opens_at,
      t('evidence.records.advertisedOpen'),
      formatLondonDateTime(c.opens_at),
    )
    found.record(
      'gunning-3',
      c.closes_at,
      t('evidence.records.advertisedClose'),
      formatLondonDateTime(c.closes_at),
    )
    if (c.postal_deadline_at)
      found.record(
        'gunning-3',
        c.postal_deadline_at,
        t('evidence.records.postalDeadline'),
        formatLondonDateTime(c.postal_deadline_at),
      )
    const { late, graceAdmissions } = await lateAndGrace(db, c.id)
    if (graceAdmissions > 0)
      found.record('gunning-3', c.closes_at, t('evidence.records.grace', { n: number(graceAdmissions) }))
    const decided = late.filter((r) => r.late_decision)
    const admitted = decided.filter((r) => r.late_decision === 'admitted').length
    if (late.length > 0)
      found.record(
        'gunning-3',
        decided.at(-1)?.late_decided_at ?? null,
        t('evidence.records.lateReturns', {
          n: number(late.length),
          admitted: number(admitted),
          refused: number(decided.length - admitted),
        }),
        t('evidence.records.lateReturnsDetail'),
      )
    const undecided = late.length - decided.length
    if (undecided > 0) found.gap('gunning-3', t('evidence.gaps.lateUndecided', { n: number(undecided) }))
    return found.found()
  }
}

/** Gunning 1: the proposals and the questionnaire as published, with the dates they went out. */
function launch(db: Kysely<Database>): ConsultationSource {
  return async (c) => {
    const found = collector('launch')
    const [proposals, versions, history] = await Promise.all([
      listProposalTitles(db, c.id),
      listQuestionnaireVersions(db, c.id),
      listStatusChanges(db, c.id),
    ])
    const opened = openPeriods(history)[0]?.from ?? null
    for (const p of proposals)
      found.record(
        'gunning-1',
        opened,
        t('evidence.records.proposal', { n: p.position, title: p.title }),
        p.summary,
      )
    if (proposals.length === 0) found.gap('gunning-1', t('evidence.gaps.noProposals'))
    for (const v of versions.filter((v) => v.published_at)) {
      found.record(
        'gunning-1',
        v.published_at,
        t('evidence.records.questionnaire', { version: v.version }),
        v.wording_revision > 0 ? t('evidence.records.wordingFixes', { n: v.wording_revision }) : '',
      )
    }
    const first = versions.find((v) => v.published_at)
    if (!first?.published_at) found.gap('gunning-1', t('evidence.gaps.noQuestionnaire'))
    else if (opened && first.published_at > opened)
      found.gap('gunning-1', t('evidence.gaps.questionnaireAfterOpening'))
    found.gap('gunning-1', t('evidence.gaps.noOptionsAppraisal'))
    return found.found()
  }
}

/** Gunning 2: the documents, their accessible versions and when each was published. */
function documents(db: Kysely<Database>): ConsultationSource {
  return async (c) => {
    const found = collector('documents')
    const [docs, history] = await Promise.all([listDocuments(db, c.id), listStatusChanges(db, c.id)])
    const opened = openPeriods(history)[0]?.from
    for (const d of docs) {
      const detail = [
        t(`consultationSetup.documentKinds.${d.kind}`),
        d.language,
        d.sha256 ? `SHA-256 ${d.sha256}` : (d.url ?? ''),
      ]
        .filter(Boolean)
        .join(', ')
      found.record('gunning-2', d.created_at, d.title, detail)
      if (accessibleKinds.has(d.kind)) found.record('consultation-principles', d.created_at, d.title, detail)
    }
    if (docs.length === 0) found.gap('gunning-2', t('evidence.gaps.noDocuments'))
    if (!docs.some((d) => d.kind === 'easy_read')) found.gap('gunning-2', t('evidence.gaps.noEasyRead'))
    if (!docs.some((d) => accessibleKinds.has(d.kind)))
      found.gap('consultation-principles', t('evidence.gaps.noAccessibleVersions'))
    const late = opened ? docs.filter((d) => d.created_at > opened) : []
    if (late.length > 0)
      found.gap(
        'gunning-2',
        t('evidence.gaps.documentsAfterOpening', { titles: late.map((d) => d.title).join('; ') }),
      )
    return found.found()
  }
}

/** Who was reached and how: each channel's window, the events and the partner organisations. */
function reachingPeople(db: Kysely<Database>): ConsultationSource {
  return async (c) => {
    const found = collector('channels')
    const [windows, events, partners] = await Promise.all([
      channelWindows(db, c.id),
      listEvents(db, c.id),
      listPartners(db, c.id),
    ])
    for (const w of windows) {
      const title = t('evidence.records.channel', {
        channel: t(`responses.channels.${w.channel}`),
        n: number(Number(w.n)),
      })
      const detail = t('evidence.records.fromTo', {
        from: formatLondonDate(new Date(w.first)),
        to: formatLondonDate(new Date(w.last)),
      })
      found.record('gunning-3', new Date(w.first), title, detail)
      found.record('duty-to-involve', new Date(w.first), title, detail)
    }
    if (windows.length === 0) found.gap('duty-to-involve', t('evidence.gaps.noResponses'))
    for (const e of events) {
      const detail = [
        e.place,
        e.organisation,
        e.audience,
        e.attendees === null ? '' : t('evidence.records.attendees', { n: number(e.attendees) }),
      ]
        .filter(Boolean)
        .join(', ')
      found.record('duty-to-involve', e.held_at, e.title, detail)
      found.record('consultation-principles', e.held_at, e.title, detail)
    }
    for (const p of partners)
      found.record(
        'duty-to-involve',
        new Date(p.first),
        t('evidence.records.partner', { name: p.name, n: number(Number(p.n)) }),
      )
    return found.found()
  }
}

/** The public sector equality duty: reach against the population, where it can be measured. */
function equality(readReach: ReadReach): ConsultationSource {
  return async (c) => {
    const found = collector('reach')
    const reach = await readReach(c.id)
    if (!reach.available) {
      found.gap('equality-duty', t('evidence.gaps.noReach'))
      return found.found()
    }
    for (const table of reach.tables) {
      const under = table.rows.filter((r) => r.underHeard).map((r) => r.label)
      found.record(
        'equality-duty',
        null,
        t('evidence.records.reach', { title: table.title }),
        under.length > 0
          ? t('evidence.records.underHeard', { groups: under.join(', ') })
          : t('evidence.records.noneUnderHeard'),
      )
    }
    found.record('equality-duty', null, t('evidence.records.population'), reach.sources.join('; '))
    return found.found()
  }
}

/** Every source of evidence, in the order the pack lists them. */
export function evidenceSources(deps: {
  db: Kysely<Database>
  readReach: ReadReach
  consultation: ConsultationRow
  /** Sources other features keep, which replace the placeholder of the same id. */
  kept?: readonly EvidenceSource[]
}): EvidenceSource[] {
  const { db, readReach, consultation } = deps
  const kept = new Map((deps.kept ?? []).map((source) => [source.id, source]))
  const about = (id: string, source: ConsultationSource): EvidenceSource => ({
    id,
    collect: () => source(consultation),
  })
  const sources = [
    about('launch', launch(db)),
    about('documents', documents(db)),
    about('lifecycle', lifecycle(db)),
    about('channels', reachingPeople(db)),
    about('reach', equality(readReach)),
    notYetKept('report-of-findings', ['gunning-4', 'consultation-principles'], t('evidence.gaps.noReport')),
    notYetKept('consideration', ['gunning-4'], t('evidence.gaps.noConsideration')),
    notYetKept('decision', ['gunning-4', 'duty-to-involve'], t('evidence.gaps.noDecision')),
    notYetKept(
      'business-case',
      ['gunning-4', 'duty-to-involve', 'equality-duty'],
      t('evidence.gaps.noBusinessCase'),
    ),
    notYetKept('committee-meetings', ['health-scrutiny'], t('evidence.gaps.noCommittee')),
  ]
  return sources.map((source) => kept.get(source.id) ?? source)
}
