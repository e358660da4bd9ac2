import { randomUUID } from 'node:crypto'
import { formModel } from '../../../../platform/http/forms.js'
import { t } from '../../../../platform/i18n/translate.js'
import { channelLabel } from '../../presenters.js'
import { isUuid } from '../../submission-checks.js'
import {
  correspondenceChannelItems,
  excerptOf,
  type FormState,
  questionItems,
  senderItems,
} from '../presenters.js'
import { type CorrespondenceService, readableSize } from './service.js'

type Listed = Awaited<ReturnType<CorrespondenceService['list']>>
type Shown = Awaited<ReturnType<CorrespondenceService['get']>>
type EntryForm = Awaited<ReturnType<CorrespondenceService['entryForm']>>

const correspondencePath = (consultationId: string) => `/admin/consultations/${consultationId}/correspondence`

/** The consultation's emails, letters and calls, each with what kind it is, from whom, and its first words. */
export function presentCorrespondenceList({ consultation, items }: Listed, canRecord: boolean) {
  return {
    pageTitle: t('channelRecords.titles.correspondenceList', { title: consultation.title }),
    activeNav: 'consultations',
    backHref: `/admin/consultations/${consultation.id}/responses`,
    consultation,
    items: items.map((i) => ({
      ...i,
      channelLabel: channelLabel(i.channel),
      senderLabel: t(`channelRecords.sender.${i.sender_kind}`),
      excerpt: excerptOf(i.answers),
    })),
    canRecord,
  }
}

/** The form to record one, with what was typed and its errors; the same submission key when shown again. */
export function presentCorrespondenceForm(
  { consultation, commentQuestions }: EntryForm,
  form: FormState,
  uploadLimitBytes: number,
) {
  const submissionKey = form.values?.submission_key
  return {
    pageTitle: t('channelRecords.titles.correspondenceNew'),
    activeNav: 'consultations',
    backHref: correspondencePath(consultation.id),
    consultation,
    action: correspondencePath(consultation.id),
    submissionKey: isUuid(submissionKey) ? submissionKey : randomUUID(),
    channelItems: correspondenceChannelItems(form.values?.channel),
    senderItems: senderItems(form.values?.sender),
    questionItems: questionItems(commentQuestions, form.values?.questionKey),
    limit: readableSize(uploadLimitBytes),
    ...formModel(form),
  }
}

/** One email, letter or call: its text, sender, and the attached document's size if any. */
export function presentCorrespondence({ item, consultation }: Shown) {
  return {
    pageTitle: t('channelRecords.titles.correspondenceShow', {
      channel: channelLabel(item.channel),
      reference: item.reference,
    }),
    activeNav: 'consultations',
    backHref: correspondencePath(consultation.id),
    consultation,
    item,
    channelLabel: channelLabel(item.channel),
    senderLabel: t(`channelRecords.sender.${item.sender_kind}`),
    text: Object.values(item.answers).find((v) => typeof v === 'string') ?? '',
    fileSize: item.byte_size ? readableSize(item.byte_size) : undefined,
  }
}
