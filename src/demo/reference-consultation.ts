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
      whatWouldChange:
        'One number to call instead of several, answered day and night, with an urgent call-back within 4 hours and an assessment within 24 hours.',
      whoIsAffected:
        'Adults in Leicester, Leicestershire and Rutland who need mental health help, their families and carers, GPs and NHS 111.',
    },
    {
      title: 'More crisis cafés',
      summary: 'Drop-in cafés in voluntary-sector venues, growing from 3 to 25, with no appointment needed.',
      whatWouldChange:
        'Cafés run with voluntary-sector partners would grow from 3 to 25, with no appointment or referral needed.',
      whoIsAffected:
        'People who feel they are heading for a crisis, and the voluntary groups who would run the cafés.',
    },
    {
      title: 'An improved crisis service',
      summary:
        'A 24/7 crisis service that people can refer themselves to, with intensive home treatment and no upper age limit.',
      whatWouldChange:
        'The crisis team would take calls from people themselves, work 24 hours a day, treat more people at home and see adults of any age.',
      whoIsAffected:
        'Adults in mental health crisis, including older adults who are now seen by a different team, and their carers.',
    },
    {
      title: 'More police triage car hours',
      summary: 'Mental health staff attending incidents with the police for more hours of the day.',
      whatWouldChange:
        'Mental health nurses would ride with police officers for more hours each day, so fewer people are taken to a police station or A&E.',
      whoIsAffected:
        'People in crisis who come into contact with the police, and police and ambulance staff.',
    },
    {
      title: 'Make the Mental Health Urgent Care Hub permanent',
      summary:
        'Keep the hub that opened in April 2020 as an alternative to A&E for people in mental health crisis.',
      whatWouldChange:
        'The hub, opened in April 2020 as a temporary service, would stay open as an alternative to A&E.',
      whoIsAffected: 'People who would otherwise wait in A&E for mental health care, and A&E staff.',
    },
    {
      title: 'A new Acute Mental Health Liaison Service',
      summary:
        'Mental health teams in the general hospitals to support people who arrive with mental health needs.',
      whatWouldChange:
        'Mental health teams would work in the general hospitals, seeing people with mental health needs in A&E and on the wards.',
      whoIsAffected: 'People in the general hospitals who also have mental health needs, and hospital staff.',
    },
    {
      title: 'Joined-up support for vulnerable groups',
      summary: 'Services working together for groups such as people who are homeless.',
      whatWouldChange:
        'Mental health, housing, substance misuse and social care services would share plans and staff for people who fall between services.',
      whoIsAffected:
        'People who are homeless, people with drug or alcohol problems, and others who find services hard to reach.',
    },
    {
      title: 'Neighbourhood community mental health teams',
      summary: 'Eight teams for adults and eight for older adults, bringing care closer to home.',
      whatWouldChange:
        'Planned care would be organised in neighbourhoods, with 8 teams for adults and 8 for older adults working with GP practices and local groups.',
      whoIsAffected:
        'Adults and older adults who use planned community mental health care, their carers, GPs and local voluntary groups.',
    },
  ],
}

/** What the public page shows besides the proposals. Contact details are invented (example.org, a drama number). */
export const referencePublicDetails = {
  sponsors: [
    'NHS Leicester City Clinical Commissioning Group',
    'NHS West Leicestershire Clinical Commissioning Group',
    'NHS East Leicestershire and Rutland Clinical Commissioning Group',
    'Leicestershire Partnership NHS Trust',
  ],
  areas: ['Leicester', 'Leicestershire', 'Rutland'],
  contactEmail: 'stepup.consultation@example.org',
  contactPhone: '0116 496 0123',
  freepostAddress: 'Freepost STEP UP TO GREAT MENTAL HEALTH',
  privacyNotice:
    'Your answers are analysed by an independent NHS commissioning support unit. We publish what people told us, but never your name or anything that could identify you.\n\nWe keep responses until the decision has been made and put into practice, and then delete them. You can ask us to see or delete your response by email or phone.',
  nextSteps:
    'When the consultation closes, an independent team will read and count every response, including paper ones received by the postal deadline, and publish a Report of Findings with a summary and an Easy Read version.\n\nThe Governing Body will then decide, in a meeting held in public, looking at the findings, a Decision-Making Business Case and an Equality Impact Assessment. We will tell you what we decided and how your views shaped it.',
}

/** The formats and languages the reference case offered (SCENARIO.md); written ones are small demo PDFs. */
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
  { kind: 'translation', language: 'pa', title: 'Summary in Punjabi' },
  { kind: 'translation', language: 'ur', title: 'Summary in Urdu' },
  { kind: 'translation', language: 'pl', title: 'Summary in Polish' },
  {
    kind: 'video',
    language: 'en',
    title: 'Video: the proposals explained',
    url: 'https://video.example.org/step-up-to-great-mental-health/proposals-explained',
  },
] as const
