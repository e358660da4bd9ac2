import { type CountedSummary, describeLeftOut } from '../../../platform/db/counted.js'
import type { ConsultationRow } from '../../../platform/db/schema.js'
import type { FieldErrors } from '../../../platform/errors.js'
import { errorList, type FormResult, selectItems } from '../../../platform/http/forms.js'
import { t } from '../../../platform/i18n/translate.js'
import { formatLondonDate, formatLondonDateTime } from '../../../platform/time/london.js'
import type { Question } from '../../../questionnaire/definition.js'
import { withQuestionLabels } from '../../../questionnaire/question-labels.js'
import { channelLabel, presentAnswerRows } from '../presenters.js'
import type { ResponseService } from '../service.js'
import {
  channels,
  flagFilters,
  type ListPosition,
  positionQuery,
  type ResponseFilters,
  statuses,
} from './filters.js'
import type { Provenance } from './repository.js'

// View models for the staff's response pages: the filtered list and one response.

type FoundResponses = Awaited<ReturnType<ResponseService['findResponses']>>
type ResponseDetail = Awaited<ReturnType<ResponseService['getResponse']>>

/** The filtered list with its filter menus; page links keep the filters. */
export function presentResponseList(input: {
  consultation: ConsultationRow
  questions: Question[]
  form: FormResult<ResponseFilters>
  found: FoundResponses
  counted: CountedSummary
}) {
  const { consultation, questions, form, found, counted } = input
  const values: Record<string, string | undefined> = form.ok ? { ...form.value } : form.values
  const kept = new URLSearchParams()
  for (const [name, value] of Object.entries(form.ok ? form.value : {}))
    if (value) kept.append(name, String(value))
  const pageHref = (position: ListPosition) => {
    const params = new URLSearchParams(kept)
    const named = positionQuery(position)
    if (named) params.set(...named)
    return `?${params.toString()}`
  }
  const { rows, more, position } = found
  const first = rows[0]
  const last = rows.at(-1)
  // Newer rows lie before the first row unless this is the newest page, or a page read towards
  // the newer rows that found no more; older rows likewise after the last.
  const newerExist = position.at === 'older-than' || (position.at !== 'newest' && more)
  const olderExist =
    position.at === 'newer-than' || ((position.at === 'newest' || position.at === 'older-than') && more)
  return {
    pageTitle: t('responses.titles.list', { title: consultation.title }),
    activeNav: 'consultations',
    backHref: '/admin',
    consultation,
    counted: counted.counted.toLocaleString('en-GB'),
    leftOut: describeLeftOut(counted),
    found,
    matches: found.capped
      ? t('responses.list.moreThan', { n: found.total.toLocaleString('en-GB') })
      : undefined,
    newestHref: newerExist ? pageHref({ at: 'newest' }) : undefined,
    previousHref:
      newerExist && first
        ? pageHref({ at: 'newer-than', submittedAt: first.position, id: first.id })
        : undefined,
    nextHref:
      olderExist && last
        ? pageHref({ at: 'older-than', submittedAt: last.position, id: last.id })
        : undefined,
    oldestHref: olderExist ? pageHref({ at: 'oldest' }) : undefined,
    values,
    errors: form.ok ? undefined : form.errors,
    errorList: form.ok ? undefined : errorList(form.errors),
    channelItems: selectItems(
      channels.map((c) => ({ value: c, text: channelLabel(c) })),
      values.channel,
      'filters.anyChannel',
    ),
    statusItems: selectItems(
      statuses.map((s) => ({ value: s, text: t(`responses.status.${s}`) })),
      values.status,
      'filters.anyStatus',
    ),
    questionItems: selectItems(
      withQuestionLabels(questions).map((q) => ({ value: q.key, text: q.title })),
      values.question,
      'filters.anyQuestion',
    ),
    flagItems: selectItems(
      flagFilters.map((f) => ({ value: f, text: t(`flags.${f}`) })),
      values.flag,
      'filters.anyFlag',
    ),
    responses: rows.map((r) => ({
      ...r,
      channel: channelLabel(r.channel),
      standingText: t(`responses.status.${r.standing}`),
      flags: r.flags.map((f) => t(`flags.${f}`)),
    })),
  }
}

/** One response with its answers, and the exclusion form when the person may use it. */
export function presentResponseDetail(
  detail: ResponseDetail,
  canExclude: boolean,
  form: { errors?: FieldErrors; values?: Record<string, string> },
) {
  return {
    pageTitle: t('responses.titles.show', { reference: detail.response.reference }),
    activeNav: 'consultations',
    backHref: `/admin/consultations/${detail.consultation.id}/responses`,
    ...detail,
    answerRows: presentAnswerRows(detail.questions),
    channel: channelLabel(detail.response.channel),
    standingText: t(`responses.status.${detail.response.standing}`),
    flags: detail.response.flags.map((f) => t(`flags.${f}`)),
    canExclude,
    errors: form.errors,
    errorList: form.errors ? errorList(form.errors) : undefined,
    values: form.values ?? {},
  }
}

const when = (value: Date | string | null) =>
  value ? formatLondonDateTime(value) : t('responses.provenance.notRecorded')
const who = (email: string | null) => email ?? t('responses.provenance.notRecorded')
const row = (key: string, text: string) => ({
  key: { text: t(`responses.provenance.${key}`) },
  value: { text },
})

/** Where a response came from and every decision on it, as summary list rows; rows that do not apply are left out. */
export function presentProvenance(p: Provenance, channel: string) {
  const rows = [
    row('channel', channelLabel(channel)),
    ...(p.started_at ? [row('started', when(p.started_at))] : []),
    row('submitted', when(p.submitted_at)),
    row('received', when(p.received_at)),
  ]
  if (p.partner) rows.push(row('partner', p.partner))
  if (p.event) rows.push(row('event', `${p.event}, ${when(p.event_held_at)}`))
  if (p.import_file)
    rows.push(
      row(
        'importFile',
        t('responses.provenance.importFileValue', {
          file: p.import_file,
          row: p.import_row_key ?? '',
          sha256: p.import_sha256 ?? '',
          by: who(p.imported_by),
          at: when(p.imported_at),
        }),
      ),
    )
  if (p.paper) {
    const entry = p.paper.double_entry
      ? t('responses.provenance.doubleEntry', { by: who(p.paper.resolved_by), at: when(p.paper.resolved_at) })
      : t('responses.provenance.singleEntry')
    rows.push(
      row(
        'paper',
        `${t('responses.provenance.paperValue', { reference: p.paper.paper_reference })}, ${entry}`,
      ),
    )
    for (const k of p.keyings)
      rows.push({
        key: { text: t('responses.provenance.keying', { copy: k.copy }) },
        value: {
          text: t('responses.provenance.keyingValue', {
            by: k.keyed_by,
            at: when(k.keyed_at),
            batch: k.batch,
            received: formatLondonDate(`${k.received_on}T12:00:00Z`),
          }),
        },
      })
  }
  if (p.late) {
    const decided = {
      by: who(p.late_decided_by),
      at: when(p.late_decided_at),
      reason: p.late_decision_reason ?? '',
    }
    rows.push(
      row(
        'late',
        p.late_decision === 'admitted'
          ? t('responses.provenance.lateAdmitted', decided)
          : p.late_decision === 'refused'
            ? t('responses.provenance.lateRefused', decided)
            : t('responses.provenance.lateUndecided'),
      ),
    )
  }
  if (p.admitted_under_grace) rows.push(row('late', t('responses.provenance.grace')))
  for (const d of p.duplicates)
    rows.push({
      key: { text: t('responses.provenance.duplicate', { tier: d.tier }) },
      value: {
        text: d.decision
          ? t(`responses.provenance.${d.decision.replace('_', '')}`, {
              by: who(d.decided_by),
              at: when(d.decided_at),
              reason: d.reason ?? '',
            })
          : t('responses.provenance.undecided'),
      },
    })
  if (p.excluded_at)
    rows.push(
      row(
        'excluded',
        t('responses.provenance.excludedValue', {
          by: who(p.excluded_by),
          at: when(p.excluded_at),
          reason: p.exclusion_reason ?? '',
        }),
      ),
    )
  return rows
}
