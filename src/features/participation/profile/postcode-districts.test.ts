import assert from 'node:assert/strict'
import { test } from 'node:test'
import { areaOfDistrict, leDistricts, postcodeDistrict } from './postcode-districts.js'

test('the district is the outward code however the postcode is written', () => {
  assert.equal(postcodeDistrict('le4 6ab'), 'LE4')
  assert.equal(postcodeDistrict('LE46AB'), 'LE4')
  assert.equal(postcodeDistrict(' LE15 6RB '), 'LE15')
  assert.equal(postcodeDistrict('le16'), 'LE16')
  assert.equal(postcodeDistrict('not a postcode'), undefined)
  assert.equal(postcodeDistrict(null), undefined)
})

test('LE districts map to the three areas, with the border districts marked uncertain', () => {
  assert.deepEqual(areaOfDistrict('LE1'), { area: 'leicester', certain: true, note: 'Leicester city centre' })
  assert.equal(areaOfDistrict('LE15')?.area, 'rutland')
  assert.equal(areaOfDistrict('LE15')?.certain, false)
  assert.equal(areaOfDistrict('LE16')?.certain, false)
  assert.equal(areaOfDistrict('LE11')?.area, 'leicestershire')
  assert.equal(areaOfDistrict('NG2'), undefined)
  for (let n = 1; n <= 19; n++) assert.ok(leDistricts[`LE${n}`], `LE${n} is in the lookup`)
})
