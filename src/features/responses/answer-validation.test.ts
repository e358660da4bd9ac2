import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseQuestionnaireDefinition } from '../../questionnaire/rules.js'
import { checkSubmission } from './answer-validation.js'

const definition = parseQuestionnaireDefinition({
  sections: [
    {
      key: 'views',
      title: 'Your views',
      questions: [
        {
          key: 'overall',
          type: 'single_choice',
          title: 'Do you agree?',
          required: true,
          options: [
            { value: 'agree', label: 'Agree' },
            { value: 'disagree', label: 'Disagree' },
          ],
        },
        { key: 'why', type: 'free_text', title: 'Why?', maxLength: 20 },
      ],
    },
  ],
})

test('a complete submission gives one answer per answered question', () => {
  const result = checkSubmission(definition, {
    _csrf: 't',
    q_overall: 'agree',
    q_why: '  Because\r\nof buses  ',
  })
  assert.deepEqual(result, { ok: true, answers: { overall: 'agree', why: 'Because\nof buses' } })
})

test('optional questions left blank are not stored', () => {
  const result = checkSubmission(definition, { q_overall: 'disagree', q_why: '   ' })
  assert.deepEqual(result, { ok: true, answers: { overall: 'disagree' } })
})

test('a required choice left blank asks for an answer', () => {
  const result = checkSubmission(definition, { q_why: 'x' })
  assert.equal(result.ok, false)
  if (!result.ok) assert.equal(result.errors.q_overall, 'Select an answer')
})

test('a forged option value is refused', () => {
  const result = checkSubmission(definition, { q_overall: 'strongly_agree' })
  assert.equal(result.ok, false)
  if (!result.ok) assert.equal(result.errors.q_overall, 'Select one of the answers shown')
})

test('over-long text is refused with the limit, counted in characters not bytes', () => {
  assert.equal(checkSubmission(definition, { q_overall: 'agree', q_why: 'é'.repeat(20) }).ok, true)
  const result = checkSubmission(definition, { q_overall: 'agree', q_why: 'a'.repeat(21) })
  assert.equal(result.ok, false)
  if (!result.ok) assert.equal(result.errors.q_why, 'Your answer must be 20 characters or fewer')
})

test('the length limit counts characters as people see them, so twenty emoji fit a limit of twenty', () => {
  // Each of these is two UTF-16 code units: counted in units, the answer would be refused at 40.
  const emoji = '😀'.repeat(20)
  const fits = checkSubmission(definition, { q_overall: 'agree', q_why: emoji })
  assert.equal(fits.ok && fits.answers.why, emoji)
  assert.equal(checkSubmission(definition, { q_overall: 'agree', q_why: '😀'.repeat(21) }).ok, false)
})

test('control characters and broken Unicode are refused, markup is kept as typed', () => {
  for (const bad of ['a\u0000b', 'a\u001bb', 'a\ud800b']) {
    const result = checkSubmission(definition, { q_overall: 'agree', q_why: bad })
    assert.equal(result.ok, false, JSON.stringify(bad))
  }
  const markup = checkSubmission(definition, { q_overall: 'agree', q_why: '<b>hi</b> 😀' })
  assert.equal(markup.ok && markup.answers.why, '<b>hi</b> 😀')
})

test('unknown fields and repeated fields are refused', () => {
  const unknown = checkSubmission(definition, { q_overall: 'agree', q_other: 'x' })
  assert.equal(unknown.ok, false)
  if (!unknown.ok) assert.ok(unknown.errors.form)
  const repeated = checkSubmission(definition, { q_overall: ['agree', 'disagree'] })
  assert.equal(repeated.ok, false)
})

test('answers to questions routed away are not stored, and routed-away questions are not required', () => {
  const routed = parseQuestionnaireDefinition({
    sections: [
      {
        key: 's',
        title: 'S',
        questions: [
          {
            key: 'carer',
            type: 'single_choice',
            title: 'Are you a carer?',
            required: true,
            options: [
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
            ],
          },
          {
            key: 'caring_for',
            type: 'free_text',
            title: 'Who do you care for?',
            required: true,
            showIf: { question: 'carer', anyOf: ['yes'] },
          },
        ],
      },
    ],
  })
  assert.deepEqual(checkSubmission(routed, { q_carer: 'no', q_caring_for: 'my mother' }), {
    ok: true,
    answers: { carer: 'no' },
  })
  assert.deepEqual(checkSubmission(routed, { q_carer: 'no' }), { ok: true, answers: { carer: 'no' } })
  const shown = checkSubmission(routed, { q_carer: 'yes' })
  assert.equal(shown.ok, false)
  if (!shown.ok) assert.equal(shown.errors.q_caring_for, 'Enter your answer')
  assert.deepEqual(checkSubmission(routed, { q_carer: 'yes', q_caring_for: 'my mother' }), {
    ok: true,
    answers: { carer: 'yes', caring_for: 'my mother' },
  })
})

// One question of every type, to say what each accepts, how it is stored and what each refusal says.
const everyType = parseQuestionnaireDefinition({
  sections: [
    {
      key: 'all',
      title: 'All',
      questions: [
        {
          key: 'services',
          type: 'multiple_choice',
          title: 'Which services have you used?',
          maxChoices: 2,
          options: [
            { value: 'gp', label: 'GP' },
            { value: 'crisis', label: 'Crisis team' },
            { value: 'ward', label: 'Ward' },
          ],
        },
        { key: 'view', type: 'agreement', title: 'Do you agree?', includeDontKnow: false },
        { key: 'score', type: 'rating', title: 'How good?', max: 5 },
        { key: 'age', type: 'number', title: 'Age', min: 0, max: 120 },
        { key: 'hours', type: 'number', title: 'Hours', wholeNumber: false },
        { key: 'visit', type: 'date', title: 'When?', earliest: '2024-01-01', latest: '2024-12-31' },
        { key: 'district', type: 'postcode', title: 'Postcode district' },
        { key: 'home', type: 'postcode', title: 'Postcode', part: 'full' },
        {
          key: 'order',
          type: 'ranking',
          title: 'Rank these',
          options: [
            { value: 'near', label: 'Near home' },
            { value: 'quick', label: 'Quick' },
            { value: 'kind', label: 'Kind staff' },
          ],
        },
        { key: 'comment', type: 'free_text', title: 'Anything else?' },
      ],
    },
  ],
})

/** The answers stored for a body, or the errors it was refused with. */
const check = (body: Record<string, unknown>, definitionUsed = everyType) => {
  const result = checkSubmission(definitionUsed, body)
  return result.ok ? { answers: result.answers } : { errors: result.errors }
}
const refusal = (field: string, value: unknown) => check({ [field]: value }).errors

test('a form with nothing answered is accepted when nothing is required, and stores nothing', () => {
  assert.deepEqual(check({}), { answers: {} })
  assert.deepEqual(check({ _csrf: 't', submission_key: 'k', version_id: '1' }), { answers: {} })
})

test('each question type stores its answer in one plain form', () => {
  const body = {
    q_services: ['ward', 'gp'],
    q_view: 'strongly_agree',
    q_score: '4',
    q_age: ' 42 ',
    q_hours: '1,024.5',
    'q_visit[day]': ' 5 ',
    'q_visit[month]': '3',
    'q_visit[year]': '2024',
    q_district: ' le1 ',
    q_home: '  le1   5ww ',
    'q_order[near]': '3',
    'q_order[quick]': ' 1 ',
    'q_order[kind]': '2',
    q_comment: 'Line one\rLine two',
  }
  assert.deepEqual(check(body, everyType), {
    answers: {
      services: ['gp', 'ward'],
      view: 'strongly_agree',
      score: 4,
      age: 42,
      hours: 1024.5,
      visit: '2024-03-05',
      district: 'LE1',
      home: 'LE1 5WW',
      order: ['quick', 'kind', 'near'],
      comment: 'Line one\nLine two',
    },
  })
})

test('multiple choice: one box ticked arrives as a single value and is stored as a list', () => {
  assert.deepEqual(check({ q_services: 'crisis' }), { answers: { services: ['crisis'] } })
  assert.deepEqual(check({ q_services: '' }), { answers: {} })
  assert.deepEqual(check({ q_services: ['', 'gp'] }), { answers: { services: ['gp'] } })
})

test('multiple choice: more than the most allowed, a repeated choice or a forged one is refused', () => {
  assert.deepEqual(check({ q_services: ['gp', 'crisis'] }), { answers: { services: ['gp', 'crisis'] } })
  assert.deepEqual(refusal('q_services', ['gp', 'crisis', 'ward']), {
    q_services: 'Select no more than 2 answers',
  })
  assert.deepEqual(refusal('q_services', ['gp', 'gp']), { q_services: 'Select one of the answers shown' })
  assert.deepEqual(refusal('q_services', ['gp', 'dentist']), {
    q_services: 'Select one of the answers shown',
  })
  assert.deepEqual(refusal('q_services', ['gp', { value: 'gp' }]), {
    q_services: 'The form contained something we did not expect. Go back, refresh the page and try again',
  })
})

test('agreement: "Don\'t know" is refused where the question leaves it out, the scale is accepted', () => {
  assert.deepEqual(check({ q_view: 'neither' }), { answers: { view: 'neither' } })
  assert.deepEqual(refusal('q_view', 'dont_know'), { q_view: 'Select one of the answers shown' })
})

test('rating: the answer is stored as a number, and a point beyond the scale is refused', () => {
  assert.deepEqual(check({ q_score: '5' }), { answers: { score: 5 } })
  assert.deepEqual(check({ q_score: '1' }), { answers: { score: 1 } })
  assert.deepEqual(refusal('q_score', '6'), { q_score: 'Select one of the answers shown' })
  assert.deepEqual(refusal('q_score', '0'), { q_score: 'Select one of the answers shown' })
})

test('a choice sent twice is refused as a form we did not expect', () => {
  assert.deepEqual(refusal('q_score', ['1', '2']), {
    q_score: 'The form contained something we did not expect. Go back, refresh the page and try again',
  })
})

test('number: commas and spaces are allowed, anything else that is not a plain number is refused', () => {
  for (const bad of ['12abc', 'abc12', '1e3', '.5', '5.', '--1', '1 000', '0x10', 'twelve']) {
    assert.deepEqual(refusal('q_hours', bad), { q_hours: 'Enter a number, like 12' }, bad)
  }
  assert.deepEqual(check({ q_hours: '-0.25' }), { answers: { hours: -0.25 } })
  assert.deepEqual(refusal('q_hours', '9'.repeat(400)), { q_hours: 'Enter a number, like 12' })
})

test('number: a whole number is asked for unless the question allows parts', () => {
  assert.deepEqual(refusal('q_age', '12.5'), { q_age: 'Enter a whole number' })
  assert.deepEqual(check({ q_age: '12.0' }), { answers: { age: 12 } })
})

test('number: the lowest and highest allowed are accepted, one beyond either is refused', () => {
  assert.deepEqual(check({ q_age: '0' }), { answers: { age: 0 } })
  assert.deepEqual(check({ q_age: '120' }), { answers: { age: 120 } })
  assert.deepEqual(refusal('q_age', '-1'), { q_age: 'Enter a number that is 0 or more' })
  assert.deepEqual(refusal('q_age', '121'), { q_age: 'Enter a number that is 120 or less' })
})

test('date: a real date inside the allowed range is stored as YYYY-MM-DD, the range ends included', () => {
  const date = (day: string, month: string, year: string) =>
    check({ 'q_visit[day]': day, 'q_visit[month]': month, 'q_visit[year]': year })
  assert.deepEqual(date('1', '1', '2024'), { answers: { visit: '2024-01-01' } })
  assert.deepEqual(date('31', '12', '2024'), { answers: { visit: '2024-12-31' } })
  assert.deepEqual(date('29', '2', '2024'), { answers: { visit: '2024-02-29' } })
  assert.deepEqual(date('31', '12', '2023'), {
    errors: { 'q_visit-day': 'The date must be 2024-01-01 or later' },
  })
  assert.deepEqual(date('1', '1', '2025'), {
    errors: { 'q_visit-day': 'The date must be 2024-12-31 or earlier' },
  })
})

test('date: a date that does not exist, or a year not written in full, is refused', () => {
  const date = (day: string, month: string, year: string) =>
    check({ 'q_visit[day]': day, 'q_visit[month]': month, 'q_visit[year]': year })
  const invalid = { errors: { 'q_visit-day': 'Enter a real date' } }
  for (const [d, m, y] of [
    ['30', '2', '2024'],
    ['0', '5', '2024'],
    ['1', '13', '2024'],
    ['1', '0', '2024'],
    ['32', '1', '2024'],
    ['1', '1', '24'],
    ['1', '1', '02024'],
    ['1st', '1', '2024'],
    ['1', 'Jan', '2024'],
    ['1', '1', '20x4'],
    // Each of these is a number to JavaScript, but not a day, month or year as people write one.
    ['1.0', '1', '2024'],
    ['+1', '1', '2024'],
    ['1', '0x1', '2024'],
    ['1', '1', '2e03'],
    // Years before 100 would be taken as 19xx.
    ['1', '1', '0099'],
  ] as const) {
    assert.deepEqual(date(d, m, y), invalid, `${d}/${m}/${y}`)
  }
})

test('date: a date with a part missing asks for all three, and an empty one is left unanswered', () => {
  const incomplete = { errors: { 'q_visit-day': 'The date must include a day, month and year' } }
  assert.deepEqual(check({ 'q_visit[month]': '3', 'q_visit[year]': '2024' }), incomplete)
  assert.deepEqual(check({ 'q_visit[day]': '3', 'q_visit[year]': '2024' }), incomplete)
  assert.deepEqual(check({ 'q_visit[day]': '3', 'q_visit[month]': '3', 'q_visit[year]': ' ' }), incomplete)
  assert.deepEqual(check({ 'q_visit[day]': '3' }), incomplete)
  assert.deepEqual(check({ 'q_visit[month]': '3' }), incomplete)
  assert.deepEqual(check({ 'q_visit[day]': ' ', 'q_visit[month]': '', 'q_visit[year]': '' }), { answers: {} })
  assert.deepEqual(check({ 'q_visit[day]': ['1', '2'], 'q_visit[month]': '3', 'q_visit[year]': '2024' }), {
    errors: {
      'q_visit-day':
        'The form contained something we did not expect. Go back, refresh the page and try again',
    },
  })
})

test('date: a year before 1000 is stored with four digits, so stored dates sort as dates', () => {
  const early = parseQuestionnaireDefinition({
    sections: [{ key: 's', title: 'S', questions: [{ key: 'when', type: 'date', title: 'When?' }] }],
  })
  assert.deepEqual(check({ 'q_when[day]': '9', 'q_when[month]': '7', 'q_when[year]': '0999' }, early), {
    answers: { when: '0999-07-09' },
  })
})

test('postcode: a district is its first half only, a full postcode is stored with one space', () => {
  for (const district of ['LE1', 'LE19', 'L1', 'W1A', 'EC1A']) {
    assert.deepEqual(check({ q_district: district.toLowerCase() }), { answers: { district } })
  }
  for (const bad of ['LE1 5WW', '1LE', 'LEE1', 'LE', 'XLE1', 'LE1X1', 'L E1']) {
    assert.deepEqual(
      refusal('q_district', bad),
      { q_district: 'Enter the first half of a UK postcode, like LE1' },
      bad,
    )
  }
  assert.deepEqual(check({ q_home: 'le15ww' }), { answers: { home: 'LE1 5WW' } })
  assert.deepEqual(check({ q_home: 'ec1a 1bb' }), { answers: { home: 'EC1A 1BB' } })
  assert.deepEqual(check({ q_home: 'm1 1aa' }), { answers: { home: 'M1 1AA' } })
  for (const bad of [
    'LE1',
    'LE1 5W',
    'LE1 55W',
    'LE1 5WWX',
    'XLE1 5WW',
    'LE1  5WW X',
    'LE1-5WW',
    'LE 15WW',
  ]) {
    assert.deepEqual(refusal('q_home', bad), { q_home: 'Enter a full UK postcode, like LE1 5WW' }, bad)
  }
})

test('ranking: options left unranked are allowed when optional, ranked from 1 up', () => {
  assert.deepEqual(check({ 'q_order[near]': '', 'q_order[quick]': '1', 'q_order[kind]': '' }), {
    answers: { order: ['quick'] },
  })
  assert.deepEqual(check({ 'q_order[near]': '2', 'q_order[quick]': '1' }), {
    answers: { order: ['quick', 'near'] },
  })
  assert.deepEqual(check({ 'q_order[near]': ' ', 'q_order[quick]': '' }), { answers: {} })
})

test('ranking: ranks must run from 1 to the number ranked, each used once, or the ranking is refused', () => {
  const invalid = (count: number) => ({
    errors: { 'q_order-near': `Give each option a different rank, from 1 to ${count}` },
  })
  const rank = (near: string, quick: string, kind = '') =>
    check({ 'q_order[near]': near, 'q_order[quick]': quick, 'q_order[kind]': kind })
  assert.deepEqual(rank('1', '1'), invalid(2))
  assert.deepEqual(rank('1', '3'), invalid(2))
  assert.deepEqual(rank('0', '1'), invalid(2))
  assert.deepEqual(rank('1', 'two'), invalid(2))
  assert.deepEqual(rank('1', '1.5'), invalid(2))
  assert.deepEqual(rank('1', '-2'), invalid(2))
  assert.deepEqual(rank('2', '3', '1'), { answers: { order: ['kind', 'near', 'quick'] } })
  assert.deepEqual(rank('4', '2', '1'), invalid(3))
  assert.deepEqual(check({ 'q_order[near]': ['1', '2'] }), {
    errors: {
      'q_order-near':
        'The form contained something we did not expect. Go back, refresh the page and try again',
    },
  })
})

test('text: a lone carriage return is a line break, and tabs and line breaks are kept', () => {
  assert.deepEqual(check({ q_comment: 'a\rb\r\nc\nd\te' }), { answers: { comment: 'a\nb\nc\nd\te' } })
})

test('text: every control character is refused, from the first to the last of each range', () => {
  const refused = [0x00, 0x08, 0x0b, 0x0c, 0x0e, 0x1f, 0x7f, 0x80, 0x9f, 0xfffd]
  for (const code of refused) {
    assert.deepEqual(
      refusal('q_comment', `a${String.fromCodePoint(code)}b`),
      { q_comment: 'Your answer contains characters that cannot be saved. Remove them and try again' },
      code.toString(16),
    )
  }
  for (const code of [0x20, 0x7e, 0xa0, 0xfffc, 0xfffe]) {
    const typed = `a${String.fromCodePoint(code)}b`
    assert.deepEqual(check({ q_comment: typed }), { answers: { comment: typed } }, code.toString(16))
  }
})

test('text: the limit is shown as people write numbers, with a thousands separator', () => {
  assert.deepEqual(refusal('q_comment', 'a'.repeat(5001)), {
    q_comment: 'Your answer must be 5,000 characters or fewer',
  })
  assert.deepEqual(check({ q_comment: 'a'.repeat(5000) }), { answers: { comment: 'a'.repeat(5000) } })
})

test('every type asks for an answer in its own words when it is required and left blank', () => {
  const required = parseQuestionnaireDefinition({
    sections: [
      {
        key: 's',
        title: 'S',
        questions: everyType.sections.flatMap((s) => s.questions).map((q) => ({ ...q, required: true })),
      },
    ],
  })
  assert.deepEqual(check({}, required), {
    errors: {
      q_services: 'Select at least one answer',
      q_view: 'Select an answer',
      q_score: 'Select an answer',
      q_age: 'Enter a number',
      q_hours: 'Enter a number',
      'q_visit-day': 'Enter a date',
      q_district: 'Enter a postcode',
      q_home: 'Enter a postcode',
      'q_order-near': 'Rank every option',
      q_comment: 'Enter your answer',
    },
  })
})

test('a required ranking needs every option ranked, and is accepted when they are', () => {
  const required = parseQuestionnaireDefinition({
    sections: [
      { key: 's', title: 'S', questions: [{ ...everyType.sections[0]?.questions[8], required: true }] },
    ],
  })
  assert.deepEqual(check({ 'q_order[near]': '1', 'q_order[quick]': '2' }, required), {
    errors: { 'q_order-near': 'Rank every option' },
  })
  assert.deepEqual(check({ 'q_order[near]': '1', 'q_order[quick]': '3', 'q_order[kind]': '2' }, required), {
    answers: { order: ['near', 'kind', 'quick'] },
  })
})

test('a ranking of ten or more options takes ranks of two digits', () => {
  const options = Array.from({ length: 10 }, (_, i) => ({ value: `o${i + 1}`, label: `Option ${i + 1}` }))
  const long = parseQuestionnaireDefinition({
    sections: [
      { key: 's', title: 'S', questions: [{ key: 'order', type: 'ranking', title: 'Rank', options }] },
    ],
  })
  // Ranked in reverse: option 1 is ranked 10th.
  const body = Object.fromEntries(options.map((o, i) => [`q_order[${o.value}]`, String(10 - i)]))
  assert.deepEqual(check(body, long), { answers: { order: options.map((o) => o.value).reverse() } })
})

test('a refused form gives back what was typed, so the page can show it again', () => {
  const result = checkSubmission(everyType, {
    _csrf: 't',
    q_age: 'old',
    q_services: ['gp', 'ward'],
    'q_order[near]': '1',
    q_odd: { nested: true },
  })
  assert.equal(result.ok, false)
  if (result.ok) return
  assert.deepEqual(result.values, {
    _csrf: 't',
    q_age: 'old',
    q_services: ['gp', 'ward'],
    'q_order[near]': '1',
  })
  assert.deepEqual(result.errors, {
    form: 'The form contained something we did not expect. Go back, refresh the page and try again',
    q_age: 'Enter a number, like 12',
  })
})

test('a form field left unparsed (a list holding something other than text) is not given back', () => {
  const result = checkSubmission(everyType, { q_age: 'old', q_services: ['gp', 3] })
  assert.equal(result.ok, false)
  if (!result.ok) assert.deepEqual(result.values, { q_age: 'old' })
})

test('only the form controls and the fields of the questions are accepted', () => {
  for (const field of ['q_visit', 'q_order', 'q_visit[hour]', 'q_order[other]', 'csrf', 'services']) {
    assert.deepEqual(
      refusal(field, '1'),
      { form: 'The form contained something we did not expect. Go back, refresh the page and try again' },
      field,
    )
  }
})

// Routing that depends on routing: "reason" is shown only when "satisfied" is, and "satisfied" only
// for people who used services; "how_many" is routed on a list of choices and "follow_up" on a rating.
const chained = parseQuestionnaireDefinition({
  sections: [
    {
      key: 's',
      title: 'S',
      questions: [
        {
          key: 'used',
          type: 'single_choice',
          title: 'Have you used the service?',
          options: [
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ],
        },
        {
          key: 'satisfied',
          type: 'single_choice',
          title: 'Were you satisfied?',
          showIf: { question: 'used', anyOf: ['yes'] },
          options: [
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ],
        },
        {
          key: 'reason',
          type: 'free_text',
          title: 'Why not?',
          required: true,
          showIf: { question: 'satisfied', anyOf: ['no'] },
        },
        {
          key: 'services',
          type: 'multiple_choice',
          title: 'Which?',
          options: [
            { value: 'gp', label: 'GP' },
            { value: 'ward', label: 'Ward' },
          ],
        },
        {
          key: 'ward_stay',
          type: 'number',
          title: 'How many nights?',
          required: true,
          showIf: { question: 'services', anyOf: ['ward'] },
        },
        { key: 'score', type: 'rating', title: 'Score', max: 5 },
        {
          key: 'follow_up',
          type: 'free_text',
          title: 'What went wrong?',
          required: true,
          showIf: { question: 'score', anyOf: ['1', '2'] },
        },
      ],
    },
  ],
})

test('a question routed on a hidden question is hidden too, whatever was answered to the hidden one', () => {
  // "satisfied" is hidden for someone who has not used the service: its answer (perhaps left from
  // going back) must not show "reason", nor make it required, nor be stored.
  assert.deepEqual(check({ q_used: 'no', q_satisfied: 'no', q_reason: 'slow' }, chained), {
    answers: { used: 'no' },
  })
  assert.deepEqual(check({ q_satisfied: 'no' }, chained), { answers: {} })
  assert.deepEqual(check({ q_used: 'yes', q_satisfied: 'no' }, chained), {
    errors: { q_reason: 'Enter your answer' },
  })
  assert.deepEqual(check({ q_used: 'yes', q_satisfied: 'no', q_reason: 'slow' }, chained), {
    answers: { used: 'yes', satisfied: 'no', reason: 'slow' },
  })
  assert.deepEqual(check({ q_used: 'yes', q_satisfied: 'yes', q_reason: 'slow' }, chained), {
    answers: { used: 'yes', satisfied: 'yes' },
  })
})

test('routing on a list of choices shows the question when any chosen answer is one it names', () => {
  assert.deepEqual(check({ q_services: ['gp', 'ward'] }, chained), {
    errors: { q_ward_stay: 'Enter a number' },
  })
  assert.deepEqual(check({ q_services: 'gp', q_ward_stay: '3' }, chained), { answers: { services: ['gp'] } })
  assert.deepEqual(check({ q_services: ['ward'], q_ward_stay: '3' }, chained), {
    answers: { services: ['ward'], ward_stay: 3 },
  })
})

test('routing on a rating compares the point chosen with the points the rule names', () => {
  assert.deepEqual(check({ q_score: '2' }, chained), { errors: { q_follow_up: 'Enter your answer' } })
  assert.deepEqual(check({ q_score: '3', q_follow_up: 'x' }, chained), { answers: { score: 3 } })
  assert.deepEqual(check({ q_follow_up: 'x' }, chained), { answers: {} })
})

test('a question routed on one left unanswered stays hidden', () => {
  assert.deepEqual(check({ q_reason: 'x', q_ward_stay: '1' }, chained), { answers: {} })
})

test('a question routed on an answer spelled "undefined" stays hidden while that question is unanswered', () => {
  const spelled = parseQuestionnaireDefinition({
    sections: [
      {
        key: 's',
        title: 'S',
        questions: [
          {
            key: 'value',
            type: 'single_choice',
            title: 'Which?',
            options: [
              { value: 'undefined', label: 'Not defined yet' },
              { value: 'set', label: 'Set' },
            ],
          },
          {
            key: 'why',
            type: 'free_text',
            title: 'Why not defined?',
            required: true,
            showIf: { question: 'value', anyOf: ['undefined'] },
          },
        ],
      },
    ],
  })
  assert.deepEqual(check({}, spelled), { answers: {} })
  assert.deepEqual(check({ q_value: 'undefined' }, spelled), { errors: { q_why: 'Enter your answer' } })
})
