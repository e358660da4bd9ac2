import { pick } from '../random.js'
import { addComment, type Draft, emptyAnswers, firstResponse, proposalAnswers } from './answers.js'
import { campaignTiming, type Window } from './channels.js'
import {
  body,
  type ComposedComment,
  context,
  finish,
  generalWeights,
  type Piece,
  rates,
  type Speaker,
} from './comments.js'
import { fullName } from './names.js'
import type { Audience } from './population.js'
import { aboutYou, aboutYourResponse, drawContact, drawPerson } from './profiles.js'
import type { Random } from './sampling.js'

// An invented local campaign: people in the market towns and Rutland, worried that neighbourhood
// teams mean their clinic closing, send in near-identical words from one of two templates.

export const campaignKey = 'keep-care-local'

const campaignAudience: Audience = { area: { leicester: 0, elsewhere: 0, rutland: 6, leicestershire: 1 } }

interface Line {
  theme: string | null
  /** Small differences in wording between copies. */
  wordings: readonly string[]
}

const templates: { lines: Line[]; swappable: [number, number] }[] = [
  {
    lines: [
      {
        theme: 'keep_services_local',
        wordings: [
          'I am writing to ask you to keep mental health services local.',
          'I am writing to urge you to keep mental health services local.',
        ],
      },
      {
        theme: 'neighbourhood_teams_concern',
        wordings: [
          'The plan for eight neighbourhood teams would mean care being run from big centres, and our local clinic in {town} could close.',
          'Eight neighbourhood teams would mean care run from big centres, and the clinic we rely on in {town} could close.',
        ],
      },
      {
        theme: 'transport',
        wordings: [
          'Many people here do not drive, and the buses to Leicester are slow and infrequent.',
          'Lots of people here do not drive and the buses to Leicester are slow and infrequent.',
        ],
      },
      {
        theme: null,
        wordings: ['Please listen to local people.', 'Please listen to the people who live here.'],
      },
    ],
    swappable: [1, 2],
  },
  {
    lines: [
      {
        theme: 'neighbourhood_teams_concern',
        wordings: ['I strongly oppose proposal 8.', 'I am strongly against proposal 8.'],
      },
      {
        theme: 'keep_services_local',
        wordings: ['Mental health services must stay in {town}, not move to the big centres.'],
      },
      {
        theme: 'transport',
        wordings: [
          'Travelling to Leicester is not an option for many of us.',
          'Getting to Leicester is not possible for many of us.',
        ],
      },
    ],
    swappable: [0, 1],
  },
]

const greetings = ['Dear consultation team,', 'To whom it may concern,', 'Hello,']
const signOffs = ['Thank you.', 'Keep Care Local.']

function campaignComment(random: Random, speaker: Speaker): ComposedComment {
  const template = random() < 0.65 ? templates[0] : templates[1]
  if (!template) throw new Error('no campaign template')
  const lines = [...template.lines]
  const [a, b] = template.swappable
  if (random() < 0.3) [lines[a], lines[b]] = [lines[b] as Line, lines[a] as Line]
  const pieces: Piece[] = lines.map((line) => {
    const text = pick(random, line.wordings).replace('{town}', speaker.person.town)
    return line.theme ? { text, theme: line.theme, personal: false, safeguarding: false } : context(text)
  })
  if (random() < 0.5) pieces.unshift(context(pick(random, greetings)))
  if (random() < 0.5) pieces.push(context(pick(random, signOffs)))
  // Some sign with their name, which puts personal data in the text.
  if (random() < rates.personalData * 3)
    pieces.push(context(speaker.contact?.name ?? fullName(speaker.person.name), true))
  return finish(random, pieces, true)
}

export function campaignResponse(random: Random, w: Window, personId: number): Draft {
  const person = drawPerson(random, campaignAudience)
  const byEmail = random() < 0.15
  const channel = byEmail ? 'email' : 'online'
  const contact = drawContact(random, person, channel)
  const speaker: Speaker = { person, contact, organisation: null }
  const answers = emptyAnswers()
  const comments = new Map<string, ComposedComment>()
  if (!byEmail) {
    aboutYourResponse(random, person, answers)
    proposalAnswers(random, speaker, generalWeights(person), channel, answers, comments, {
      fixed: { 8: random() < 0.88 ? 'strongly_disagree' : 'disagree' },
      answerRate: 0.5,
      quiet: 8,
    })
    // The campaign's own words go in the overall box; some add a line under proposal 8 too.
    if (random() < 0.35) {
      const line = body(random, speaker, ['keep_services_local'], false)
      addComment(answers, comments, 'p8_comments', finish(random, line, true))
    }
    addComment(answers, comments, 'overall_comments', campaignComment(random, speaker))
    aboutYou(random, person, answers)
  } else {
    addComment(answers, comments, 'overall_comments', campaignComment(random, speaker))
  }
  return firstResponse(
    {
      channel,
      partner: null,
      event: null,
      respondingFor: null,
      ...campaignTiming(random, w, byEmail),
      answers,
      contact,
    },
    { personId, profile: person.profile, campaign: campaignKey },
    comments,
  )
}
