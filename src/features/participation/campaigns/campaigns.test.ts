import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type CampaignText, detectCampaigns, estimatedJaccard, shingles, signature } from './campaigns.js'

const day = 24 * 60 * 60 * 1000
const towns = ['Oakham', 'Uppingham', 'Melton', 'Ashby', 'Coalville', 'Hinckley']
const template = (i: number) =>
  `${i % 2 ? 'Dear consultation team, ' : ''}I am writing to ${i % 3 ? 'ask' : 'urge'} you to keep mental health services local. The plan would mean care run from big centres and our clinic in ${towns[i % towns.length]} could close. Many people here do not drive and the buses are slow.`
const ordinary = [
  'The crisis line never answered at night and my son waited hours for a call back from anyone.',
  'More staff are needed before any of this can work, the nurses are already stretched too thin.',
  'I support the idea of one number to ring, it would have helped my family a great deal last year.',
  'Buses from the villages are poor so any move of services to the city would leave people stranded.',
  'Translated leaflets and interpreters would help older people in my community understand the plans.',
]

test('shingles are three-word runs, and MinHash estimates their overlap', () => {
  assert.deepEqual(shingles('Keep care, keep it local!'), ['keep care keep', 'care keep it', 'keep it local'])
  const hash = (s: string) => s.split('').reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7)
  const a = signature(shingles(template(1)).map(hash), 128)
  assert.equal(estimatedJaccard(a, signature(shingles(template(1)).map(hash), 128)), 1)
  assert.ok(estimatedJaccard(a, signature(shingles(ordinary[0] ?? '').map(hash), 128)) < 0.1)
})

test('near-identical template texts sent within a few weeks are one campaign; varied comments are not', () => {
  const texts: CampaignText[] = []
  for (let i = 0; i < 30; i++)
    texts.push({ responseId: `c${i}`, text: template(i), submittedAt: 60 * day + i * day * 0.5 })
  for (let i = 0; i < 100; i++)
    texts.push({ responseId: `o${i}`, text: ordinary[i % ordinary.length] ?? '', submittedAt: i * day * 0.8 })
  const campaigns = detectCampaigns(texts)
  assert.equal(campaigns.length, 1)
  assert.deepEqual(campaigns[0]?.members, Array.from({ length: 30 }, (_, i) => `c${i}`).sort())
})

test('the same words turning up all through the consultation are not a campaign, nor are a handful of copies', () => {
  const spread = Array.from({ length: 30 }, (_, i) => ({
    responseId: `s${i}`,
    text: template(i),
    submittedAt: i * 3 * day,
  }))
  assert.deepEqual(detectCampaigns(spread), [])
  const few = Array.from({ length: 6 }, (_, i) => ({
    responseId: `f${i}`,
    text: template(i),
    submittedAt: i,
  }))
  const background = Array.from({ length: 50 }, (_, i) => ({
    responseId: `b${i}`,
    text: ordinary[i % ordinary.length] ?? '',
    submittedAt: i * day,
  }))
  assert.deepEqual(detectCampaigns([...few, ...background]), [])
})
