import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { findPersonalData, isValidNhsNumber, redact } from './redaction.js'

const kinds = (text: string) => findPersonalData(text).map((r) => [r.kind, r.text])

describe('isValidNhsNumber', () => {
  it('accepts numbers whose modulus 11 check digit is right', () => {
    // 943 476 5919: 9*10+4*9+3*8+4*7+7*6+6*5+5*4+9*3+1*2 = 299; 299 % 11 = 2; 11 - 2 = 9.
    assert.equal(isValidNhsNumber('943 476 5919'), true)
    assert.equal(isValidNhsNumber('9434765919'), true)
    assert.equal(isValidNhsNumber('943-476-5919'), true)
  })

  it('refuses a wrong check digit, a check of 10 and the wrong length', () => {
    assert.equal(isValidNhsNumber('943 476 5918'), false)
    // 000 000 001x: sum = 2, 11 - 2 = 9, so ...0019 is valid and a check of 10 never is.
    assert.equal(isValidNhsNumber('0000000019'), true)
    assert.equal(isValidNhsNumber('123456789'), false)
  })
})

describe('findPersonalData', () => {
  it('finds emails', () => {
    assert.deepEqual(kinds('Email me at jo.bloggs+consult@example.org.uk please.'), [
      ['email', 'jo.bloggs+consult@example.org.uk'],
    ])
  })

  it('finds UK phone numbers as people write them', () => {
    for (const phone of [
      '07700 900123',
      '0116 496 0123',
      '+44 7700 900123',
      '(0116) 496 0123',
      '+44 (0)116 4960123',
      '07700-900-123',
    ])
      assert.deepEqual(kinds(`Ring ${phone} after six.`), [['phone', phone]], phone)
  })

  it('finds full postcodes but not districts alone', () => {
    assert.deepEqual(kinds('I live at LE1 5WW near the station'), [['postcode', 'LE1 5WW']])
    assert.deepEqual(kinds('my postcode is le11 3tu'), [['postcode', 'le11 3tu']])
    assert.deepEqual(kinds('Everyone in LE1 knows'), [])
  })

  it('finds NHS numbers only when the check digit is right, before reading them as phones', () => {
    assert.deepEqual(kinds('My NHS number is 943 476 5919.'), [['nhs_number', '943 476 5919']])
    assert.deepEqual(kinds('Reference 943 476 5918.'), [])
  })

  it('finds street addresses', () => {
    assert.deepEqual(kinds('Write to 14 Granby Street, Leicester'), [['address', '14 Granby Street']])
    assert.deepEqual(kinds('I am at Flat 2, 7a Mill Hill Lane'), [['address', 'Flat 2, 7a Mill Hill Lane']])
  })

  it('finds names after cues, in signatures, and in lower case after a cue with a known first name', () => {
    assert.deepEqual(kinds('My CPN is Priya Patel if you need to check.'), [['name', 'Priya Patel']])
    assert.deepEqual(kinds('I was seen by a nurse called Sarah.'), [['name', 'Sarah']])
    assert.deepEqual(kinds('Thanks to Dr Okafor for everything'), [['name', 'Okafor']])
    assert.deepEqual(kinds('Yours faithfully\nHarpreet Gill'), [['name', 'Harpreet Gill']])
    assert.deepEqual(kinds('Sarah Jones, 07700 900123'), [
      ['name', 'Sarah Jones'],
      ['phone', '07700 900123'],
    ])
    assert.deepEqual(kinds('my name is david smith and i am happy to talk'), [['name', 'david smith']])
  })

  it('leaves places, organisations and everyday words alone', () => {
    for (const text of [
      'Getting to Leicester from Earl Shilton without a car is very hard.',
      'Marigold Circle Women’s Wellbeing Group welcomes the chance to respond.',
      'Will anyone listen? May God help us. I hope so.',
      'Leicester Royal Infirmary was full, my mum waited 8 hours.',
      'I waited 12 weeks for an appointment at 3pm on 14 June.',
      'My social worker knows the whole story.',
    ])
      assert.deepEqual(kinds(text), [], text)
  })

  it('copes with empty text, emoji, other scripts, HTML and 50,000 characters', () => {
    assert.deepEqual(kinds(''), [])
    assert.deepEqual(kinds('😀 شكرا 谢谢 <script>alert(1)</script>'), [])
    const long = 'Waiting times are far too long. '.repeat(1600)
    assert.ok(long.length >= 50_000)
    assert.deepEqual(kinds(`${long}Call 07700 900123`), [['phone', '07700 900123']])
  })
})

describe('redact', () => {
  it('replaces each finding with a mark saying what was removed, and keeps the rest', () => {
    const result = redact('My name is Sarah Jones, call 07700 900123 or sarah@example.com.')
    assert.equal(result.text, 'My name is [name removed], call [phone number removed] or [email removed].')
    assert.deepEqual(
      result.redactions.map((r) => r.kind),
      ['name', 'phone', 'email'],
    )
  })

  it('returns the text unchanged when nothing is found', () => {
    assert.deepEqual(redact('Nothing personal here.'), { text: 'Nothing personal here.', redactions: [] })
  })
})
