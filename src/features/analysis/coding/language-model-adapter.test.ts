import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fakeLanguageModel } from './fake-language-model.js'
import {
  checkThemeMappings,
  checkThemeSuggestions,
  type LanguageModelAdapter,
  requestThemeMappings,
  requestThemeSuggestions,
} from './language-model-adapter.js'

const comments = [
  { id: 'c1', text: 'The bus to the hospital takes hours' },
  { id: 'c2', text: 'Another bus would help' },
  { id: 'c3', text: 'Parking at the hospital is hard' },
]
const suggestion = { question: 'Any comments?', comments, existingThemes: [], maxThemes: 2 }
const mapping = {
  question: 'Any comments?',
  comments,
  themes: [
    { code: 'T', label: 'Bus' },
    { code: 'P', label: 'Parking' },
  ],
}

describe('the language-model adapter contract', () => {
  it('is off unless an adapter is given', async () => {
    assert.deepEqual(await requestThemeSuggestions(null, suggestion), { ok: false, reason: 'off' })
    assert.deepEqual(await requestThemeMappings(null, mapping), { ok: false, reason: 'off' })
  })

  it('is kept by the fake adapter for theme suggestions', async () => {
    const result = await requestThemeSuggestions(fakeLanguageModel(), suggestion)
    assert.ok(result.ok)
    assert.deepEqual(result.adapter, { name: 'fake-language-model', version: '1' })
    assert.equal(result.value.length, 2)
    assert.deepEqual(result.value[0]?.commentIds, ['c1', 'c2'])
  })

  it('is kept by the fake adapter for mapping comments to themes', async () => {
    const result = await requestThemeMappings(fakeLanguageModel(), mapping)
    assert.ok(result.ok)
    assert.deepEqual(
      result.value.map((m) => [m.commentId, m.themes.map((t) => t.code)]),
      [
        ['c1', ['T']],
        ['c2', ['T']],
        ['c3', ['P']],
      ],
    )
  })

  it('turns a broken or failing adapter into a typed result', async () => {
    const broken: LanguageModelAdapter = {
      name: 'broken',
      version: '0',
      suggestThemes: async () => [{ label: '', description: 'x', commentIds: ['nope'] }],
      mapComments: async () => {
        throw new Error('service unavailable')
      },
    }
    const suggested = await requestThemeSuggestions(broken, suggestion)
    assert.deepEqual(suggested, {
      ok: false,
      reason: 'broke-contract',
      problems: ['theme 1 needs a label of 1 to 80 characters', 'theme 1 cites comments that were not sent'],
    })
    assert.deepEqual(await requestThemeMappings(broken, mapping), {
      ok: false,
      reason: 'failed',
      problems: ['service unavailable'],
    })
  })

  it('checks every rule of the contract', () => {
    assert.deepEqual(checkThemeSuggestions(suggestion, 'text'), ['the answer is not a list of themes'])
    const tooMany = [1, 2, 3].map((n) => ({ label: `T${n}`, description: '', commentIds: [] }))
    assert.deepEqual(checkThemeSuggestions(suggestion, tooMany), ['3 themes where at most 2 were asked for'])
    assert.deepEqual(
      checkThemeSuggestions({ ...suggestion, existingThemes: [{ code: 'T', label: 'Bus' }] }, [
        { label: 'bus', description: '', commentIds: [] },
      ]),
      ['theme 1 repeats the label "bus"'],
    )
    assert.deepEqual(
      checkThemeMappings(mapping, [
        { commentId: 'c1', themes: [{ code: 'T', confidence: 2 }] },
        { commentId: 'c1', themes: [{ code: 'X', confidence: 0.5 }] },
        { commentId: 'c9', themes: [] },
      ]),
      [
        'comment c1 has a confidence outside 0 to 1',
        'comment c1 is mapped twice',
        'comment c1 has an unknown code X',
        'a mapping is for comment c9, which was not sent',
        'comment c2 is not mapped',
        'comment c3 is not mapped',
      ],
    )
  })
})
