import type { ResponseChannel } from '../../platform/db/schema.js'
import {
  body,
  type ComposedComment,
  finish,
  overallCommentThemes,
  overallSize,
  proposalCommentThemes,
  type Speaker,
} from './comments.js'
import { drawAgreement, isOpposed } from './opinions.js'
import type { Random } from './sampling.js'
import type { Answers, CommentTruth, GeneratedResponse, RespondentProfile } from './types.js'

// A questionnaire's answers for one person: a view on each proposal they get to, comments where
// they have something to say, and the gold labels of every comment.

/** A response before it is given its place in the stream, with its comments' makings kept for editing. */
export interface Draft {
  response: Omit<GeneratedResponse, 'index' | 'reference' | 'submissionKey'>
  comments: Map<string, ComposedComment>
}

/**
 * An empty answers object that V8 keeps as a hash table. Which questions people answer varies so
 * much that adding keys one by one to an ordinary object makes a new hidden class for almost every
 * response, which cost more than everything else the generator does; to its users it is still a
 * plain object.
 */
export function emptyAnswers(): Answers {
  const answers: Answers = { a: '', b: '' }
  delete answers.a
  delete answers.b
  return answers
}

const agreementKey = [1, 2, 3, 4, 5, 6, 7, 8].map((p) => `p${p}_agreement`)
const commentKey = [1, 2, 3, 4, 5, 6, 7, 8].map((p) => `p${p}_comments`)

/** Proposals drawing more comment than others: the phone line and the local teams touched people most. */
const proposalTalk = [1.1, 0.95, 0.95, 1.05, 0.9, 0.9, 0.9, 1.15]

export function addComment(
  answers: Answers,
  comments: Map<string, ComposedComment>,
  key: string,
  comment: ComposedComment,
) {
  answers[key] = comment.text
  comments.set(key, comment)
}

export interface ProposalOptions {
  /** Answers fixed in advance, by proposal number (a campaign's line on proposal 8). */
  fixed?: Partial<Record<number, string>>
  /** Chance of answering each proposal not fixed. */
  answerRate?: number
  /** A proposal whose comment the caller writes itself. */
  quiet?: number
}

/** The agreement and comments for each proposal; returns the agreements given, by proposal index. */
export function proposalAnswers(
  random: Random,
  speaker: Speaker,
  weights: readonly number[],
  channel: ResponseChannel,
  answers: Answers,
  comments: Map<string, ComposedComment>,
  options: ProposalOptions = {},
): (string | undefined)[] {
  const { person } = speaker
  // A few give up part way through; others skip the odd proposal they have no view on.
  const stopAfter = random() < 0.06 ? 1 + Math.floor(random() * 7) : 8
  const answerRate = options.answerRate ?? 0.96
  const paperFactor = channel === 'paper' ? 0.85 : 1
  const agreements: (string | undefined)[] = []
  for (let p = 1; p <= 8; p++) {
    let agreement: string | undefined = options.fixed?.[p]
    if (agreement === undefined && p <= stopAfter && random() < answerRate)
      agreement = drawAgreement(random, p, person.attitude, person.shifts[p - 1] ?? 0)
    if (agreement !== undefined) answers[agreementKey[p - 1] ?? ''] = agreement
    agreements.push(agreement)
    const talk =
      person.talk *
      (proposalTalk[p - 1] ?? 1) *
      paperFactor *
      (agreement === undefined ? 0.3 : isOpposed(agreement) ? 1.3 : 1)
    if (p !== options.quiet && p <= stopAfter && random() < talk) {
      const themes = proposalCommentThemes(random, weights, p, agreement)
      addComment(answers, comments, commentKey[p - 1] ?? '', finish(random, body(random, speaker, themes)))
    }
  }
  return agreements
}

export function overallAnswer(
  random: Random,
  speaker: Speaker,
  weights: readonly number[],
  agreements: readonly (string | undefined)[],
  answers: Answers,
  comments: Map<string, ComposedComment>,
) {
  if (random() >= Math.min(0.95, speaker.person.talk + 0.03)) return
  const themes = overallCommentThemes(random, weights, agreements, overallSize(random))
  addComment(answers, comments, 'overall_comments', finish(random, body(random, speaker, themes)))
}

function truthOfComments(comments: Map<string, ComposedComment>): Record<string, CommentTruth> {
  const truth: Record<string, CommentTruth> = {}
  for (const [key, comment] of comments) truth[key] = comment.truth
  return truth
}

/** Where a response came from and what it holds: everything but its truth and its place in the stream. */
export type Origin = Omit<Draft['response'], 'truth'>

/** A person's first response (not a duplicate), with the truth its making knows. */
export function firstResponse(
  origin: Origin,
  who: { personId: number; profile: RespondentProfile; campaign: string | null },
  comments: Map<string, ComposedComment>,
): Draft {
  const truth = { ...who, duplicate: null, comments: truthOfComments(comments) }
  return { response: { ...origin, truth }, comments }
}
