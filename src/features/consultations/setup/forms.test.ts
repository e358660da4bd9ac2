import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  parseConsultationForm,
  parseDate,
  parseDocumentForm,
  parseProposalForm,
  parseTime,
  slugFromTitle,
} from './forms.js'

const form = {
  title: 'Step up to Great Mental Health',
  slug: '',
  summary: 'Proposals for adult mental health services.',
  sponsors: ' Leicester City CCG \n\nLeicestershire Partnership NHS Trust\n',
  areas: 'Leicester\nRutland',
  contactEmail: '',
  contactPhone: '',
  freepostAddress: '',
  privacyNotice: '',
  nextSteps: '',
  opensDate: '2021-05-24',
  opensTime: '',
  closesDate: '15/8/2021',
  closesTime: '',
  postalDate: '',
  postalTime: '',
}

describe('consultation form', () => {
  test('summer dates are British Summer Time, winter dates Greenwich Mean Time', () => {
    const summer = parseConsultationForm(form)
    assert.ok(summer.ok)
    assert.equal(summer.value.opensAt.toISOString(), '2021-05-23T23:00:00.000Z')
    assert.equal(summer.value.closesAt.toISOString(), '2021-08-15T22:59:00.000Z')
    assert.equal(summer.value.postalDeadlineAt, null)
    assert.equal(summer.value.slug, 'step-up-to-great-mental-health')
    assert.deepEqual(summer.value.sponsors, ['Leicester City CCG', 'Leicestershire Partnership NHS Trust'])
    const winter = parseConsultationForm({
      ...form,
      opensDate: '01/11/2021',
      opensTime: '9.30',
      closesDate: '24/01/2022',
      closesTime: '17:00',
      postalDate: '03/02/2022',
      postalTime: '12:00',
    })
    assert.ok(winter.ok)
    assert.equal(winter.value.opensAt.toISOString(), '2021-11-01T09:30:00.000Z')
    assert.equal(winter.value.closesAt.toISOString(), '2022-01-24T17:00:00.000Z')
    assert.equal(winter.value.postalDeadlineAt?.toISOString(), '2022-02-03T12:00:00.000Z')
  })

  test('bad dates and times are refused field by field', () => {
    const result = parseConsultationForm({
      ...form,
      title: '',
      opensDate: '31/04/2021',
      closesDate: '15/08/2021',
      closesTime: '25:00',
      postalTime: '10:00',
    })
    assert.equal(result.ok, false)
    assert.deepEqual(!result.ok && result.errors, {
      title: 'Enter a title',
      slug: 'Enter a web address, like step-up-to-great-mental-health',
      opensDate: 'Enter a real date, like 24/05/2021',
      closesTime: 'Enter a time on the 24-hour clock, like 09:00 or 23:59',
      postalDate: 'Enter a date for this time',
    })
  })

  test('closing before opening, and a postal deadline before closing, are refused', () => {
    const backwards = parseConsultationForm({ ...form, closesDate: '24/05/2021', closesTime: '00:00' })
    assert.deepEqual(!backwards.ok && backwards.errors, {
      closesDate: 'The closing date must be after the opening date',
    })
    const postal = parseConsultationForm({ ...form, postalDate: '14/08/2021' })
    assert.deepEqual(!postal.ok && postal.errors, {
      postalDate: 'The postal deadline must be the same as or after the closing date',
    })
  })

  test('a time the clocks skip is refused, with the reason', () => {
    const result = parseConsultationForm({ ...form, opensDate: '28/03/2021', opensTime: '01:15' })
    assert.deepEqual(!result.ok && result.errors, {
      opensTime:
        '01:15 does not happen on this day in the UK because the clocks go forward. Enter a different time',
    })
  })

  test('web addresses, emails and phone numbers are checked', () => {
    const result = parseConsultationForm({
      ...form,
      slug: 'Not A Slug',
      contactEmail: 'nobody',
      contactPhone: 'call us',
    })
    assert.deepEqual(Object.keys(!result.ok ? result.errors : {}), ['slug', 'contactEmail', 'contactPhone'])
    assert.equal(slugFromTitle('Crisis cafés & the A&E hub!'), 'crisis-cafes-and-the-a-and-e-hub')
  })

  test('dates and times in the forms people type them', () => {
    assert.equal(parseDate('24/5/2021'), '2021-05-24')
    assert.equal(parseDate('2021-5-24'), '2021-05-24')
    assert.equal(parseDate('29/02/2021'), undefined)
    assert.equal(parseDate('24 May 2021'), undefined)
    assert.equal(parseTime('9:05'), '09:05')
    assert.equal(parseTime('23.59'), '23:59')
    assert.equal(parseTime('24:00'), undefined)
    assert.equal(parseTime('9am'), undefined)
  })
})

describe('proposal and document forms', () => {
  test('a proposal needs a title and a summary', () => {
    const result = parseProposalForm({ title: ' ', summary: '', whatWouldChange: 'More hours' })
    assert.deepEqual(!result.ok && Object.keys(result.errors), ['title', 'summary'])
    const ok = parseProposalForm({ title: 'Crisis cafés', summary: 'From 3 to 25.' })
    assert.deepEqual(ok.ok && ok.value, {
      title: 'Crisis cafés',
      summary: 'From 3 to 25.',
      whatWouldChange: '',
      whoIsAffected: '',
    })
  })

  test('a document is a file or a link, never both or neither, with a real language for a translation', () => {
    const file = { fileName: 'summary.pdf', data: Buffer.from('%PDF-1.4'), truncated: false }
    const both = parseDocumentForm({
      kind: 'summary',
      title: 'Summary',
      url: 'https://example.org/s.pdf',
      file,
    })
    assert.deepEqual(!both.ok && both.errors, { file: 'Choose a file or enter a web address, not both' })
    const neither = parseDocumentForm({
      kind: 'translation',
      language: 'en',
      title: 'Summary in Polish',
      file: { fileName: '', data: Buffer.alloc(0), truncated: false },
    })
    assert.deepEqual(!neither.ok && Object.keys(neither.errors), ['language', 'file'])
    const link = parseDocumentForm({ kind: 'video', title: 'Video', url: 'javascript:alert(1)' })
    assert.deepEqual(!link.ok && link.errors, { url: 'Enter a web address starting with https://' })
    const polish = parseDocumentForm({ kind: 'translation', language: 'PL', title: 'Podsumowanie', file })
    assert.ok(polish.ok)
    assert.equal(polish.value.language, 'pl')
    assert.equal(polish.value.file?.fileName, 'summary.pdf')
  })
})
