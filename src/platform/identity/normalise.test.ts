import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  compareNames,
  normaliseEmail,
  normaliseName,
  normalisePhone,
  normalisePostcode,
} from './normalise.js'

describe('normalisePhone', () => {
  it('writes a UK number the same however it was written', () => {
    for (const written of [
      '0116 496 0123',
      '+44 (0)116 496 0123',
      '0044 116 496 0123',
      '(0116) 4960123',
      '+441164960123',
    ])
      assert.equal(normalisePhone(written), '+441164960123', written)
  })

  it('keeps mobiles and numbers abroad', () => {
    assert.equal(normalisePhone('07700 900123'), '+447700900123')
    assert.equal(normalisePhone('+44 (0) 7700 900 123'), '+447700900123')
    assert.equal(normalisePhone('+33 1 23 45 67 89'), '+33123456789')
  })

  it('gives null for what cannot be a phone number', () => {
    for (const written of ['12345', 'none', '', null, undefined]) assert.equal(normalisePhone(written), null)
  })
})

describe('normalisePostcode', () => {
  it('splits a postcode into its district and area, with or without its space', () => {
    for (const written of ['le1 5ab', 'LE15AB', ' LE1  5AB '])
      assert.deepEqual(normalisePostcode(written), { full: 'LE1 5AB', district: 'LE1', area: 'LE' })
    assert.deepEqual(normalisePostcode('LE65 1AA'), { full: 'LE65 1AA', district: 'LE65', area: 'LE' })
    assert.deepEqual(normalisePostcode('SW1A 1AA'), { full: 'SW1A 1AA', district: 'SW1A', area: 'SW' })
  })

  it('takes a district alone', () => {
    assert.deepEqual(normalisePostcode('le4'), { full: null, district: 'LE4', area: 'LE' })
  })

  it('gives null for what is not a postcode', () => {
    for (const written of ['Leicester', '12345', '', null]) assert.equal(normalisePostcode(written), null)
  })
})

describe('normaliseEmail', () => {
  it('trims and lowers', () => {
    assert.equal(normaliseEmail('  Anne.Pickering@Example.ORG '), 'anne.pickering@example.org')
    assert.equal(normaliseEmail('<anne@example.org>'), 'anne@example.org')
    assert.equal(normaliseEmail('mailto:anne@example.org'), 'anne@example.org')
  })

  it('gives null for what is not an email address', () => {
    for (const written of ['anne', 'anne@', '', null]) assert.equal(normaliseEmail(written), null)
  })
})

describe('normaliseName', () => {
  it('drops case, accents and punctuation', () => {
    assert.deepEqual(normaliseName('Zoë Ó Súilleabháin'), normaliseName('zoe o suilleabhain'))
    assert.deepEqual(normaliseName("Siobhan O'Brien"), normaliseName('Siobhan OBrien'))
    assert.deepEqual(normaliseName('Mary Smith-Jones'), normaliseName('Mary SmithJones'))
  })

  it('turns "Surname, First" round', () => {
    assert.deepEqual(normaliseName('Pickering, Anne'), normaliseName('Anne Pickering'))
    assert.deepEqual(normaliseName('Pickering, Anne'), {
      first: 'anne',
      initials: ['a'],
      surname: 'pickering',
    })
  })

  it('drops titles and keeps initials', () => {
    assert.deepEqual(normaliseName('Mrs P Kaur'), { first: null, initials: ['p'], surname: 'kaur' })
    assert.deepEqual(normaliseName('Dr. P.J. Kaur'), { first: null, initials: ['p', 'j'], surname: 'kaur' })
    assert.deepEqual(normaliseName('PJ Kaur'), { first: null, initials: ['p', 'j'], surname: 'kaur' })
  })

  it('makes familiar first names formal', () => {
    assert.deepEqual(normaliseName('Bob Hart'), { first: 'robert', initials: ['r'], surname: 'hart' })
    assert.deepEqual(normaliseName('Robert Hart'), normaliseName('Bob Hart'))
    assert.deepEqual(normaliseName('Kathryn Lee'), normaliseName('Katherine Lee'))
  })

  it('gives null when there is no surname', () => {
    for (const written of ['Mrs', 'J', '', '  ', null]) assert.equal(normaliseName(written), null)
  })
})

describe('compareNames', () => {
  const compare = (a: string, b: string) => {
    const x = normaliseName(a)
    const y = normaliseName(b)
    assert.ok(x && y)
    return compareNames(x, y)
  }

  it('agrees in full on the same person written differently', () => {
    assert.equal(compare('Bob Hart', 'Mr Robert Hart'), 'full')
    assert.equal(compare('Pickering, Anne', 'anne pickering'), 'full')
    assert.equal(compare('Zoë Adams', 'Zoe Adams'), 'full')
  })

  it('agrees on an initial when one gives only initials', () => {
    assert.equal(compare('Mrs P Kaur', 'Parminder Kaur'), 'initial')
    assert.equal(compare('R. Hart', 'Bob Hart'), 'initial')
  })

  it('tells household members and strangers apart', () => {
    assert.equal(compare('Anne Pickering', 'David Pickering'), 'surname')
    assert.equal(compare('P Kaur', 'J Kaur'), 'surname')
    assert.equal(compare('Anne Pickering', 'Anne Hart'), 'different')
  })
})
