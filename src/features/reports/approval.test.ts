import assert from 'node:assert/strict'
import { test } from 'node:test'
import { refusalsOf } from './approval.js'
import type { DraftSection, Evidence, EvidenceBasis } from './model.js'

const basis: EvidenceBasis = { counted: 100, codeframeVersion: 3, quotesReviewed: 2, detectedAt: null }
const section = (kind: DraftSection['kind'], text: string, included = true): DraftSection => ({
  kind,
  heading: kind,
  text,
  included,
})
const evidence = (quotes: Evidence['quotes']) => ({ basis, quotes }) as unknown as Evidence
const quote = (reference: string, reviewed: boolean) => ({
  theme: 'Access',
  text: 'x',
  reference,
  href: '',
  reviewed,
})

test('a draft with written sections and current, reviewed evidence may be approved', () => {
  const sections = [section('executive_summary', 'Most people agreed.'), section('themes', 'Themes.')]
  assert.deepEqual(refusalsOf(sections, evidence([quote('A1', true)]), basis), [])
})

test('each reason is given: placeholders, empty summaries, stale figures and unreviewed quotes', () => {
  const sections = [
    section('executive_summary', ''),
    section('method', '[Write how it ran]'),
    section('themes', 'Themes.'),
    section('events', 'TBC'),
    section('easy_read', '[Write this]', false),
  ]
  const refusals = refusalsOf(sections, evidence([quote('A1', false), quote('A2', true)]), {
    ...basis,
    counted: 101,
    codeframeVersion: 4,
  })
  assert.deepEqual(refusals, [
    { reason: 'stale_evidence', changed: ['counted', 'codeframeVersion'] },
    { reason: 'unreviewed_quote', reference: 'A1' },
    { reason: 'placeholder', heading: 'executive_summary' },
    { reason: 'placeholder', heading: 'method' },
    { reason: 'placeholder', heading: 'events' },
  ])
})

test('an unreviewed quote does not block a report that leaves the themes out', () => {
  const sections = [section('executive_summary', 'Written.'), section('themes', 'Themes.', false)]
  assert.deepEqual(refusalsOf(sections, evidence([quote('A1', false)]), basis), [])
})

test('no evidence at all is a refusal of its own', () => {
  assert.deepEqual(refusalsOf([section('method', 'Written.')], null, basis), [{ reason: 'no_evidence' }])
})
