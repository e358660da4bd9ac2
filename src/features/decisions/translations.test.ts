import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { describeLanguage } from '../../questionnaire/localise.js'
import {
  localiser,
  offeredLanguages,
  parseTranslationsForm,
  type TranslationSlot,
  translationSlots,
} from './translations.js'

const saved = [{ kind: 'action' as const, subject: 'a1', source: 'Open cafés', text: 'Otworzyć kawiarnie' }]

describe('picking a public text in a language', () => {
  test('a translation made from the English on the page is shown in its language', () => {
    const pick = localiser(saved, describeLanguage('pl'))
    assert.deepEqual(pick('action', 'a1', 'Open cafés'), {
      text: 'Otworzyć kawiarnie',
      lang: 'pl',
      dir: 'ltr',
      untranslated: false,
      plain: false,
    })
  })

  test('English since changed, or never translated, is English marked; the English page is plain', () => {
    const pick = localiser(saved, describeLanguage('pl'))
    assert.equal(pick('action', 'a1', 'Open four cafés').untranslated, true)
    assert.equal(pick('action', 'a1', 'Open four cafés').lang, 'en')
    assert.equal(pick('progress', 'a1', 'Opened').untranslated, true)
    assert.equal(pick('progress', 'a1', '').untranslated, false)
    assert.deepEqual(localiser(saved, undefined)('action', 'a1', 'Open cafés'), {
      text: 'Open cafés',
      lang: 'en',
      dir: 'ltr',
      untranslated: false,
      plain: true,
    })
    assert.equal(localiser(saved, describeLanguage('ur'))('action', 'a9', 'x').dir, 'ltr')
  })

  test('the languages offered are the questionnaire’s and those begun, without English or Easy Read', () => {
    assert.deepEqual(
      offeredLanguages(['en', 'easy-read', 'pl', 'cy'], ['gu', 'pl', 'Bad!']).map((l) => l.code),
      ['cy', 'gu', 'pl'],
    )
  })
})

describe('the translation form', () => {
  const slots: TranslationSlot[] = translationSlots(
    [
      { kind: 'action', subject: 'a1', context: '', english: 'Open four cafés', shown: true },
      { kind: 'conditions', subject: 'decision', context: '', english: 'Report back', shown: true },
    ],
    saved,
  )

  test('a translation of English since changed is stale', () => {
    assert.equal(slots[0]?.stale, true)
    assert.equal(slots[1]?.stale, false)
  })

  test('only the texts sent are changed; empty removes', () => {
    const form = parseTranslationsForm({ _csrf: 'x', 'action.a1': '  Otworzyć\r\ncztery  ' }, slots)
    assert.deepEqual(form, {
      ok: true,
      value: [{ kind: 'action', subject: 'a1', source: 'Open four cafés', text: 'Otworzyć\ncztery' }],
    })
    const cleared = parseTranslationsForm({ 'conditions.decision': '' }, slots)
    assert.ok(cleared.ok)
    assert.equal(cleared.value[0]?.text, '')
  })

  test('a name no text has, a text too long or with control characters is refused', () => {
    assert.equal(parseTranslationsForm({ 'action.a2': 'x' }, slots).ok, false)
    const long = parseTranslationsForm({ 'action.a1': 'x'.repeat(10_001) }, slots)
    assert.ok(!long.ok && long.errors['action.a1'])
    const control = parseTranslationsForm({ 'action.a1': 'a\u0007b' }, slots)
    assert.ok(!control.ok && control.errors['action.a1'])
  })
})
