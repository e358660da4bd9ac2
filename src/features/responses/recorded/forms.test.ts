import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseCorrespondenceForm, parseDay, parseEventForm, parseRecordedText } from './forms.js'

describe('event, notes and correspondence forms', () => {
  test('dates are read in UK or ISO form, and impossible ones refused', () => {
    assert.equal(parseDay('24/5/2021'), '2021-05-24')
    assert.equal(parseDay('2021-05-24'), '2021-05-24')
    assert.equal(parseDay('29/2/2023'), undefined)
    assert.equal(parseDay('May 24'), undefined)
  })

  test('an event is held at UK time, and its attendees need how they were counted', () => {
    const summer = parseEventForm({
      title: 'Webinar',
      heldDate: '1/7/2026',
      heldTime: '18.00',
      format: 'online',
    })
    assert.ok(summer.ok)
    assert.equal(summer.value.heldAt.toISOString(), '2026-07-01T17:00:00.000Z')
    assert.equal(summer.value.attendees, null)
    const uncounted = parseEventForm({
      title: 'Drop-in',
      heldDate: '1/7/2026',
      format: 'in_person',
      attendees: '12',
    })
    assert.ok(!uncounted.ok)
    assert.equal(uncounted.errors.attendeesCountedBy, 'Say how the attendees were counted')
    const negative = parseEventForm({
      title: 'Drop-in',
      heldDate: '1/7/2026',
      format: 'in_person',
      attendees: '-3',
    })
    assert.ok(!negative.ok)
    assert.ok(negative.errors.attendees)
    const badTime = parseEventForm({
      title: 'Drop-in',
      heldDate: '1/7/2026',
      heldTime: '25:00',
      format: 'online',
    })
    assert.ok(!badTime.ok)
    assert.ok(badTime.errors.heldTime)
  })

  test('recorded text must be storable, not too long, and filed under an offered question', () => {
    assert.ok(parseRecordedText({ text: ' Fine \r\n words ', questionKey: 'comments' }, ['comments']).ok)
    const control = parseRecordedText({ text: 'bad \u0007 bell', questionKey: 'comments' }, ['comments'])
    assert.ok(!control.ok)
    assert.ok(control.errors.text)
    const long = parseRecordedText({ text: 'x'.repeat(20_001), questionKey: 'comments' }, ['comments'])
    assert.ok(!long.ok)
    assert.match(long.errors.text ?? '', /20,000/)
    const elsewhere = parseRecordedText({ text: 'words', questionKey: 'single' }, ['comments'])
    assert.ok(!elsewhere.ok)
    assert.ok(elsewhere.errors.questionKey)
  })

  test('a formal response needs a summary; dates after today are refused', () => {
    const base = { channel: 'email', receivedDate: '2/3/2026', questionKey: 'comments', text: 'We object.' }
    const formal = parseCorrespondenceForm({ ...base, sender: 'organisation' }, ['comments'], '2026-03-05')
    assert.ok(!formal.ok)
    assert.equal(formal.errors.summary, 'Enter a summary of a formal response')
    const person = parseCorrespondenceForm({ ...base, sender: 'person' }, ['comments'], '2026-03-05')
    assert.ok(person.ok)
    assert.equal(person.value.channel, 'email')
    const early = parseCorrespondenceForm({ ...base, sender: 'person' }, ['comments'], '2026-03-01')
    assert.ok(!early.ok)
    assert.equal(early.errors.receivedDate, 'The date received cannot be in the future')
    const online = parseCorrespondenceForm(
      { ...base, sender: 'person', channel: 'online' },
      ['comments'],
      '2026-03-05',
    )
    assert.ok(!online.ok)
    assert.ok(online.errors.channel)
  })
})
