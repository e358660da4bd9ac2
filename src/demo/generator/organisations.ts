import type { ResponseChannel } from '../../platform/db/schema.js'
import { pick } from '../random.js'
import { demoConsultation } from '../reference-consultation.js'
import { addComment, type Draft, emptyAnswers, firstResponse } from './answers.js'
import { emailTiming, letterTiming, onlineTiming, type Timing, type Window } from './channels.js'
import {
  body,
  type ComposedComment,
  finish,
  organisationGeneralThemes,
  organisationOverall,
  organisationProposalThemes,
  type Section,
  type Speaker,
} from './comments.js'
import { emailFor, fullName, fullPostcode, phoneNumber } from './names.js'
import { drawAgreement } from './opinions.js'
import { demoPartners } from './partners.js'
import { everyone } from './population.js'
import { drawPerson } from './profiles.js'
import type { Random } from './sampling.js'
import type { RespondentContact } from './types.js'

// Organisations that respond on their own behalf. All are invented, with coined names chosen not
// to match real groups; the demo partners respond as organisations too.

export const organisationNames: readonly string[] = [
  'Larkspur Carers Network',
  'Threeways Peer Support Collective',
  'Brightwell Community Trust',
  'Wrenfield Wellbeing Hub',
  'Hollybrook Older People’s Forum',
  'Cedarwell Disability Rights Group',
  'Nightjar Refugee Welcome Group',
  'Quillmoor Rural Action',
  'Tallowbrook Faith Partnership',
  'Amberleigh Student Wellbeing Society',
  'Silverbirch Autism Family Group',
  'Harrowdene Homeless Outreach',
  'Copperbeech Tenants’ Forum',
  'Kingfisher Recovery Café Volunteers',
  ...demoPartners.map((p) => p.name),
]

/** A response on behalf of an organisation: full answers and long comments, or a long letter or email. */
export function organisationResponse(random: Random, w: Window, personId: number): Draft {
  const organisation = pick(random, organisationNames)
  const person = drawPerson(random, everyone, true)
  const r = random()
  const channel: ResponseChannel = r < 0.4 ? 'email' : r < 0.8 ? 'online' : 'letter'
  const contact: RespondentContact = {
    name: fullName(person.name),
    email: emailFor(random, person.name, 'example.org'),
    phone: random() < 0.5 ? phoneNumber(random) : null,
    postcode: channel === 'letter' ? fullPostcode(random, person.district) : null,
    consentToContact: true,
  }
  const speaker: Speaker = { person, contact, organisation }
  const answers = emptyAnswers()
  const comments = new Map<string, ComposedComment>()
  let timing: Timing
  if (channel === 'online') {
    answers.relationship = 'organisation'
    if (random() < 0.8) {
      answers.area = person.profile.area
      answers.postcode_district = person.district
    }
    for (let p = 1; p <= 8; p++) {
      const agreement =
        random() < 0.95 ? drawAgreement(random, p, person.attitude, person.shifts[p - 1] ?? 0) : undefined
      if (agreement) answers[`p${p}_agreement`] = agreement
      if (random() < 0.85) {
        const pieces = body(random, speaker, organisationProposalThemes(random, p, agreement), false)
        addComment(answers, comments, `p${p}_comments`, finish(random, pieces, true))
      }
    }
    addComment(
      answers,
      comments,
      'overall_comments',
      organisationOverall(random, speaker, [
        { heading: null, themes: organisationGeneralThemes(random, 2 + Math.floor(random() * 2)) },
      ]),
    )
    timing = onlineTiming(random, w)
  } else {
    // A letter or email takes some proposals in turn, then makes its wider points.
    const sections: Section[] = []
    const taken: string[] = []
    for (let p = 1; p <= 8; p++) {
      if (random() < 0.4) {
        const agreement = drawAgreement(random, p, person.attitude, person.shifts[p - 1] ?? 0)
        const themes = organisationProposalThemes(random, p, agreement).slice(0, 1)
        taken.push(...themes)
        sections.push({ heading: `Proposal ${p}: ${demoConsultation.proposals[p - 1]?.title}`, themes })
      }
    }
    sections.push({
      heading: null,
      themes: organisationGeneralThemes(random, 1 + Math.floor(random() * 2), taken),
    })
    addComment(answers, comments, 'overall_comments', organisationOverall(random, speaker, sections))
    timing = channel === 'email' ? emailTiming(random, w) : letterTiming(random, w)
  }
  return firstResponse(
    { channel, partner: null, event: null, respondingFor: organisation, ...timing, answers, contact },
    { personId, profile: person.profile, campaign: null },
    comments,
  )
}
