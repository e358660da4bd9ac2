import type { QuestionInput } from '../consultations/questionnaire-definition.js'

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
    },
    {
      title: 'Base teams in community hubs and libraries',
      summary: 'Teams would work from community buildings that people already visit, with less stigma.',
    },
    {
      title: 'Decide with each neighbourhood',
      summary: 'Each neighbourhood would choose, with local people, voluntary groups and staff.',
    },
  ],
}

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
