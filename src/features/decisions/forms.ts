import type { FollowUpStatus } from '../../platform/db/schema.js'
import type { FieldErrors } from '../../platform/errors.js'
import {
  parseDay,
  formResult as result,
  textChecks,
  trimmedTexts as texts,
} from '../../platform/http/form-fields.js'
import type { FormResult } from '../../platform/http/forms.js'
import { isRecordId } from '../../platform/http/schemas.js'
import { t } from '../../platform/i18n/translate.js'
import { considerationOutcomes, followUpStatuses, resolutionOutcomes } from './rules.js'
import type {
  ActionInput,
  ConsiderationInput,
  DecisionInput,
  EqualityInput,
  ProgressInput,
  WorkstreamInput,
} from './service.js'

const { checkText, checkUrl } = textChecks('decisions.validation')

// Parsing the decision trail's forms into typed values and field errors. Pure: whether a theme
// belongs to the consultation, or a paper came before the meeting, is the service's to say.

const maxShort = 200
const maxLong = 10_000

/** A field sent once or many times (checkboxes), as a list. */
function list(body: unknown, name: string): string[] {
  if (!body || typeof body !== 'object') return []
  const value = (body as Record<string, unknown>)[name]
  const all = Array.isArray(value) ? value : [value]
  return all.filter((v): v is string => typeof v === 'string' && v !== '')
}

const pick = <T extends string>(choices: readonly T[], value: string | undefined) =>
  choices.find((c) => c === value)

export function parseConsiderationForm(body: unknown): FormResult<ConsiderationInput> {
  const values = texts(body, ['proposalId', 'themeId', 'outcome', 'response'])
  const errors: FieldErrors = {}
  if (!isRecordId(values.proposalId ?? '')) errors.proposalId = t('decisions.validation.proposalMissing')
  if (!isRecordId(values.themeId ?? '')) errors.themeId = t('decisions.validation.themeMissing')
  const outcome = pick(considerationOutcomes, values.outcome)
  if (!outcome) errors.outcome = t('decisions.validation.outcomeMissing')
  checkText(errors, values, 'response', maxLong, 'responseMissing')
  return result(errors, values, () => ({
    proposalId: values.proposalId ?? '',
    themeId: values.themeId ?? '',
    outcome: outcome ?? 'noted',
    response: values.response ?? '',
  }))
}

export function parseEqualityForm(body: unknown): FormResult<EqualityInput> {
  const values = texts(body, ['group', 'basis', 'conclusion', 'action'])
  const errors: FieldErrors = {}
  checkText(errors, values, 'group', maxShort, 'groupMissing')
  const basis = pick(['under_heard', 'difference'] as const, values.basis)
  if (!basis) errors.basis = t('decisions.validation.basisMissing')
  checkText(errors, values, 'conclusion', maxLong, 'conclusionMissing')
  checkText(errors, values, 'action', maxLong, 'actionMissing')
  return result(errors, values, () => ({
    group: values.group ?? '',
    basis: basis ?? 'under_heard',
    conclusion: values.conclusion ?? '',
    action: values.action ?? '',
  }))
}

export function parseIntroductionForm(body: unknown): FormResult<{ introduction: string }> {
  const values = texts(body, ['introduction'])
  const errors: FieldErrors = {}
  checkText(errors, values, 'introduction', maxLong, 'introductionMissing')
  return result(errors, values, () => ({ introduction: values.introduction ?? '' }))
}

/** The decision form: one outcome (and note) a proposal, named `outcome-<id>` and `note-<id>`. */
export function parseDecisionForm(
  body: unknown,
  proposalIds: readonly string[],
  correcting: boolean,
): FormResult<DecisionInput> {
  const names = [
    'body',
    'meetingId',
    'meetingOn',
    'heldInPublic',
    'conditions',
    'minutesUrl',
    'correctionReason',
    ...proposalIds.flatMap((id) => [`outcome-${id}`, `note-${id}`]),
  ]
  const values = texts(body, names)
  const errors: FieldErrors = {}
  checkText(errors, values, 'body', maxShort, 'bodyMissing')
  const meetingId = values.meetingId ? values.meetingId : null
  if (meetingId && !isRecordId(meetingId)) errors.meetingId = t('decisions.validation.meetingInvalid')
  const meetingOn = values.meetingOn ? parseDay(values.meetingOn) : undefined
  if (!meetingId) {
    if (!values.meetingOn) errors.meetingOn = t('decisions.validation.dateMissing')
    else if (!meetingOn) errors.meetingOn = t('decisions.validation.dateInvalid')
    if (values.heldInPublic !== 'yes' && values.heldInPublic !== 'no')
      errors.heldInPublic = t('decisions.validation.publicMissing')
  }
  checkText(errors, values, 'conditions', maxLong)
  checkText(errors, values, 'minutesUrl', maxShort)
  checkUrl(errors, values, 'minutesUrl')
  for (const id of proposalIds) {
    if (!pick(resolutionOutcomes, values[`outcome-${id}`]))
      errors[`outcome-${id}`] = t('decisions.validation.resolutionMissing')
    checkText(errors, values, `note-${id}`, maxLong)
  }
  if (correcting) checkText(errors, values, 'correctionReason', maxLong, 'reasonMissing')
  return result(errors, values, () => ({
    body: values.body ?? '',
    meetingId,
    meetingOn: meetingOn ?? '',
    heldInPublic: values.heldInPublic === 'yes',
    conditions: values.conditions ?? '',
    minutesUrl: values.minutesUrl ?? '',
    resolutions: proposalIds.map((id) => ({
      proposalId: id,
      outcome: pick(resolutionOutcomes, values[`outcome-${id}`]) ?? 'deferred',
      note: values[`note-${id}`] ?? '',
    })),
    correctionReason: correcting ? (values.correctionReason ?? '') : null,
  }))
}

/** People involved, one group a line as "Carers: 6"; counts only, never names. */
export function parseInvolvement(text: string): { group: string; count: number }[] | undefined {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  const parsed = lines.map((line) => /^(.+?)\s*[:=]\s*(\d{1,6})$/.exec(line))
  if (parsed.some((m) => !m)) return undefined
  return parsed.map((m) => ({ group: (m?.[1] ?? '').trim(), count: Number(m?.[2]) }))
}

export function parseWorkstreamForm(body: unknown): FormResult<WorkstreamInput> {
  const values = texts(body, ['title', 'description', 'partners', 'involvement'])
  const errors: FieldErrors = {}
  checkText(errors, values, 'title', maxShort, 'titleMissing')
  checkText(errors, values, 'description', maxLong)
  checkText(errors, values, 'partners', maxLong)
  checkText(errors, values, 'involvement', maxLong)
  const involvement = parseInvolvement(values.involvement ?? '')
  if (!involvement && !errors.involvement) errors.involvement = t('decisions.validation.involvementInvalid')
  return result(errors, values, () => ({
    title: values.title ?? '',
    description: values.description ?? '',
    partners: values.partners ?? '',
    involvement: involvement ?? [],
  }))
}

export function parseActionForm(body: unknown): FormResult<ActionInput> {
  const values = texts(body, ['workstreamId', 'title', 'owner', 'dueOn'])
  const errors: FieldErrors = {}
  checkText(errors, values, 'title', maxShort, 'titleMissing')
  checkText(errors, values, 'owner', maxShort, 'ownerMissing')
  const dueOn = values.dueOn ? parseDay(values.dueOn) : undefined
  if (!values.dueOn) errors.dueOn = t('decisions.validation.dueMissing')
  else if (!dueOn) errors.dueOn = t('decisions.validation.dateInvalid')
  const workstreamId = values.workstreamId ? values.workstreamId : null
  if (workstreamId && !isRecordId(workstreamId))
    errors.workstreamId = t('decisions.validation.workstreamInvalid')
  const themeIds = list(body, 'themeIds')
  const proposalIds = list(body, 'proposalIds')
  if (themeIds.some((id) => !isRecordId(id))) errors.themeIds = t('decisions.validation.themeMissing')
  if (proposalIds.some((id) => !isRecordId(id)))
    errors.proposalIds = t('decisions.validation.proposalMissing')
  if (themeIds.length + proposalIds.length === 0) errors.themeIds = t('decisions.validation.linkMissing')
  return result(errors, values, () => ({
    workstreamId,
    title: values.title ?? '',
    owner: values.owner ?? '',
    dueOn: dueOn ?? '',
    themeIds,
    proposalIds,
  }))
}

export function parseProgressForm(body: unknown): FormResult<ProgressInput> {
  const values = texts(body, ['status', 'note', 'evidence'])
  const errors: FieldErrors = {}
  const status = pick<FollowUpStatus>(followUpStatuses, values.status)
  if (!status) errors.status = t('decisions.validation.statusMissing')
  checkText(errors, values, 'note', maxLong, 'noteMissing')
  checkText(errors, values, 'evidence', maxLong)
  return result(errors, values, () => ({
    status: status ?? 'planned',
    note: values.note ?? '',
    evidence: values.evidence ?? '',
  }))
}
