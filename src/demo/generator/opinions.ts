import { logistic, type Random } from './sampling.js'
import type { RespondentProfile } from './types.js'

// How far each respondent agrees with each proposal: an ordered-logit model on a latent support
// score, which is the proposal's general popularity, plus the person's overall attitude, plus the
// planted group effects, plus noise. The effects are real differences in the data, large enough
// for a significance test at the reference size, so analysis has something true to find.

export interface PlantedEffect {
  key: string
  proposal: number
  question: string
  description: string
  /** Who the effect applies to; they are compared with everyone else who answered. */
  inGroup: (profile: RespondentProfile) => boolean
  /** The push on the latent support score, in logits. */
  shift: number
  /** The smallest gap (percentage points of agree or strongly agree) to expect at 6,650 responses. */
  minimumGapPoints: number
}

const olderBands = new Set(['65_74', '75_plus'])
const youngerBands = new Set(['under_18', '18_24'])

export const plantedEffects: PlantedEffect[] = [
  {
    key: 'carers_doubt_central_access',
    proposal: 1,
    question: 'p1_agreement',
    description: 'Carers are less supportive of the Central Access Point than others',
    inGroup: (p) => p.carer,
    shift: -0.95,
    minimumGapPoints: 10,
  },
  {
    key: 'rutland_doubts_neighbourhood_teams',
    proposal: 8,
    question: 'p8_agreement',
    description: 'Rutland residents are less supportive of neighbourhood teams (transport worries)',
    inGroup: (p) => p.area === 'rutland',
    shift: -1.3,
    minimumGapPoints: 12,
  },
  {
    key: 'staff_doubt_police_triage',
    proposal: 4,
    question: 'p4_agreement',
    description: 'Health and care staff are less supportive of more police triage car hours',
    inGroup: (p) => p.relationship === 'staff',
    shift: -0.95,
    minimumGapPoints: 10,
  },
  {
    key: 'older_people_back_urgent_care_hub',
    proposal: 5,
    question: 'p5_agreement',
    description: 'People aged 65 and over are more supportive of making the urgent care hub permanent',
    inGroup: (p) => olderBands.has(p.ageBand),
    shift: 1.1,
    minimumGapPoints: 6,
  },
  {
    key: 'young_people_back_crisis_cafes',
    proposal: 2,
    question: 'p2_agreement',
    description: 'People under 25 are more supportive of crisis cafés',
    inGroup: (p) => youngerBands.has(p.ageBand),
    shift: 1.1,
    minimumGapPoints: 6,
  },
]

/** Each proposal's general popularity on the latent scale (index 0 is proposal 1). */
const popularity = [1.0, 1.3, 1.4, 0.7, 1.2, 1.3, 1.5, 0.9]
/** How often people say "don't know" to each proposal. */
const dontKnowRate = [0.03, 0.04, 0.03, 0.06, 0.05, 0.06, 0.05, 0.04]

/** A person's leaning across all the proposals, from sceptical (negative) to keen (positive). */
export const drawAttitude = (random: Random): number => (random() + random() - 1) * 1.6

/** The latent shifts that apply to this person, one per proposal. */
export function effectShifts(profile: RespondentProfile): number[] {
  const shifts = [0, 0, 0, 0, 0, 0, 0, 0]
  for (const effect of plantedEffects) {
    if (effect.inGroup(profile))
      shifts[effect.proposal - 1] = (shifts[effect.proposal - 1] ?? 0) + effect.shift
  }
  return shifts
}

export function drawAgreement(random: Random, proposal: number, attitude: number, shift: number): string {
  if (random() < (dontKnowRate[proposal - 1] ?? 0)) return 'dont_know'
  const z = (popularity[proposal - 1] ?? 0) + attitude + shift + logistic(random)
  if (z > 1.6) return 'strongly_agree'
  if (z > 0) return 'agree'
  if (z > -0.9) return 'neither'
  if (z > -2.4) return 'disagree'
  return 'strongly_disagree'
}

export const isSupportive = (value: string | undefined): boolean =>
  value === 'strongly_agree' || value === 'agree'
export const isOpposed = (value: string | undefined): boolean =>
  value === 'disagree' || value === 'strongly_disagree'
