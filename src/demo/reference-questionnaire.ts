import type { ConsultationStatus } from '../platform/db/schema.js'
import type { QuestionInput } from '../questionnaire/definition.js'
import {
  choiceWithPreferNot,
  equalityQuestions,
  proposalQuestions,
  relationshipQuestion,
} from '../questionnaire/library.js'
import { demoConsultation } from './reference-consultation.js'

// The questionnaire of the reference case as SCENARIO.md describes its likely shape: who is
// responding, an agreement scale and a comments box for each proposal, and About you.

// The About you questions and their categories come from the consultations feature's library,
// which the builder offers to every consultation.
export { ageBandOptions, ethnicityOptions } from '../questionnaire/library.js'

export const areaOptions: [string, string][] = [
  ['leicester', 'Leicester'],
  ['leicestershire', 'Leicestershire'],
  ['rutland', 'Rutland'],
  ['elsewhere', 'Somewhere else'],
]

export const referenceQuestionnaire = {
  sections: [
    {
      key: 'about_your_response',
      title: 'About your response',
      questions: [
        relationshipQuestion('mental health services'),
        choiceWithPreferNot('area', 'Where do you live?', areaOptions),
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
    { key: 'proposals', title: 'The proposals', questions: proposalQuestions(demoConsultation.proposals) },
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
      questions: equalityQuestions(),
    },
  ],
}

/** The reference case's dates, as published (see SCENARIO.md): Europe/London times in UTC. */
export const referenceTimeline = {
  opensAt: new Date('2021-05-23T23:00:00Z'),
  closesAt: new Date('2021-08-15T22:59:59Z'),
  postalDeadlineAt: new Date('2021-08-25T22:59:59Z'),
}

/** The reference case's lifecycle as it happened: twelve weeks open, then the postal returns, then analysis. */
export const referenceHistory: { status: ConsultationStatus; at: Date }[] = [
  { status: 'draft', at: new Date('2021-04-19T08:30:00Z') },
  { status: 'scheduled', at: new Date('2021-05-17T09:00:00Z') },
  { status: 'open', at: referenceTimeline.opensAt },
  { status: 'closed', at: new Date('2021-08-15T23:00:00Z') },
  { status: 'analysing', at: new Date('2021-08-26T08:00:00Z') },
]

export const defaultDemoResponses = 6650
