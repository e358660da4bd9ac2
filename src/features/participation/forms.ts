import type { ResponseChannel } from '../../platform/db/schema.js'
import type { FieldErrors } from '../../platform/errors.js'
import { type FormResult, field } from '../../platform/http/forms.js'
import { t } from '../../platform/i18n/translate.js'
import { channels } from '../responses/index.js'
import type { MemberPage, ProfileFilter } from './repository.js'

const isChannel = (v: string): v is ResponseChannel => (channels as readonly string[]).includes(v)

/** The dashboard's filter from its query string; anything not recognised is refused with a message. */
export function parseProfileFilter(query: unknown, partnerIds: readonly string[]): FormResult<ProfileFilter> {
  const channel = field(query, 'channel')?.trim() ?? ''
  const partner = field(query, 'partner')?.trim() ?? ''
  const errors: FieldErrors = {}
  if (channel !== '' && !isChannel(channel)) errors.channel = t('participation.validation.channelUnknown')
  if (partner !== '' && !partnerIds.includes(partner))
    errors.partner = t('participation.validation.partnerUnknown')
  if (Object.keys(errors).length > 0) return { ok: false, errors, values: { channel, partner } }
  const filter: ProfileFilter = {}
  if (channel !== '' && isChannel(channel)) filter.channel = channel
  if (partner !== '') filter.partnerId = partner
  return { ok: true, value: filter }
}

export type Decision = 'same_person' | 'different_people'

function reasonOf(body: unknown, errors: FieldErrors): string {
  const reason = field(body, 'reason')?.trim() ?? ''
  if (reason === '') errors.reason = t('participation.validation.reasonMissing')
  else if (reason.length > 1000) errors.reason = t('participation.validation.reasonTooLong')
  return reason
}

export function parseDecision(body: unknown): FormResult<{ decision: Decision; reason: string }> {
  const errors: FieldErrors = {}
  const decision = field(body, 'decision') ?? ''
  if (decision !== 'same_person' && decision !== 'different_people')
    errors.decision = t('participation.validation.decisionMissing')
  const reason = reasonOf(body, errors)
  if (Object.keys(errors).length > 0 || (decision !== 'same_person' && decision !== 'different_people'))
    return { ok: false, errors, values: { decision, reason } }
  return { ok: true, value: { decision, reason } }
}

export function parseGroupExclusion(body: unknown): FormResult<{ responseId: string; reason: string }> {
  const errors: FieldErrors = {}
  const responseId = field(body, 'response_id') ?? ''
  if (responseId === '') errors.response_id = t('participation.validation.responseMissing')
  const reason = reasonOf(body, errors)
  if (Object.keys(errors).length > 0)
    return { ok: false, errors, values: { response_id: responseId, reason } }
  return { ok: true, value: { responseId, reason } }
}

/** The page asked for in `?page=`, 1 when not given; anything but a whole number is no page (NaN). */
export function parsePage(query: unknown): number {
  const page = field(query, 'page')?.trim() ?? ''
  if (page === '') return 1
  return /^\d{1,9}$/.test(page) ? Number(page) : Number.NaN
}

/**
 * Where a page of a group's responses starts, from `?after=` or `?before=` (a member's position);
 * the first page when neither is given, and no page (undefined) for anything but a whole number.
 */
export function parseMemberPage(query: unknown): MemberPage | undefined {
  const after = field(query, 'after')?.trim() ?? ''
  const before = field(query, 'before')?.trim() ?? ''
  const whole = (v: string) => /^\d{1,9}$/.test(v)
  if (after !== '' && before !== '') return undefined
  if (after !== '') return whole(after) ? { after: Number(after) } : undefined
  if (before !== '') return whole(before) ? { before: Number(before) } : undefined
  return {}
}
