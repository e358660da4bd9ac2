import type { AnswerValue } from '../../platform/db/schema.js'
import { pick, seededRandom } from '../random.js'
import { type Draft, emptyAnswers } from './answers.js'
import { hasRoomAfter, laterTiming, type Window } from './channels.js'
import { type ComposedComment, editComment } from './comments.js'
import { emailFor, phoneNumber } from './names.js'
import type { Random } from './sampling.js'
import type {
  Answers,
  CommentTruth,
  GeneratedResponse,
  RespondentContact,
  RespondentProfile,
} from './types.js'

// People who answer twice: exactly the same again (a double click, a paper copy as well), or a
// second go with a few answers changed. Copies are made from a bounded pool of recent originals,
// so memory does not grow with the number of responses generated.

/** What a duplicate needs of its original, copied so that changes to a yielded response cannot leak. */
export interface Original {
  index: number
  personId: number
  channel: GeneratedResponse['channel']
  respondingFor: string | null
  submittedAt: Date
  receivedAt: Date
  late: boolean
  /** The answers as parallel lists, which are quicker to copy than the object itself. */
  answerKeys: string[]
  answerValues: AnswerValue[]
  contact: RespondentContact | null
  profile: RespondentProfile
  comments: Map<string, ComposedComment>
}

export interface RecentOriginals {
  /** Any original with time left after it: the source of exact duplicates. */
  any: Original[]
  /** Originals that give a name and a postcode district, which near duplicates share. */
  named: Original[]
  capacity: number
  nextAny: number
  nextNamed: number
}

export const recentOriginals = (capacity: number): RecentOriginals => ({
  any: [],
  named: [],
  capacity,
  nextAny: 0,
  nextNamed: 0,
})

function keep(list: Original[], at: number, capacity: number, original: Original): number {
  if (list.length < capacity) list.push(original)
  else list[at] = original
  return (at + 1) % capacity
}

/** Share of eligible responses kept: enough to copy from, and copying each one costs time. */
const keepShare = 0.25

/** Offers a new response to the pool; only ordinary ones with time left after them can be kept. */
export function remember(
  random: Random,
  pool: RecentOriginals,
  w: Window,
  response: GeneratedResponse,
  comments: Map<string, ComposedComment>,
) {
  if (response.truth.campaign || response.partner || response.event || !hasRoomAfter(w, response)) return
  if (random() >= keepShare) return
  const answerKeys = Object.keys(response.answers)
  const answerValues = answerKeys.map((key) => response.answers[key] as AnswerValue)
  const original: Original = {
    index: response.index,
    personId: response.truth.personId,
    channel: response.channel,
    respondingFor: response.respondingFor,
    submittedAt: new Date(response.submittedAt.getTime()),
    receivedAt: new Date(response.receivedAt.getTime()),
    late: response.late,
    answerKeys,
    answerValues,
    contact: response.contact && { ...response.contact },
    profile: { ...response.truth.profile },
    comments,
  }
  pool.nextAny = keep(pool.any, pool.nextAny, pool.capacity, original)
  if (original.contact?.name && answerKeys.includes('postcode_district'))
    pool.nextNamed = keep(pool.named, pool.nextNamed, pool.capacity, original)
}

function answersOf(original: Original): Answers {
  const answers = emptyAnswers()
  for (let i = 0; i < original.answerKeys.length; i++)
    answers[original.answerKeys[i] ?? ''] = original.answerValues[i] as AnswerValue
  return answers
}

const copyTruth = (t: CommentTruth): CommentTruth => ({ ...t, themes: [...t.themes] })

function duplicateDraft(
  random: Random,
  w: Window,
  original: Original,
  kind: 'exact' | 'near',
  answers: Answers,
  contact: RespondentContact | null,
  comments: Map<string, ComposedComment>,
  channel: GeneratedResponse['channel'] = original.channel,
): Draft {
  const truthComments: Record<string, CommentTruth> = {}
  for (const [key, comment] of comments) truthComments[key] = copyTruth(comment.truth)
  return {
    response: {
      channel,
      partner: null,
      event: null,
      respondingFor: original.respondingFor,
      ...laterTiming(random, w, original),
      answers,
      contact,
      truth: {
        personId: original.personId,
        duplicate: { kind, of: original.index },
        campaign: null,
        profile: { ...original.profile },
        comments: truthComments,
      },
    },
    comments,
  }
}

export function exactDuplicate(random: Random, w: Window, pool: RecentOriginals): Draft | null {
  if (pool.any.length === 0) return null
  const original = pick(random, pool.any)
  const contact = original.contact && { ...original.contact }
  return duplicateDraft(
    random,
    w,
    original,
    'exact',
    answersOf(original),
    contact,
    new Map(original.comments),
  )
}

/** One step along the scale on the same side: a change of emphasis, not of mind. */
const nudged: Record<string, string> = {
  strongly_agree: 'agree',
  agree: 'strongly_agree',
  disagree: 'strongly_disagree',
  strongly_disagree: 'disagree',
  neither: 'dont_know',
  dont_know: 'neither',
}

const aboutYouKeys = ['age_band', 'sex', 'religion', 'disability', 'marriage', 'sexual_orientation']

export function nearDuplicate(random: Random, w: Window, pool: RecentOriginals): Draft | null {
  if (pool.named.length === 0) return null
  const original = pick(random, pool.named)
  const answers = answersOf(original)
  const agreementKeys = Object.keys(answers).filter((k) => k.endsWith('_agreement'))
  const changes = Math.min(agreementKeys.length, 1 + Math.floor(random() * 3))
  for (let i = 0; i < changes; i++) {
    const [key] = agreementKeys.splice(Math.floor(random() * agreementKeys.length), 1)
    if (key) answers[key] = nudged[String(answers[key])] ?? 'neither'
  }
  // The second time round some leave out a question about themselves.
  if (random() < 0.3) {
    const key = pick(random, aboutYouKeys)
    if (key in answers) answers[key] = 'prefer_not_to_say'
  }
  const comments = new Map<string, ComposedComment>()
  const commentKeys = [...original.comments.keys()]
  // With no agreement to change, make sure some wording does.
  const mustEdit = changes === 0 && commentKeys.length > 0 ? pick(random, commentKeys) : null
  for (const [key, comment] of original.comments) {
    const edited = key === mustEdit || random() < 0.5 ? editComment(random, comment) : comment
    comments.set(key, edited)
    answers[key] = edited.text
  }
  // Someone with neither views nor comments to change leaves out something else this time.
  if (changes === 0 && mustEdit === null) {
    const others = Object.keys(answers).filter((k) => k !== 'postcode_district')
    if (others.length > 0) delete answers[pick(random, others)]
  }
  const before = original.contact
  const r = random()
  const email =
    r < 0.4
      ? (before?.email ?? null)
      : r < 0.7 && before?.name
        ? emailFor(random, splitName(before.name))
        : null
  const phone = random() < 0.5 ? (before?.phone ?? null) : random() < 0.2 ? phoneNumber(random) : null
  const consentToContact = random() < 0.6
  // How the second time differs in its details comes from a stream of its own, so every other
  // response is drawn as it was. Some leave About your response out; some answer online, then
  // post the printed form as well, whose contact box asks no email; names and phones are
  // written another way.
  const own = seededRandom(original.index + 1)
  const channel = original.channel === 'online' && own() < 0.3 ? 'paper' : original.channel
  const contact: RespondentContact | null =
    own() < 0.2
      ? null
      : {
          name: before?.name ? writtenAgain(own, before.name) : null,
          email: channel === original.channel ? email : null,
          phone: phone && writtenPhone(own, phone),
          postcode: before?.postcode ?? null,
          consentToContact,
        }
  return duplicateDraft(random, w, original, 'near', answers, contact, comments, channel)
}

/** A name as someone writes it another time: in capitals, surname first, or with a title. */
function writtenAgain(random: Random, name: string): string {
  const { first, last } = splitName(name)
  const r = random()
  if (r < 0.15) return name.toUpperCase()
  if (r < 0.3) return `${last}, ${first}`
  if (r < 0.4) return `${pick(random, ['Mr', 'Mrs', 'Ms', 'Dr'])} ${first.charAt(0)} ${last}`
  return name
}

/** A UK number written another way: +44 (0)… or 0044… */
function writtenPhone(random: Random, phone: string): string {
  if (!phone.startsWith('0')) return phone
  const r = random()
  if (r < 0.2) return `+44 (0)${phone.slice(1)}`
  if (r < 0.35) return `0044 ${phone.slice(1)}`
  return phone
}

function splitName(name: string) {
  const space = name.indexOf(' ')
  return { first: name.slice(0, space), last: name.slice(space + 1) }
}
