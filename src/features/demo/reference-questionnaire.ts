import type { QuestionInput } from '../consultations/questionnaire-definition.js'
import { demoConsultation } from './reference-consultation.js'

// The questionnaire of the reference case as SCENARIO.md describes its likely shape: who is
// responding, an agreement scale and a comments box for each proposal, and About you.

const preferNot = { value: 'prefer_not_to_say', label: 'Prefer not to say' }

const choice = (
  key: string,
  title: string,
  options: [string, string][],
  extra: Partial<QuestionInput> = {},
) =>
  ({
    key,
    type: 'single_choice',
    title,
    required: false,
    options: [...options.map(([value, label]) => ({ value, label })), preferNot],
    ...extra,
  }) as QuestionInput

export const relationshipOptions: [string, string][] = [
  ['uses_services', 'I use, or have used, mental health services'],
  ['family_carer', 'I am a family member or carer of someone who uses mental health services'],
  ['staff', 'I work in health or care services'],
  ['public', 'I am a member of the public'],
  ['organisation', 'I am responding on behalf of an organisation'],
]

export const areaOptions: [string, string][] = [
  ['leicester', 'Leicester'],
  ['leicestershire', 'Leicestershire'],
  ['rutland', 'Rutland'],
  ['elsewhere', 'Somewhere else'],
]

export const ageBandOptions: [string, string][] = [
  ['under_18', 'Under 18'],
  ['18_24', '18 to 24'],
  ['25_34', '25 to 34'],
  ['35_44', '35 to 44'],
  ['45_54', '45 to 54'],
  ['55_64', '55 to 64'],
  ['65_74', '65 to 74'],
  ['75_plus', '75 or over'],
]

/** ONS 2021 ethnic group categories, each with its high-level group (the five groups plus Other). */
export const ethnicityOptions: [string, string, string][] = [
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

const proposalQuestions = demoConsultation.proposals.flatMap((proposal, i): QuestionInput[] => [
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

export const referenceQuestionnaire = {
  sections: [
    {
      key: 'about_your_response',
      title: 'About your response',
      questions: [
        choice('relationship', 'Which of these best describes you?', relationshipOptions),
        choice('area', 'Where do you live?', areaOptions),
        {
          key: 'postcode_district',
          type: 'free_text',
          title: 'What is the first half of your postcode?',
          hint: 'For example, LE1. We use this to see which areas we have heard from.',
          required: false,
          maxLength: 4,
        },
      ] as QuestionInput[],
    },
    { key: 'proposals', title: 'The proposals', questions: proposalQuestions },
    {
      key: 'overall',
      title: 'Anything else',
      questions: [
        {
          key: 'overall_comments',
          type: 'free_text',
          title: 'Is there anything else you want to tell us, including other ideas we should consider?',
          required: false,
          maxLength: 5000,
        },
      ] as QuestionInput[],
    },
    {
      key: 'about_you',
      title: 'About you',
      questions: [
        choice('age_band', 'What is your age?', ageBandOptions),
        choice('sex', 'What is your sex?', [
          ['female', 'Female'],
          ['male', 'Male'],
        ]),
        choice(
          'gender_identity_same',
          'Is the gender you identify with the same as your sex registered at birth?',
          [
            ['yes', 'Yes'],
            ['no', 'No'],
          ],
        ),
        choice('sexual_orientation', 'Which of these best describes your sexual orientation?', [
          ['straight', 'Straight or heterosexual'],
          ['gay_lesbian', 'Gay or lesbian'],
          ['bisexual', 'Bisexual'],
          ['other', 'Another sexual orientation'],
        ]),
        choice(
          'ethnicity',
          'What is your ethnic group?',
          ethnicityOptions.map(([value, label]) => [value, label]),
        ),
        choice('religion', 'What is your religion?', [
          ['no_religion', 'No religion'],
          ['christian', 'Christian'],
          ['buddhist', 'Buddhist'],
          ['hindu', 'Hindu'],
          ['jewish', 'Jewish'],
          ['muslim', 'Muslim'],
          ['sikh', 'Sikh'],
          ['other', 'Any other religion'],
        ]),
        choice(
          'disability',
          'Do you have any physical or mental health conditions or illnesses lasting or expected to last 12 months or more, that reduce your ability to carry out day-to-day activities?',
          [
            ['yes_a_lot', 'Yes, a lot'],
            ['yes_a_little', 'Yes, a little'],
            ['no', 'No'],
          ],
        ),
        choice(
          'carer',
          'Do you look after, or give any help or support to, anyone because they have long-term physical or mental health conditions or illnesses, or problems related to old age?',
          [
            ['yes', 'Yes'],
            ['no', 'No'],
          ],
        ),
        choice('pregnancy', 'Are you pregnant, or have you given birth in the last 26 weeks?', [
          ['yes', 'Yes'],
          ['no', 'No'],
        ]),
        choice('marriage', 'Are you married or in a civil partnership?', [
          ['yes', 'Yes'],
          ['no', 'No'],
        ]),
        choice('armed_forces', 'Have you ever served in the UK armed forces?', [
          ['yes', 'Yes'],
          ['no', 'No'],
        ]),
      ],
    },
  ],
}

/** The reference case's dates, as published (see SCENARIO.md): Europe/London times in UTC. */
export const referenceTimeline = {
  opensAt: new Date('2021-05-23T23:00:00Z'),
  closesAt: new Date('2021-08-15T22:59:59Z'),
  postalDeadlineAt: new Date('2021-08-25T22:59:59Z'),
}

export const defaultDemoResponses = 6650
