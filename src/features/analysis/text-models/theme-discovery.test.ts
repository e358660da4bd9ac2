import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { discover, discoverThemes } from './theme-discovery.js'

const about = (topic: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `${topic}-${i}`, text: '' }))

const comments = [
  ...about('bus', 6).map((c, i) => ({
    ...c,
    text:
      [
        'Bus service is slow',
        'The bus route is too long',
        'No bus on Sunday',
        'Bus fares cost too much',
        'Slow bus again',
        'The bus route changed',
      ][i] ?? '',
  })),
  ...about('nurse', 6).map((c, i) => ({
    ...c,
    text:
      [
        'Nurses were kind',
        'The nurse listened',
        'Kind nurses on the ward',
        'Nurse care was kind',
        'The ward nurse helped',
        'Nurses listened well',
      ][i] ?? '',
  })),
  { id: 'empty', text: '' },
  { id: 'emoji', text: '😀😀' },
]

describe('discoverThemes', () => {
  it('proposes candidate themes with top terms and typical comments', () => {
    const themes = discoverThemes(comments, { themes: 2 })
    assert.equal(themes.length, 2)
    const groups = themes.map((t) => new Set(t.members.map((id) => id.split('-')[0])))
    assert.ok(
      groups.every((g) => g.size === 1),
      'each theme holds one topic',
    )
    const bus = themes.find((t) => t.members[0]?.startsWith('bus'))
    assert.equal(bus?.terms[0], 'bus')
    assert.equal(bus?.typical.length, 3)
    assert.ok(Math.abs(themes.reduce((s, t) => s + t.share, 0) - 1) < 1e-9)
  })

  it('leaves out comments without meaningful words and gives nothing for none', () => {
    const themes = discoverThemes(comments, { themes: 2 })
    assert.ok(!themes.some((t) => t.members.includes('empty')))
    assert.deepEqual(discoverThemes([{ id: 'a', text: '' }]), [])
  })

  it('is repeatable with the same seed', () => {
    assert.deepEqual(
      discoverThemes(comments, { themes: 3, seed: 2 }),
      discoverThemes(comments, { themes: 3, seed: 2 }),
    )
  })

  it('takes a word pair in either order as one term, named in the order written most', () => {
    const crisis = [
      'The crisis team came quickly',
      'Crisis team support at night',
      'We waited for the crisis team',
      'Call team crisis lines sooner',
      'The team crisis cover was thin',
    ].map((text, i) => ({ id: `crisis-${i}`, text }))
    const themes = discoverThemes([...crisis, ...comments], { themes: 3, topTerms: 20 })
    const terms = themes.flatMap((t) => t.terms)
    assert.ok(terms.includes('crisis team'), terms.join(', '))
    assert.ok(!terms.includes('team crisis'), terms.join(', '))
    for (const theme of themes) {
      const pairs = theme.terms.filter((term) => term.includes(' '))
      const unordered = pairs.map((pair) => pair.split(' ').sort().join(' '))
      assert.equal(new Set(unordered).size, pairs.length, `no pair twice in ${theme.terms.join(', ')}`)
    }
  })

  it("chooses the number of themes from the data, and takes the analyst's number when given", () => {
    const topics = {
      bus: ['bus', 'route', 'fare', 'driver', 'timetable', 'stop'],
      nurse: ['nurse', 'ward', 'kind', 'listened', 'care', 'shift'],
      parking: ['parking', 'car', 'charge', 'space', 'permit', 'barrier'],
    }
    const shared = ['really', 'often', 'always', 'sometimes']
    const texts = Object.entries(topics).flatMap(([topic, words]) =>
      Array.from({ length: 30 }, (_, i) => ({
        id: `${topic}-${i}`,
        text: [words[i % 6], words[(i * 5 + 1) % 6], words[(i * 7 + 3) % 6], shared[i % 4]].join(' '),
      })),
    )
    const found = discover(texts)
    assert.equal(found.choice.chosenBy, 'silhouette')
    assert.equal(found.choice.themes, 3, JSON.stringify(found.choice.scores))
    assert.ok(found.choice.scores.length >= 2, JSON.stringify(found.choice.scores))
    const asked = discover(texts, { themes: 5 })
    assert.deepEqual([asked.choice.chosenBy, asked.choice.themes], ['analyst', 5])
    // Labels come from the group's distinctive phrases, not words every group shares.
    const bus = found.candidates.find((c) => c.members[0]?.startsWith('bus'))
    assert.match(bus?.label ?? '', /bus/)
    assert.doesNotMatch(bus?.label ?? '', /nurse|park/)
  })
})
