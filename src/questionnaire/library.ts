import type { QuestionInput } from './definition.js'

// The standard "About you" questions: equality monitoring in the wording and categories of the
// 2021 Census (ONS), and the respondent's relationship to the services. Every question is optional
// and offers "Prefer not to say". The builder adds them in one step; the demo questionnaire uses
// the same questions, so the analysis of one reads the other.

export const preferNotToSay = { value: 'prefer_not_to_say', label: 'Prefer not to say' }

type Choices = [value: string, label: string][]

const yesNo: Choices = [
  ['yes', 'Yes'],
  ['no', 'No'],
]

/** An optional single-choice question whose last answer is "Prefer not to say". */
export function choiceWithPreferNot(
  key: string,
  title: string,
  options: Choices,
  extra: Partial<QuestionInput> = {},
): QuestionInput {
  return {
    key,
    type: 'single_choice',
    title,
    required: false,
    options: [...options.map(([value, label]) => ({ value, label })), preferNotToSay],
    ...extra,
  } as QuestionInput
}

/** Who is responding, in relation to the services being consulted on. */
export const relationshipOptions = (services: string): Choices => [
  ['uses_services', `I use, or have used, ${services}`],
  ['family_carer', `I am a family member or carer of someone who uses ${services}`],
  ['staff', 'I work in health or care services'],
  ['public', 'I am a member of the public'],
  ['organisation', 'I am responding on behalf of an organisation'],
]

export const relationshipQuestion = (services = 'these services') =>
  choiceWithPreferNot('relationship', 'Which of these best describes you?', relationshipOptions(services))

export const ageBandOptions: Choices = [
  ['under_18', 'Under 18'],
  ['18_24', '18 to 24'],
  ['25_34', '25 to 34'],
  ['35_44', '35 to 44'],
  ['45_54', '45 to 54'],
  ['55_64', '55 to 64'],
  ['65_74', '65 to 74'],
  ['75_plus', '75 or over'],
]

/** The five high-level ethnic groups of the 2021 Census, and "Other ethnic group". */
export const ethnicGroups = {
  asian: 'Asian or Asian British',
  black: 'Black, Black British, Caribbean or African',
  mixed: 'Mixed or multiple ethnic groups',
  white: 'White',
  other: 'Other ethnic group',
} as const

export type EthnicGroup = keyof typeof ethnicGroups

/** ONS 2021 ethnic group categories, each with its high-level group. */
export const ethnicityOptions: [value: string, label: string, group: EthnicGroup][] = [
  ['asian_bangladeshi', 'Asian or Asian British: Bangladeshi', 'asian'],
  ['asian_chinese', 'Asian or Asian British: Chinese', 'asian'],
  ['asian_indian', 'Asian or Asian British: Indian', 'asian'],
  ['asian_pakistani', 'Asian or Asian British: Pakistani', 'asian'],
  ['asian_other', 'Asian or Asian British: Any other Asian background', 'asian'],
  ['black_african', 'Black, Black British, Caribbean or African: African', 'black'],
  ['black_caribbean', 'Black, Black British, Caribbean or African: Caribbean', 'black'],
  ['black_other', 'Black, Black British, Caribbean or African: Any other Black background', 'black'],
  ['mixed_white_asian', 'Mixed or multiple ethnic groups: White and Asian', 'mixed'],
  ['mixed_white_black_african', 'Mixed or multiple ethnic groups: White and Black African', 'mixed'],
  ['mixed_white_black_caribbean', 'Mixed or multiple ethnic groups: White and Black Caribbean', 'mixed'],
  ['mixed_other', 'Mixed or multiple ethnic groups: Any other Mixed or multiple ethnic background', 'mixed'],
  ['white_british', 'White: English, Welsh, Scottish, Northern Irish or British', 'white'],
  ['white_irish', 'White: Irish', 'white'],
  ['white_gypsy_traveller', 'White: Gypsy or Irish Traveller', 'white'],
  ['white_roma', 'White: Roma', 'white'],
  ['white_other', 'White: Any other White background', 'white'],
  ['other_arab', 'Other ethnic group: Arab', 'other'],
  ['other_any', 'Other ethnic group: Any other ethnic group', 'other'],
]

/** The high-level group of an ethnicity answer, or undefined for "Prefer not to say" and unknown values. */
export function ethnicGroupOf(value: string): EthnicGroup | undefined {
  return ethnicityOptions.find(([v]) => v === value)?.[2]
}

/** The protected characteristics of the Equality Act 2010, asked as the 2021 Census asks them. */
export const equalityQuestions = (): QuestionInput[] => [
  choiceWithPreferNot('age_band', 'What is your age?', ageBandOptions),
  choiceWithPreferNot('sex', 'What is your sex?', [
    ['female', 'Female'],
    ['male', 'Male'],
  ]),
  choiceWithPreferNot(
    'gender_identity_same',
    'Is the gender you identify with the same as your sex registered at birth?',
    yesNo,
  ),
  choiceWithPreferNot('sexual_orientation', 'Which of these best describes your sexual orientation?', [
    ['straight', 'Straight or heterosexual'],
    ['gay_lesbian', 'Gay or lesbian'],
    ['bisexual', 'Bisexual'],
    ['other', 'Another sexual orientation'],
  ]),
  choiceWithPreferNot(
    'ethnicity',
    'What is your ethnic group?',
    ethnicityOptions.map(([value, label]) => [value, label]),
  ),
  choiceWithPreferNot('religion', 'What is your religion?', [
    ['no_religion', 'No religion'],
    ['christian', 'Christian'],
    ['buddhist', 'Buddhist'],
    ['hindu', 'Hindu'],
    ['jewish', 'Jewish'],
    ['muslim', 'Muslim'],
    ['sikh', 'Sikh'],
    ['other', 'Any other religion'],
  ]),
  choiceWithPreferNot(
    'disability',
    'Do you have any physical or mental health conditions or illnesses lasting or expected to last 12 months or more, that reduce your ability to carry out day-to-day activities?',
    [
      ['yes_a_lot', 'Yes, a lot'],
      ['yes_a_little', 'Yes, a little'],
      ['no', 'No'],
    ],
  ),
  choiceWithPreferNot(
    'carer',
    'Do you look after, or give any help or support to, anyone because they have long-term physical or mental health conditions or illnesses, or problems related to old age?',
    yesNo,
  ),
  choiceWithPreferNot('pregnancy', 'Are you pregnant, or have you given birth in the last 26 weeks?', yesNo),
  choiceWithPreferNot('marriage', 'Are you married or in a civil partnership?', yesNo),
  choiceWithPreferNot('armed_forces', 'Have you ever served in the UK armed forces?', yesNo),
]

/**
 * The About you questions whose answers are special category data (UK GDPR article 9: ethnic
 * origin, religion, health, sexual orientation) or say whether someone's gender differs from
 * the sex they were registered at birth. They are asked for equality monitoring only, and never
 * used to tell whether two responses are one person's.
 */
export const specialCategoryKeys: ReadonlySet<string> = new Set([
  'ethnicity',
  'religion',
  'disability',
  'pregnancy',
  'sexual_orientation',
  'gender_identity_same',
])

/** The first half of a postcode: enough to see which areas responded, not who responded. */
export const postcodeDistrictQuestion = (): QuestionInput => ({
  key: 'postcode_district',
  type: 'postcode',
  part: 'district',
  title: 'What is the first half of your postcode?',
  hint: 'For example, LE1. We use this to see which areas we have heard from.',
  required: false,
})

/** The whole "About you" section the builder adds in one step. */
export const aboutYouSection = () => ({
  key: 'about_you',
  title: 'About you',
  questions: [relationshipQuestion(), ...equalityQuestions(), postcodeDistrictQuestion()],
})

/** For each proposal, in order: how far people agree with it, and a box to say why. */
export const proposalQuestions = (proposals: { title: string }[]): QuestionInput[] =>
  proposals.flatMap((proposal, i): QuestionInput[] => [
    {
      key: `p${i + 1}_agreement`,
      type: 'agreement',
      title: `How far do you agree or disagree with proposal ${i + 1}: ${proposal.title}?`,
      required: false,
      proposal: i + 1,
    },
    {
      key: `p${i + 1}_comments`,
      type: 'free_text',
      title: 'Please tell us why, and about any impact on you or others.',
      required: false,
      proposal: i + 1,
      maxLength: 5000,
    },
  ])
