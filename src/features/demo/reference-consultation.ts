import type { QuestionInput } from '../consultations/questionnaire-definition.js'

// A consultation modelled on the public facts of "Step up to Great Mental Health" (see SCENARIO.md).
// The wording is ours; no view in the demo is attributed to a real person or organisation.

export const demoSlug = 'step-up-to-great-mental-health'

export const demoConsultation = {
  slug: demoSlug,
  title: 'Step up to Great Mental Health',
  summary:
    'Proposals to change adult mental health services (urgent care and planned community care) in Leicester, Leicestershire and Rutland.',
  proposals: [
    {
      title: 'A 24/7 Central Access Point',
      summary:
        'One phone number for mental health help, also by text, BSL and interpreters, with an urgent call-back within 4 hours and an assessment within 24 hours.',
    },
    {
      title: 'More crisis cafés',
      summary: 'Drop-in cafés in voluntary-sector venues, growing from 3 to 25, with no appointment needed.',
    },
    {
      title: 'An improved crisis service',
      summary:
        'A 24/7 crisis service that people can refer themselves to, with intensive home treatment and no upper age limit.',
    },
    {
      title: 'More police triage car hours',
      summary: 'Mental health staff attending incidents with the police for more hours of the day.',
    },
    {
      title: 'Make the Mental Health Urgent Care Hub permanent',
      summary:
        'Keep the hub that opened in April 2020 as an alternative to A&E for people in mental health crisis.',
    },
    {
      title: 'A new Acute Mental Health Liaison Service',
      summary:
        'Mental health teams in the general hospitals to support people who arrive with mental health needs.',
    },
    {
      title: 'Joined-up support for vulnerable groups',
      summary: 'Services working together for groups such as people who are homeless.',
    },
    {
      title: 'Neighbourhood community mental health teams',
      summary: 'Eight teams for adults and eight for older adults, bringing care closer to home.',
    },
  ],
}

export const agreementOptions = [
  { value: 'strongly_agree', label: 'Strongly agree' },
  { value: 'agree', label: 'Agree' },
  { value: 'neither', label: 'Neither agree nor disagree' },
  { value: 'disagree', label: 'Disagree' },
  { value: 'strongly_disagree', label: 'Strongly disagree' },
  { value: 'dont_know', label: "Don't know" },
]

const questions: QuestionInput[] = [
  {
    key: 'overall_agreement',
    type: 'single_choice',
    title: 'Overall, how far do you agree or disagree with the proposals?',
    required: true,
    options: agreementOptions,
  },
  {
    key: 'overall_comments',
    type: 'free_text',
    title: 'Please tell us why, and about any impact the proposals would have on you or others.',
    hint: 'Do not include your name or other personal details.',
    required: false,
    maxLength: 5000,
  },
]

export const demoQuestionnaire = { sections: [{ key: 'your_views', title: 'Your views', questions }] }

/** Comments for the small start-up demo; the full synthetic generator builds on these themes. */
export const demoComments = [
  'One number to ring would make it so much easier when my son is unwell. Last time we were passed around for hours.',
  'Crisis cafes sound good but they need to be open late, that is when people struggle most.',
  'I worry about staffing. There are not enough nurses now, so how will you run more services?',
  'Getting to Leicester from Oakham without a car is very hard. Please keep services local.',
  'As a carer I am never asked what I think. This should include support for families.',
  'The urgent care hub helped me when I could not face A&E. Please keep it.',
  'Waiting times for community teams are far too long, I waited months for an assessment.',
  'Police should not be the first people to see someone in crisis, but having mental health staff with them is better than nothing.',
  'More information in other languages please, my mother does not read English.',
  'Good ideas but I will believe it when I see it.',
]
