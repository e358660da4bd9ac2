import {
  addComment,
  type Draft,
  emptyAnswers,
  firstResponse,
  overallAnswer,
  proposalAnswers,
} from './answers.js'
import {
  channelTable,
  emailTiming,
  eventTiming,
  lateShareOfPaper,
  letterTiming,
  onlineTiming,
  paperTiming,
  partnerTiming,
  type Timing,
  type Window,
} from './channels.js'
import { type ComposedComment, correspondence, generalWeights, type Speaker } from './comments.js'
import { eventCrowds, eventTable } from './events.js'
import { partnerAudiences, partnerTable } from './partners.js'
import { type Audience, everyone } from './population.js'
import { aboutYou, aboutYourResponse, capturedContact, drawContact, drawPerson } from './profiles.js'
import { draw, type Random } from './sampling.js'
import type { DemoEvent } from './types.js'

// Most responses: one person answering for themselves, online, on paper, with a partner's help,
// at an event, or by letter or email.

/** Someone answering on their own account, through any channel. */
export function individualResponse(
  random: Random,
  w: Window,
  events: Map<string, DemoEvent>,
  personId: number,
): Draft {
  const channel = draw(random, channelTable)
  let partner: string | null = null
  let event: string | null = null
  let audience: Audience = everyone
  let timing: Timing
  if (channel === 'partner') {
    partner = draw(random, partnerTable)
    audience = partnerAudiences[partner] ?? everyone
  } else if (channel === 'event') {
    event = draw(random, eventTable)
    audience = eventCrowds[event] ?? everyone
    // A partner running the event helped people take part too.
    partner = events.get(event)?.partner ?? null
  }
  const person = drawPerson(random, audience)
  const contact = drawContact(random, person, channel)
  const speaker: Speaker = { person, contact, organisation: null }
  const weights = generalWeights(person)
  const answers = emptyAnswers()
  const comments = new Map<string, ComposedComment>()
  if (channel === 'letter' || channel === 'email') {
    // Staff entering a letter record where it came from when the address shows it.
    if (random() < (channel === 'letter' ? 0.7 : 0.3)) {
      answers.area = person.profile.area
      answers.postcode_district = person.district
    }
    addComment(answers, comments, 'overall_comments', correspondence(random, speaker, weights, channel))
  } else {
    aboutYourResponse(random, person, answers)
    const agreements = proposalAnswers(random, speaker, weights, channel, answers, comments)
    overallAnswer(random, speaker, weights, agreements, answers, comments)
    aboutYou(random, person, answers)
  }
  switch (channel) {
    case 'paper':
      timing = paperTiming(random, w, random() < lateShareOfPaper)
      break
    case 'partner':
      timing = partnerTiming(random, w)
      break
    case 'event': {
      const held = event ? events.get(event) : undefined
      if (!held) throw new Error(`unknown event ${event}`)
      timing = eventTiming(random, w, held)
      break
    }
    case 'letter':
      timing = letterTiming(random, w)
      break
    case 'email':
      timing = emailTiming(random, w)
      break
    default:
      timing = onlineTiming(random, w)
  }
  return firstResponse(
    {
      channel,
      partner,
      event,
      respondingFor: null,
      ...timing,
      answers,
      contact: capturedContact(contact, channel),
    },
    { personId, profile: person.profile, campaign: null },
    comments,
  )
}
