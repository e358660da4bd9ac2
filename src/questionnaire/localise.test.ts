import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type QuestionnaireDefinition, questionnaireDefinition } from './definition.js'
import { languagesOf, localiseDefinition, textInPage } from './localise.js'

const definition: QuestionnaireDefinition = questionnaireDefinition.parse({
  sections: [
    {
      key: 'views',
      title: 'Your views',
      translations: { cy: { title: 'Eich barn' }, 'easy-read': { title: 'What you think' } },
      questions: [
        {
          key: 'travel',
          type: 'single_choice',
          title: 'How do you travel?',
          hint: 'Choose one',
          translations: { cy: { title: 'Sut ydych chi’n teithio?' }, ur: { title: 'آپ کیسے سفر کرتے ہیں؟' } },
          options: [
            { value: 'bus', label: 'Bus', translations: { cy: { label: 'Bws' } } },
            { value: 'car', label: 'Car' },
          ],
        },
        { key: 'agree', type: 'agreement', title: 'Do you agree?' },
      ],
    },
  ],
})

test('the languages offered are English and every language with any text', () => {
  assert.deepEqual(
    languagesOf(definition).map((l) => [l.code, l.lang, l.name, l.dir]),
    [
      ['en', 'en', 'English', 'ltr'],
      ['cy', 'cy', 'Cymraeg', 'ltr'],
      ['easy-read', 'en', 'Easy Read', 'ltr'],
      ['ur', 'ur', 'اردو', 'rtl'],
    ],
  )
})

test('translated texts carry their language and missing ones fall back to English', () => {
  const cy = localiseDefinition(definition, 'cy')
  const section = cy.sections[0]
  const [travel, agree] = section?.questions ?? []
  assert.deepEqual(section?.title, { text: 'Eich barn', lang: 'cy' })
  assert.deepEqual(travel?.title, { text: 'Sut ydych chi’n teithio?', lang: 'cy' })
  assert.deepEqual(travel?.hint, { text: 'Choose one', lang: 'en' })
  assert.deepEqual(travel?.choices, [
    { value: 'bus', label: { text: 'Bws', lang: 'cy' } },
    { value: 'car', label: { text: 'Car', lang: 'en' } },
  ])
  assert.equal(agree?.choices?.length, 6)
  assert.ok(agree?.choices?.every((c) => c.label.lang === 'en'))
})

test('Easy Read is English wording, and English is the definition as written', () => {
  const easy = localiseDefinition(definition, 'easy-read')
  assert.deepEqual(easy.sections[0]?.title, { text: 'What you think', lang: 'en' })
  assert.deepEqual(easy.sections[0]?.questions[0]?.title, { text: 'How do you travel?', lang: 'en' })
  const en = localiseDefinition(definition, 'en')
  assert.deepEqual(en.sections[0]?.title, { text: 'Your views', lang: 'en' })
})

test('a text in another language than the page is marked up with its lang, escaped', () => {
  assert.deepEqual(textInPage({ text: 'Bws', lang: 'cy' }, 'cy'), { text: 'Bws' })
  assert.deepEqual(textInPage({ text: 'Fish & <chips>', lang: 'en' }, 'cy'), {
    html: '<span lang="en">Fish &amp; &lt;chips&gt;</span>',
  })
})
