// A consultation modelled on the public facts of "Step up to Great Mental Health" (see SCENARIO.md).
// The wording is ours; no view in the demo is attributed to a real person or organisation.

export const referenceSlug = 'step-up-to-great-mental-health'

export const demoConsultation = {
  slug: referenceSlug,
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

/** The formats and languages the reference case offered (SCENARIO.md); no files, as the demo has none. */
export const referenceDocuments = [
  {
    kind: 'consultation_document',
    language: 'en',
    title: 'Step up to Great Mental Health: consultation document',
  },
  { kind: 'summary', language: 'en', title: 'Summary document' },
  { kind: 'faq', language: 'en', title: 'Frequently asked questions' },
  { kind: 'easy_read', language: 'en', title: 'Easy Read version' },
  { kind: 'large_print', language: 'en', title: 'Large print summary' },
  { kind: 'translation', language: 'gu', title: 'Summary in Gujarati' },
  { kind: 'translation', language: 'pl', title: 'Summary in Polish' },
  { kind: 'video', language: 'en', title: 'Video: the proposals explained' },
] as const
