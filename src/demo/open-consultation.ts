import type { QuestionInput } from '../questionnaire/definition.js'

// A follow-up consultation, open now, so the public journey can be tried on the demo. It is
// invented for the demo; it follows on from proposal 8 of the reference case.

export const openDemoSlug = 'neighbourhood-mental-health-teams'

export const openDemoConsultation = {
  slug: openDemoSlug,
  title: 'Neighbourhood mental health teams: where should they be based?',
  summary:
    'We are setting up neighbourhood community mental health teams across Leicester, Leicestershire and Rutland. Tell us where they should be based so that people can reach them.',
  proposals: [
    {
      title: 'Base teams in health centres',
      summary: 'Teams would work from GP surgeries and health centres, next to other NHS services.',
      whatWouldChange:
        'Appointments would be in the same buildings as GP practices, and teams could share records and rooms with them.',
      whoIsAffected:
        'Adults and older adults who use community mental health care, their carers, and GP practices.',
    },
    {
      title: 'Base teams in community hubs and libraries',
      summary: 'Teams would work from community buildings that people already visit, with less stigma.',
      whatWouldChange:
        'Appointments and drop-in sessions would be held in libraries and community centres, some in the evening.',
      whoIsAffected:
        'People who find clinics hard to visit, voluntary groups that run community buildings, and staff.',
    },
    {
      title: 'Decide with each neighbourhood',
      summary: 'Each neighbourhood would choose, with local people, voluntary groups and staff.',
      whatWouldChange: 'Teams might be based in different kinds of building in different places.',
      whoIsAffected: 'Everyone in each neighbourhood, especially people in rural areas such as Rutland.',
    },
  ],
}

/** Invented contact details (example.org, a drama number), as on the reference case. */
export const openDemoPublicDetails = {
  sponsors: [
    'NHS Leicester, Leicestershire and Rutland Integrated Care Board',
    'Leicestershire Partnership NHS Trust',
  ],
  areas: ['Leicester', 'Leicestershire', 'Rutland'],
  contactEmail: 'neighbourhood.teams@example.org',
  contactPhone: '0116 496 0456',
  freepostAddress: 'Freepost NEIGHBOURHOOD TEAMS',
  privacyNotice:
    'We use your answers only to decide where the teams should be based. We publish what people told us, never your name.\n\nWe delete responses a year after the decision.',
  nextSteps:
    'We will publish a summary of what you told us within two months of the closing date, and decide where the first teams will be based at a board meeting held in public.',
}

export const openDemoDocuments = [
  {
    kind: 'consultation_document',
    language: 'en',
    title: 'Where should the teams be based? Consultation document',
  },
  { kind: 'easy_read', language: 'en', title: 'Easy Read version' },
  { kind: 'translation', language: 'gu', title: 'Summary in Gujarati' },
  { kind: 'translation', language: 'so', title: 'Summary in Somali' },
  {
    kind: 'bsl',
    language: 'en',
    title: 'The proposals in British Sign Language',
    url: 'https://video.example.org/neighbourhood-teams/bsl',
  },
] as const

/** Drop-in events, in days after the consultation opens. */
export const openDemoEvents = [
  {
    title: 'Drop-in at Highfields Community Centre',
    day: 42,
    hour: 14,
    place: 'Highfields, Leicester',
    format: 'in_person',
    audience: 'anyone',
  },
  {
    title: 'Online question and answer session',
    day: 56,
    hour: 18,
    place: 'Microsoft Teams',
    format: 'online',
    audience: 'anyone',
  },
  {
    title: 'Carers coffee morning',
    day: 63,
    hour: 10,
    place: 'Oakham Library, Rutland',
    format: 'in_person',
    audience: 'carers',
  },
] as const

const questions: QuestionInput[] = [
  {
    key: 'overall_agreement',
    type: 'agreement',
    title: 'Overall, how far do you agree or disagree with the proposals?',
    required: true,
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

export const openDemoQuestionnaire = { sections: [{ key: 'your_views', title: 'Your views', questions }] }

export const openDemoComments = [
  'A health centre near me would be easy to get to, I go there anyway.',
  'Libraries feel less scary than a clinic. Nobody knows why you are there.',
  'Please ask people in Rutland, buses to Oakham are every two hours at best.',
  'As a carer I would like somewhere I can go with my son without a long wait in a corridor.',
  'Whatever you choose, there need to be enough staff or it will not work.',
  'Let each area decide, Highfields is not the same as Market Harborough.',
  'Evening opening matters more than the building.',
  'Community hubs are a good idea if they are accessible for wheelchair users.',
]
