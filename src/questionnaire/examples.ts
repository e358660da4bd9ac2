// A questionnaire with one of each kind of question, and routing: an example of the definition
// format, and what the tests render and answer.

const travel = [
  { value: 'bus', label: 'Bus' },
  { value: 'car', label: 'Car' },
  { value: 'walk', label: 'Walk' },
]

export const everyQuestionType = {
  sections: [
    {
      key: 's',
      title: 'Questions',
      questions: [
        {
          key: 'single',
          type: 'single_choice',
          title: 'How do you usually travel to appointments?',
          options: travel,
          required: true,
        },
        {
          key: 'multiple',
          type: 'multiple_choice',
          title: 'Which would you use?',
          options: travel,
          maxChoices: 2,
        },
        { key: 'agree', type: 'agreement', title: 'How far do you agree with the proposal?' },
        { key: 'rate', type: 'rating', title: 'How would you rate the service?', max: 5 },
        { key: 'comments', type: 'free_text', title: 'Tell us why', maxLength: 100 },
        { key: 'count', type: 'number', title: 'How many appointments did you have last year?', min: 0 },
        { key: 'when', type: 'date', title: 'When was your last appointment?' },
        { key: 'postcode', type: 'postcode', title: 'What is your postcode?', part: 'full' },
        { key: 'order', type: 'ranking', title: 'Rank these ways to travel', options: travel },
        {
          key: 'why_walk',
          type: 'free_text',
          title: 'Why do you walk?',
          showIf: { question: 'single', anyOf: ['walk'] },
        },
      ],
    },
  ],
}

// A questionnaire answered over several pages: routing across pages and within a section (which
// splits the section), and the questions about the respondent that a definition may ask.
export const pagedQuestionnaire = {
  respondent: {
    privacyNotice: 'We keep your answers for two years, then delete them.',
    askOrganisation: true,
    askContact: true,
  },
  sections: [
    {
      key: 'travel',
      title: 'Getting there',
      questions: [
        {
          key: 'mode',
          type: 'single_choice',
          title: 'How do you usually travel?',
          options: travel,
          required: true,
        },
        {
          key: 'why_walk',
          type: 'free_text',
          title: 'Why do you walk?',
          required: true,
          showIf: { question: 'mode', anyOf: ['walk'] },
        },
      ],
    },
    {
      key: 'views',
      title: 'Your views',
      questions: [
        { key: 'agree', type: 'agreement', title: 'How far do you agree with the proposal?', required: true },
        { key: 'comments', type: 'free_text', title: 'Tell us why', maxLength: 500 },
      ],
    },
    {
      key: 'walking',
      title: 'Walking',
      questions: [
        {
          key: 'route',
          type: 'free_text',
          title: 'Which way do you walk?',
          showIf: { question: 'mode', anyOf: ['walk'] },
        },
      ],
    },
  ],
}
