import { type Kysely, sql } from 'kysely'
import type { ConsultationService, ConsultationSetupService } from '../features/consultations/index.js'
import type { GovernanceService } from '../features/governance/index.js'
import type { ResponseService } from '../features/responses/index.js'
import { recordAudit, systemActor } from '../platform/audit/audit-log.js'
import { generatePassword } from '../platform/auth/passwords.js'
import type { UserService } from '../platform/auth/service.js'
import type { CopyRows, CopyValue } from '../platform/db/bulk-copy.js'
import type { Database, DocumentKind } from '../platform/db/schema.js'
import { NotFoundError } from '../platform/errors.js'
import { londonToUtc, londonWallClock } from '../platform/time/london.js'
import { agreementScale, dontKnow } from '../questionnaire/definition.js'
import { themeBank } from './generator/comment-bank.js'
import { demoEvents, demoPartners, generateResponses } from './generator/generate.js'
import type { GeneratedResponse } from './generator/types.js'
import { loadGovernanceDemo } from './governance-cases.js'
import {
  openDemoComments,
  openDemoConsultation,
  openDemoDocuments,
  openDemoEvents,
  openDemoPublicDetails,
  openDemoQuestionnaire,
  openDemoSlug,
} from './open-consultation.js'
import { placeholderPdf } from './placeholder-pdf.js'
import { namespaceOf, orderedUuid, pick, seededRandom, seededUuid, weightedPick } from './random.js'
import {
  demoConsultation,
  referenceDocuments,
  referencePublicDetails,
  referenceSlug,
} from './reference-consultation.js'
import {
  loadReferenceTrail,
  moveReferenceToReporting,
  type Replay,
  referenceDates,
} from './reference-decision.js'
import {
  defaultDemoResponses,
  referenceHistory,
  referenceQuestionnaire,
  referenceTimeline,
} from './reference-questionnaire.js'
import { publishReferenceReport } from './reference-report.js'
import {
  backdateDocuments,
  codeFromTruth,
  ensurePartners,
  insertEvents,
  listTruthPage,
} from './repository.js'

const dayMs = 24 * 60 * 60 * 1000
const demoUploadLimitBytes = 1024 * 1024

/** The given hour, UK time, on the UK day of an instant. */
function atLondonHour(day: Date, hour: number): Date {
  const { date } = londonWallClock(day)
  return londonToUtc(date, `${String(hour).padStart(2, '0')}:00`) ?? day
}
const batchSize = 5000
const yieldEvery = 500

export type BulkCopy = <T>(work: (copy: CopyRows) => Promise<T>) => Promise<T>

export interface DemoOptions {
  responses: number
  seed: number
  onProgress?: (done: number, total: number) => void
}

export const demoAdministratorEmail = 'admin@heard.localhost'
export const demoCollectorEmail = 'collector@heard.localhost'
/** Two, so that double entry of paper can be tried: the same person may not key both copies. */
export const demoDataEntryEmails = ['keyer1@heard.localhost', 'keyer2@heard.localhost']

const responseColumns = [
  'id',
  'consultation_id',
  'questionnaire_version_id',
  'reference',
  'submission_key',
  'channel',
  'answers',
  'partner_organisation_id',
  'event_id',
  'responding_for',
  'late',
  'started_at',
  'submitted_at',
  'received_at',
] as const
const contactColumns = ['response_id', 'name', 'email', 'phone', 'postcode', 'consent_to_contact'] as const
const truthColumns = [
  'response_id',
  'person_id',
  'duplicate_kind',
  'duplicate_of',
  'campaign',
  'profile',
  'comments',
] as const

interface RowContext {
  /** Where this load's response ids are drawn from: fixed by the seed. */
  ids: number
  consultationId: string
  versionId: string
  partnerIds: Map<string, string>
  eventIds: Map<string, string>
}

/** The database rows for one generated response, in the column orders above. */
function toRows(r: GeneratedResponse, c: RowContext) {
  const id = orderedUuid(c.ids, r.index)
  const response: CopyValue[] = [
    id,
    c.consultationId,
    c.versionId,
    r.reference,
    r.submissionKey,
    r.channel,
    JSON.stringify(r.answers),
    r.partner ? (c.partnerIds.get(r.partner) ?? null) : null,
    r.event ? (c.eventIds.get(r.event) ?? null) : null,
    r.respondingFor,
    r.late,
    r.startedAt,
    r.submittedAt,
    r.receivedAt,
  ]
  const contact: CopyValue[] | undefined = r.contact
    ? [id, r.contact.name, r.contact.email, r.contact.phone, r.contact.postcode, r.contact.consentToContact]
    : undefined
  const truth: CopyValue[] = [
    id,
    r.truth.personId,
    r.truth.duplicate?.kind ?? null,
    r.truth.duplicate ? orderedUuid(c.ids, r.truth.duplicate.of) : null,
    r.truth.campaign,
    JSON.stringify(r.truth.profile),
    JSON.stringify(r.truth.comments),
  ]
  return { response, contact, truth }
}

export function createDemoService(deps: {
  db: Kysely<Database>
  now: () => Date
  bulkCopy: BulkCopy
  consultations: ConsultationService
  consultationSetup: ConsultationSetupService
  responses: ResponseService
  users: UserService
  /** Publishes the reference case's report once its responses are loaded. */
  reports?: Parameters<typeof publishReferenceReport>[0]
  governance: GovernanceService
  /** Services on a clock set to a past moment, to replay the reference case's decision trail on its dates. */
  replay?: Replay
  /**
   * Checks a consultation for duplicates and stores its figures, as the background job does, so a
   * first start opens on "Who we heard from" with figures rather than an empty page.
   */
  detectDuplicates?: (consultationId: string) => Promise<unknown>
}) {
  const { db, now, bulkCopy, consultations, consultationSetup, responses, users } = deps

  /** Adds each document: a link where it has one, otherwise a small PDF standing in for the real file. */
  async function addDocuments(
    consultationId: string,
    title: string,
    documents: readonly { kind: DocumentKind; language: string; title: string; url?: string }[],
  ) {
    for (const d of documents) {
      const file = d.url
        ? null
        : {
            fileName: `${d.kind}.pdf`,
            data: placeholderPdf([d.title, title, 'A placeholder document in the Heard demo.']),
            truncated: false,
          }
      await consultationSetup.addDocument(
        consultationId,
        { kind: d.kind, language: d.language, title: d.title, url: d.url ?? null, file },
        demoUploadLimitBytes,
        systemActor,
      )
    }
  }

  /**
   * The reference case as it stood after its close: 12 weeks online in 2021, Freepost returns,
   * partners and events, and synthetic responses whose truth (duplicates, campaign, themes) is stored.
   */
  async function loadReferenceCase(
    options: DemoOptions,
  ): Promise<{ consultationId: string; responses: number }> {
    const consultationId = await consultations.createPublished(
      {
        ...demoConsultation,
        status: 'analysing',
        ...referenceTimeline,
        history: referenceHistory,
        publishedAt: referenceHistory[1]?.at,
        questionnaire: referenceQuestionnaire,
        publicDetails: referencePublicDetails,
      },
      systemActor,
    )
    const questionnaire = await consultations.getLatestQuestionnaire(consultationId)
    await addDocuments(consultationId, demoConsultation.title, referenceDocuments)
    // Published with the questionnaire, a week before opening, as they were in 2021.
    await backdateDocuments(db, consultationId, referenceHistory[1]?.at ?? referenceTimeline.opensAt)
    const partnerIds = await ensurePartners(db, demoPartners)
    const eventIds = await insertEvents(db, consultationId, demoEvents(referenceTimeline), partnerIds)
    const context: RowContext = {
      ids: namespaceOf(`response:${options.seed}`),
      consultationId,
      versionId: questionnaire.id,
      partnerIds,
      eventIds,
    }

    // One transaction: the responses are all there, or none are. While the database takes one
    // batch, the next is generated, yielding now and then so the batch in flight keeps moving.
    await bulkCopy(async (copy) => {
      type Rows = ReturnType<typeof toRows>[]
      let done = 0
      const store = async (rows: Rows) => {
        await copy(
          'responses',
          responseColumns,
          rows.map((b) => b.response),
        )
        await copy(
          'respondent_contacts',
          contactColumns,
          rows.flatMap((b) => (b.contact ? [b.contact] : [])),
        )
        await copy(
          'demo_truth',
          truthColumns,
          rows.map((b) => b.truth),
        )
        done += rows.length
        options.onProgress?.(done, options.responses)
      }
      let inFlight: Promise<void> = Promise.resolve()
      let batch: Rows = []
      const generated = generateResponses({
        seed: options.seed,
        count: options.responses,
        timeline: referenceTimeline,
      })
      for (const response of generated) {
        batch.push(toRows(response, context))
        if (batch.length % yieldEvery === 0) await new Promise((resolve) => setImmediate(resolve))
        if (batch.length === batchSize) {
          await inFlight
          inFlight = store(batch)
          batch = []
        }
      }
      await inFlight
      if (batch.length > 0 || done === 0) await store(batch)
    })
    await db.transaction().execute((trx) =>
      recordAudit(trx, {
        actor: systemActor,
        action: 'demo.loaded',
        entityType: 'consultation',
        entityId: consultationId,
        details: { responses: options.responses, seed: options.seed },
      }),
    )
    return { consultationId, responses: options.responses }
  }

  /** The analysts' finished coding: the theme bank as the codeframe, every comment coded with its gold themes. */
  async function codeReferenceComments(consultationId: string) {
    await codeFromTruth(db, consultationId, themeBank, now())
  }

  /** The small follow-up consultation, open now, so that the public form can be tried. */
  async function loadOpenConsultation(options: { responses: number; seed: number }) {
    const random = seededRandom(options.seed)
    const at = now()
    const opensAt = new Date(at.getTime() - 28 * dayMs)
    const closesAt = new Date(opensAt.getTime() + 84 * dayMs)
    const consultationId = await consultations.createPublished(
      {
        ...openDemoConsultation,
        status: 'open',
        opensAt,
        closesAt,
        postalDeadlineAt: new Date(closesAt.getTime() + 10 * dayMs),
        questionnaire: openDemoQuestionnaire,
        publicDetails: openDemoPublicDetails,
      },
      systemActor,
    )
    const questionnaire = await consultations.getLatestQuestionnaire(consultationId)
    await addDocuments(consultationId, openDemoConsultation.title, openDemoDocuments)
    await insertEvents(
      db,
      consultationId,
      openDemoEvents.map((e, i) => ({
        ...e,
        key: `open-${i}`,
        heldAt: atLondonHour(new Date(opensAt.getTime() + e.day * dayMs), e.hour),
        partner: null,
        attendees: 0,
        countedBy: '',
      })),
      new Map(),
    )
    // Support leans towards agreement, with a real minority against.
    const weights = [0.28, 0.34, 0.12, 0.11, 0.08, 0.07]
    for (let i = 0; i < options.responses; i++) {
      const answers: Record<string, string> = {
        overall_agreement: weightedPick(random, [...agreementScale, dontKnow], weights).value,
      }
      if (random() < 0.6) answers.overall_comments = pick(random, openDemoComments)
      await responses.storeResponse({
        consultationId,
        questionnaireVersionId: questionnaire.id,
        submissionKey: seededUuid(random),
        channel: 'online',
        answers,
        submittedAt: new Date(opensAt.getTime() + random() * (at.getTime() - opensAt.getTime())),
        actor: systemActor,
      })
    }
    return { consultationId, responses: options.responses }
  }

  return {
    loadReferenceCase,
    loadOpenConsultation,

    async isDatabaseEmpty(): Promise<boolean> {
      const row = await db.selectFrom('consultations').select('id').limit(1).executeTakeFirst()
      return row === undefined
    },

    /** What `npm start` loads into an empty database: the reference case and an open consultation. */
    async loadStartupDemo(options: Partial<DemoOptions> = {}) {
      const reference = await loadReferenceCase({
        responses: options.responses ?? defaultDemoResponses,
        seed: options.seed ?? 1,
        onProgress: options.onProgress,
      })
      const { replay } = deps
      if (replay) {
        await codeReferenceComments(reference.consultationId)
        await moveReferenceToReporting(replay, reference.consultationId)
        await publishReferenceReport(replay(referenceDates.report).reports, reference.consultationId)
      } else if (deps.reports) await publishReferenceReport(deps.reports, reference.consultationId)
      // The open consultation is left as it is if an earlier load made it.
      const hasOpen = await consultations.getBySlug(openDemoSlug).then(
        () => true,
        () => false,
      )
      const open = hasOpen
        ? undefined
        : await loadOpenConsultation({ responses: 40, seed: options.seed ?? 1 })
      const recoveryHubs = await loadGovernanceDemo(deps, reference.consultationId, options.seed ?? 1)
      if (replay) await loadReferenceTrail(replay, reference.consultationId)
      // A bulk load outruns the planner's statistics (PGlite never gathers them, autovacuum may not
      // have run): without them detection and the staff pages' queries were planned as nested loops.
      await sql`analyze`.execute(db)
      const loaded = [reference, open, recoveryHubs].flatMap((c) => (c ? [c.consultationId] : []))
      for (const consultationId of loaded) await deps.detectDuplicates?.(consultationId)
      return { reference, open, recoveryHubs }
    },

    /** Writes the known truth behind the reference case, one JSON object a line, in reference order. */
    async exportTruth(write: (line: string) => void | Promise<void>): Promise<number> {
      const consultation = await consultations.getBySlug(referenceSlug).catch(() => {
        throw new NotFoundError(
          'There is no demo consultation to export: load it first with "heard demo load"',
        )
      })
      let after = ''
      let count = 0
      for (;;) {
        const page = await listTruthPage(db, consultation.id, after, batchSize)
        for (const row of page) {
          await write(
            JSON.stringify({
              reference: row.reference,
              channel: row.channel,
              late: row.late,
              personId: row.person_id,
              duplicate: row.duplicate_kind
                ? { kind: row.duplicate_kind, of: row.duplicate_of_reference }
                : null,
              campaign: row.campaign,
              profile: row.profile,
              comments: row.comments,
            }),
          )
        }
        count += page.length
        const last = page.at(-1)
        if (!last || page.length < batchSize) return count
        after = last.reference
      }
    },

    /**
     * Creates the first administrator with a generated password, if there are no users at all,
     * and two data-entry staff to key paper questionnaires.
     */
    async ensureAdministrator(): Promise<
      { email: string; password: string; dataEntry: { email: string; password: string }[] } | undefined
    > {
      if ((await users.countUsers()) > 0) return undefined
      const password = generatePassword()
      await users.createUser({
        email: demoAdministratorEmail,
        displayName: 'Demo administrator',
        password,
        roles: ['administrator'],
      })
      const dataEntry = []
      for (const [i, email] of demoDataEntryEmails.entries()) {
        const keyerPassword = generatePassword()
        await users.createUser({
          email,
          displayName: `Demo data entry ${i + 1}`,
          password: keyerPassword,
          roles: ['data_entry'],
        })
        dataEntry.push({ email, password: keyerPassword })
      }
      return { email: demoAdministratorEmail, password, dataEntry }
    },

    /**
     * A partner collector for the first demo partner, made beside the first administrator, so the
     * partner pages can be tried; the password is generated and shown once.
     */
    async createPartnerCollector(): Promise<{ email: string; password: string; organisation: string }> {
      const [partner] = demoPartners
      if (!partner) throw new Error('The demo has no partners')
      const organisationId = (await ensurePartners(db, [partner])).get(partner.key)
      const password = generatePassword()
      await users.createUser({
        email: demoCollectorEmail,
        displayName: `Demo collector, ${partner.name}`,
        password,
        roles: ['partner_collector'],
        organisationId,
      })
      return { email: demoCollectorEmail, password, organisation: partner.name }
    },

    referenceSlug,
    openDemoSlug,
  }
}

export type DemoService = ReturnType<typeof createDemoService>
