import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { type AuditActor, recordAudit } from '../../../platform/audit/audit-log.js'
import type { Database } from '../../../platform/db/schema.js'
import { scrubAnswers, scrubText } from '../free-text.js'
import {
  deleteContacts,
  deleteCorrespondenceFiles,
  deleteDrafts,
  deleteMessages,
  deletePaperScans,
  findContacts,
  findDrafts,
  findHeldResponses,
  findMatchingResponseIds,
  findMessages,
  updateAnswers,
  updateCorrespondenceSummary,
} from './repository.js'
import { type SearchKind, termsFor, widenTerms } from './search-terms.js'

export interface PersonQuery {
  kind: SearchKind
  value: string
}

/** Everything found about one person, gathered once per search, within one read. */
async function gather(db: Kysely<Database>, query: PersonQuery) {
  const asked = termsFor(query.kind, query.value)
  const firstIds = await findMatchingResponseIds(db, asked)
  const terms = widenTerms(asked, await findContacts(db, firstIds))
  const responseIds = await findMatchingResponseIds(db, terms)
  const [contacts, responses, drafts, messages] = await Promise.all([
    findContacts(db, responseIds),
    findHeldResponses(db, responseIds),
    findDrafts(db, terms.emails),
    findMessages(db, terms.emails),
  ])
  return { terms, contacts, responses, drafts, messages }
}

export type HeldData = Awaited<ReturnType<typeof gather>>

/** The subject access download: what is held, as the person would read it, without internal hashes. */
export function presentHeldData(held: HeldData, query: PersonQuery, at: Date) {
  const contactOf = new Map(held.contacts.map((c) => [c.response_id, c]))
  return {
    searchedBy: query.kind,
    producedAt: at.toISOString(),
    responses: held.responses.map((r) => {
      const contact = contactOf.get(r.id)
      return {
        reference: r.reference,
        consultation: r.consultation_title,
        channel: r.channel,
        status: r.status,
        submittedAt: r.submitted_at,
        receivedAt: r.received_at,
        respondingFor: r.responding_for,
        contact: contact
          ? {
              name: contact.name,
              email: contact.email,
              phone: contact.phone,
              postcode: contact.postcode,
              consentToContact: contact.consent_to_contact,
            }
          : null,
        answers: r.answers,
        ...(r.paper_reference
          ? { paper: { reference: r.paper_reference, scans: Number(r.paper_scans ?? 0) } }
          : {}),
        ...(r.sender_kind
          ? {
              correspondence: {
                senderKind: r.sender_kind,
                summary: r.correspondence_summary,
                file: r.correspondence_file_name,
              },
            }
          : {}),
        ...(r.import_file_name ? { import: { file: r.import_file_name, row: r.import_row_key } } : {}),
        ...(r.event_title ? { event: r.event_title } : {}),
        ...(r.partner_name ? { partner: r.partner_name } : {}),
      }
    }),
    savedDrafts: held.drafts.map((d) => ({
      consultation: d.consultation_title,
      startedAt: d.started_at,
      updatedAt: d.updated_at,
      respondent: d.respondent,
      answers: d.answers,
    })),
    messagesSent: held.messages.map((m) => ({
      to: m.recipient,
      subject: m.subject,
      body: m.body,
      createdAt: m.created_at,
    })),
  }
}

export type SubjectAccessReport = ReturnType<typeof presentHeldData>

export function createSubjectRequestService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps

  /** Records that a search ran and what it found, by record id: never the term searched for. */
  const auditAccess = (action: string, query: PersonQuery, held: HeldData, actor: AuditActor) =>
    db.transaction().execute((trx) =>
      recordAudit(
        trx,
        {
          actor,
          action,
          entityType: 'subject_access',
          entityId: randomUUID(),
          details: {
            searchedBy: query.kind,
            responses: held.responses.map((r) => r.id),
            drafts: held.drafts.length,
            messages: held.messages.length,
          },
        },
        now(),
      ),
    )

  return {
    async search(query: PersonQuery, actor: AuditActor): Promise<SubjectAccessReport> {
      const held = await gather(db, query)
      await auditAccess('personal_data.searched', query, held, actor)
      return presentHeldData(held, query, now())
    },

    async download(query: PersonQuery, actor: AuditActor): Promise<SubjectAccessReport> {
      const held = await gather(db, query)
      await auditAccess('personal_data.downloaded', query, held, actor)
      return presentHeldData(held, query, now())
    },

    /**
     * Erases the person's identifying data everywhere it is held, in one transaction: contact details,
     * saved drafts, mail sent to them, letters and scans as received, and identifiers in what they
     * wrote. The responses stay, so every count stays. Each response erased gets an audit tombstone
     * (what, when, why, by whom), never the data.
     */
    async erase(query: PersonQuery, reason: string, actor: AuditActor) {
      return db.transaction().execute(async (trx) => {
        const held = await gather(trx, query)
        const responseIds = held.responses.map((r) => r.id)
        const identifiers = [
          ...held.terms.emails,
          ...held.contacts.flatMap((c) =>
            [c.name, c.email, c.phone, c.postcode].filter((v): v is string => !!v),
          ),
        ]
        let textsScrubbed = 0
        for (const response of held.responses) {
          const scrubbed = scrubAnswers(response.answers, identifiers)
          if (scrubbed) {
            await updateAnswers(trx, response.id, scrubbed)
            textsScrubbed++
          }
          if (response.correspondence_summary)
            await updateCorrespondenceSummary(
              trx,
              response.id,
              scrubText(response.correspondence_summary, identifiers),
            )
        }
        const removed = {
          contacts: await deleteContacts(trx, responseIds),
          drafts: await deleteDrafts(
            trx,
            held.drafts.map((d) => d.id),
          ),
          messages: await deleteMessages(
            trx,
            held.messages.map((m) => m.id),
          ),
          files: await deleteCorrespondenceFiles(trx, responseIds),
          scans: await deletePaperScans(trx, responseIds),
          textsScrubbed,
        }
        const requestId = randomUUID()
        await recordAudit(
          trx,
          {
            actor,
            action: 'personal_data.erasure_requested',
            entityType: 'subject_access',
            entityId: requestId,
            details: { searchedBy: query.kind, reason, responses: responseIds, ...removed },
          },
          now(),
        )
        for (const id of responseIds)
          await recordAudit(
            trx,
            {
              actor,
              action: 'personal_data.erased',
              entityType: 'response',
              entityId: id,
              details: {
                request: requestId,
                reason,
                erased: ['contact details', 'identifiers in free text', 'files as received'],
              },
            },
            now(),
          )
        return { responses: responseIds.length, ...removed }
      })
    },
  }
}

export type SubjectRequestService = ReturnType<typeof createSubjectRequestService>
