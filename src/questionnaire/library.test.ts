import assert from 'node:assert/strict'
import { test } from 'node:test'
import { choicesOf, draftDefinition } from './definition.js'
import { aboutYouSection, ethnicGroupOf, ethnicGroups, ethnicityOptions } from './library.js'

const section = draftDefinition.shape.sections.element.parse(aboutYouSection())

test('About you asks every protected characteristic, the postcode district and the relationship', () => {
  assert.deepEqual(
    section.questions.map((q) => q.key),
    [
      'relationship',
      'age_band',
      'sex',
      'gender_identity_same',
      'sexual_orientation',
      'ethnicity',
      'religion',
      'disability',
      'carer',
      'pregnancy',
      'marriage',
      'armed_forces',
      'postcode_district',
    ],
  )
  assert.ok(section.questions.every((q) => !q.required))
  for (const q of section.questions.filter((x) => x.type === 'single_choice')) {
    assert.equal(choicesOf(q)?.at(-1)?.label, 'Prefer not to say', q.key)
  }
  const relationship = section.questions[0]
  assert.deepEqual(
    relationship && 'options' in relationship ? relationship.options.map((o) => o.value) : [],
    ['uses_services', 'family_carer', 'staff', 'public', 'organisation', 'prefer_not_to_say'],
  )
})

test('ethnicity uses the 19 ONS 2021 categories, each in one of the five groups or Other', () => {
  assert.equal(ethnicityOptions.length, 19)
  assert.deepEqual(Object.keys(ethnicGroups), ['asian', 'black', 'mixed', 'white', 'other'])
  assert.equal(ethnicGroupOf('white_roma'), 'white')
  assert.equal(ethnicGroupOf('prefer_not_to_say'), undefined)
  for (const group of Object.keys(ethnicGroups)) {
    assert.ok(
      ethnicityOptions.some(([, , g]) => g === group),
      group,
    )
  }
})
