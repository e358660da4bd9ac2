import assert from 'node:assert/strict'
import { test } from 'node:test'
import { everyQuestionType } from '../../../questionnaire/examples.js'
import { parseQuestionnaireDefinition } from '../../../questionnaire/rules.js'
import { checkSubmission } from '../answer-validation.js'
import { answersToFields, checkReceivedOn, checkScan, parseLateDecision, parsePaperForm } from './forms.js'

const definition = parseQuestionnaireDefinition(everyQuestionType)
const details = {
  paper_reference: ' ab 12 ',
  batch: ' Freepost 3 ',
  'received[day]': '20',
  'received[month]': '11',
  'received[year]': '2026',
}

test('a keyed paper gives its details and the answers the routing shows, checked as online', () => {
  const form = parsePaperForm(definition, {
    ...details,
    scan: { data: Buffer.alloc(0) },
    q_single: 'bus',
    q_why_walk: 'Typed though the paper routes past it',
    q_comments: 'Too far',
  })
  assert.ok(form.ok)
  assert.deepEqual(form.details, { reference: 'AB12', batch: 'Freepost 3', receivedOn: '2026-11-20' })
  assert.deepEqual(form.answers, { single: 'bus', comments: 'Too far' })
})

test('every detail and answer is checked, with a message for each field', () => {
  const form = parsePaperForm(definition, {
    paper_reference: 'ABC-1234567',
    batch: '',
    'received[day]': '31',
    'received[month]': '2',
    'received[year]': '2026',
    q_single: 'plane',
  })
  assert.ok(!form.ok)
  assert.deepEqual(Object.keys(form.errors).sort(), ['batch', 'paper_reference', 'q_single', 'received-day'])
  assert.equal(form.errors['received-day'], 'The date received must be a real date')
  const unknown = parsePaperForm(definition, { ...details, q_single: 'bus', q_nope: 'x' })
  assert.ok(!unknown.ok && unknown.errors.form)
})

test('a paper cannot be received in the future or before the consultation opened', () => {
  const bounds = { opensAt: new Date('2026-10-01T08:00:00Z'), now: new Date('2026-11-24T23:30:00Z') }
  assert.equal(checkReceivedOn('2026-11-24', bounds), undefined)
  assert.equal(checkReceivedOn('2026-10-01', bounds), undefined)
  assert.match(checkReceivedOn('2026-11-25', bounds) ?? '', /today or in the past/)
  assert.match(checkReceivedOn('2026-09-30', bounds) ?? '', /on or after Thursday 1 October 2026/)
})

test('stored answers turn back into the fields that would send them', () => {
  const answers = {
    single: 'walk',
    multiple: ['bus', 'walk'],
    rate: 4,
    count: 12,
    when: '2026-03-07',
    order: ['walk', 'bus', 'car'],
    why_walk: 'Exercise',
  }
  const fields = answersToFields(definition, answers)
  assert.equal(fields['q_when[day]'], '7')
  assert.equal(fields['q_order[walk]'], '1')
  const check = checkSubmission(definition, fields)
  assert.ok(check.ok)
  assert.deepEqual(check.answers, answers)
})

test('a scan is judged by its content', async () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n')
  assert.deepEqual(await checkScan(undefined, 1000, '1 KB'), { ok: true })
  const ok = await checkScan({ fileName: 'x.exe', data: pdf, truncated: false }, 1000, '1 KB')
  assert.ok(ok.ok && ok.scan?.mediaType === 'application/pdf')
  const renamed = await checkScan(
    { fileName: 'scan.pdf', data: Buffer.from('MZ not a pdf'), truncated: false },
    1000,
    '1 KB',
  )
  assert.deepEqual(renamed, { ok: false, error: 'The scan must be a PDF, JPEG, PNG or TIFF file' })
  const big = await checkScan({ fileName: 'scan.pdf', data: pdf, truncated: true }, 1000, '1 KB')
  assert.deepEqual(big, { ok: false, error: 'The scan must be smaller than 1 KB' })
})

test('a late decision needs admit or refuse, and a reason', () => {
  assert.deepEqual(parseLateDecision({ decision: 'admitted', reason: ' Postmarked in time ' }), {
    ok: true,
    value: { decision: 'admitted', reason: 'Postmarked in time' },
  })
  const bad = parseLateDecision({ decision: 'maybe', reason: '  ' })
  assert.ok(!bad.ok)
  assert.deepEqual(Object.keys(bad.errors).sort(), ['decision', 'reason'])
})

test('a question the paper left blank is keyed blank, even one the online form requires', () => {
  const form = parsePaperForm(definition, { ...details, q_comments: 'Only this' })
  assert.ok(form.ok)
  assert.deepEqual(form.answers, { comments: 'Only this' })
})
