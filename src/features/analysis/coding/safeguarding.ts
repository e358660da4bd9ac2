// Spots comments that suggest someone may be at risk (self-harm, suicide, harm to others, abuse,
// neglect, not being safe) so that a person follows them up under the deployment's safeguarding
// process. Pure and deliberately sensitive: a missed disclosure costs far more than a flag that a
// person reads and closes. It never decides anything by itself.

export type RiskKind = 'suicide' | 'self_harm' | 'harm_to_others' | 'abuse' | 'neglect' | 'unsafe'

export interface RiskSignal {
  kind: RiskKind
  /** The words that raised it, as written. */
  excerpt: string
  start: number
}

const person = String.raw`(?:me|myself|him|himself|her|herself|them|themselves|someone|somebody|my \w+)`

const rules: { kind: RiskKind; pattern: RegExp }[] = [
  {
    kind: 'suicide',
    pattern: new RegExp(
      [
        String.raw`\bsuicid\w*`,
        String.raw`\bkill(?:ing)? (?:myself|himself|herself|themselves)`,
        String.raw`\bend(?:ing|ed)? (?:it all|my life|his life|her life|their life|their lives|things)`,
        String.raw`\btake (?:my|his|her|their) own life`,
        String.raw`\b(?:better off|be better) without (?:me|him|her|them)`,
        String.raw`\b(?:not|no longer|don'?t|do not|doesn'?t|does not) (?:want(?:ing)?|wish(?:ing)?) to (?:be here|be alive|live|wake up|go on)`,
        String.raw`\bnot wanting to (?:be here|be alive|live|wake up|go on)`,
        String.raw`\b(?:no|not any) (?:reason|point) (?:to|in) (?:live|living|go on|going on)`,
        String.raw`\bcan'?t go on\b`,
        String.raw`\bcannot go on\b`,
        String.raw`\boverdos\w*`,
      ].join('|'),
      'gi',
    ),
  },
  {
    kind: 'self_harm',
    pattern: new RegExp(
      [
        String.raw`\bself[- ]?harm\w*`,
        String.raw`\b(?:cut|cutting|cuts|hurt|hurting|hurts|harm|harming|harms) (?:myself|himself|herself|themselves)`,
        String.raw`\b(?:can'?t|cannot|not sure I can|unable to) keep (?:myself|himself|herself|themselves|him|her|them) safe`,
      ].join('|'),
      'gi',
    ),
  },
  {
    kind: 'harm_to_others',
    pattern: new RegExp(
      [
        String.raw`\b(?:kill|hurt|harm|attack|stab) (?:someone|somebody|people|others|him|her|them|my \w+)`,
        String.raw`\bthreaten(?:s|ed|ing)? (?:to|me|him|her|them|us)`,
        String.raw`\b(?:frightened|scared|afraid|terrified) (?:of|for) (?:him|her|them|my \w+|what (?:he|she|they) (?:might|will|could) do)`,
      ].join('|'),
      'gi',
    ),
  },
  {
    kind: 'abuse',
    pattern: new RegExp(
      [
        String.raw`\b(?:abus(?:e|ed|es|ing|ive)|assault\w*|rape[ds]?|grooming|groomed|coercive|controlling behaviour)`,
        String.raw`\b(?:hits|hit|beats|beat|beating|kicks|punch(?:es|ed)?|slaps?) (?:me|him|her|them|us|the kids|the children)`,
        String.raw`\bwon'?t let (?:me|him|her|them) (?:see|go|leave|out|have)`,
        String.raw`\b(?:doesn'?t|does not|don'?t|do not) let (?:me|him|her|them) (?:see|go|leave|out)`,
        String.raw`\bdomestic violence`,
      ].join('|'),
      'gi',
    ),
  },
  {
    kind: 'neglect',
    pattern: new RegExp(
      [
        String.raw`\b(?:children|kids|child|baby|son|daughter)\b[^.!?]{0,40}\bleft (?:on (?:their|his|her) own|alone|unattended)`,
        String.raw`\bneglect(?:ed|ing)?\b`,
        String.raw`\bstopped eating`,
        String.raw`\bnot (?:eating|being fed)`,
      ].join('|'),
      'gi',
    ),
  },
  {
    kind: 'unsafe',
    pattern: new RegExp(
      [
        String.raw`\b(?:don'?t|do not|doesn'?t|does not|never) feel safe`,
        String.raw`\bnot safe (?:at home|with (?:him|her|them))`,
        String.raw`\b(?:feel|feels|felt) unsafe (?:at home|with)`,
        String.raw`\b(?:is|am|are) in danger`,
        String.raw`\brisk to ${person}`,
      ].join('|'),
      'gi',
    ),
  },
]

// Phrases that use the words above about services, not about a person at risk.
const serviceTalk =
  /\b(?:substance|drug|alcohol) abuse|\bsuicide prevention|\bself[- ]harm (?:service|team|pathway|support)|\bneglected (?:area|service|services|town|part)/i

/** The risk signals in a comment, in order; empty when none. */
export function detectRisk(text: string): RiskSignal[] {
  const signals: RiskSignal[] = []
  for (const { kind, pattern } of rules) {
    for (const match of text.matchAll(pattern)) {
      const around = text.slice(Math.max(0, match.index - 20), match.index + match[0].length + 30)
      if (serviceTalk.test(around)) continue
      signals.push({ kind, excerpt: match[0], start: match.index })
    }
  }
  return signals.sort((a, b) => a.start - b.start)
}

/** The kinds of risk a comment suggests, each once. */
export function riskKinds(text: string): RiskKind[] {
  return [...new Set(detectRisk(text).map((s) => s.kind))]
}

/** The free-text answers of a response: every answer that is a non-empty string, by question key. */
export function textAnswers(answers: Record<string, unknown>): { questionKey: string; text: string }[] {
  return Object.entries(answers).flatMap(([questionKey, value]) =>
    typeof value === 'string' && value.trim() !== '' ? [{ questionKey, text: value }] : [],
  )
}
