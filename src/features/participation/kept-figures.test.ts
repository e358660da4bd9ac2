import assert from 'node:assert/strict'
import { test } from 'node:test'
import { placedArea } from './kept-figures.js'

test('a respondent is placed by their area, or by their district when they gave none or would not say', () => {
  const districts = new Map([
    ['LE1', 'leicester'],
    ['LE15', 'rutland'],
  ])
  assert.equal(placedArea(true, 'rutland', 'LE1', districts), 'rutland')
  assert.equal(placedArea(false, '', 'LE1', districts), 'leicester')
  assert.equal(placedArea(true, 'prefer_not_to_say', 'LE15', districts), 'rutland')
  assert.equal(placedArea(true, 'elsewhere', 'LE1', districts), null)
  assert.equal(placedArea(true, '', 'LE1', districts), null)
  assert.equal(placedArea(false, '', 'XX9', districts), null)
})
