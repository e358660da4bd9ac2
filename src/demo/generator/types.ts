import type { AnswerValue, ResponseChannel } from '../../platform/db/schema.js'

// The contract between the pure generator (which makes responses and their known truth) and the
// writer (which stores them). Nothing here touches a database.

export type Sentiment = 'positive' | 'negative' | 'neutral' | 'mixed'

export interface CommentTruth {
  /** Theme codes from the theme bank, in the order they appear in the comment. */
  themes: string[]
  sentiment: Sentiment
  /** A name, phone number or email was planted in the text, for redaction tests. */
  personalData: boolean
  /** The comment suggests risk to someone and should be flagged for follow-up. */
  safeguarding: boolean
}

export interface RespondentProfile {
  area: 'leicester' | 'leicestershire' | 'rutland' | 'elsewhere'
  ageBand: string
  sex: string
  ethnicGroup: string
  carer: boolean
  relationship: string
}

export interface ResponseTruth {
  /** The real person behind the response: duplicates share it with their original. */
  personId: number
  /** Set on a repeat submission by the same person, pointing at the index of their first. */
  duplicate: { kind: 'exact' | 'near'; of: number } | null
  /** Set on a response written from a campaign's template. */
  campaign: string | null
  profile: RespondentProfile
  /** Gold labels for each free-text answer, by question key. */
  comments: Record<string, CommentTruth>
}

export interface RespondentContact {
  name: string | null
  email: string | null
  phone: string | null
  postcode: string | null
  consentToContact: boolean
}

export interface GeneratedResponse {
  /** Position in the generated stream, from 0. */
  index: number
  /** Unique within one generation; same alphabet and shape as online receipts. */
  reference: string
  /** A UUID drawn from the seeded generator. */
  submissionKey: string
  channel: ResponseChannel
  /** Key of a demo partner (see partners.ts) when a partner helped complete it. */
  partner: string | null
  /** Key of a demo event when it was collected at one. */
  event: string | null
  /** The organisation's name when responding on behalf of one (invented, never real). */
  respondingFor: string | null
  startedAt: Date | null
  submittedAt: Date
  receivedAt: Date
  /** Paper received after the postal deadline. */
  late: boolean
  /** By question key of the demo questionnaire; questions not answered are absent. */
  answers: Record<string, AnswerValue>
  contact: RespondentContact | null
  truth: ResponseTruth
}

export interface DemoTimeline {
  opensAt: Date
  closesAt: Date
  postalDeadlineAt: Date
}

export interface DemoPartner {
  key: string
  name: string
}

export interface DemoEvent {
  key: string
  title: string
  heldAt: Date
  place: string
  format: 'in_person' | 'online'
  audience: string
  partner: string | null
  attendees: number
  countedBy: string
}

/** A generated response's answers, by question key. */
export type Answers = Record<string, AnswerValue>
