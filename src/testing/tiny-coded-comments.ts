import type { CodedExample } from '../features/analysis/index.js'

// A tiny hand-made coded set for tests: three themes, each said in a few ways, some comments
// saying two. Small enough to train on in a few milliseconds.

const phrasings: Record<string, string[]> = {
  transport: [
    'The bus takes two hours',
    'There is no train from my village',
    'Parking at the hospital is impossible',
  ],
  staff: ['The nurses were kind to us', 'Staff listened and cared', 'The doctor explained everything'],
  waiting: [
    'We waited months for a referral',
    'The waiting list is far too long',
    'Six weeks to wait for a call back',
  ],
}

/** `count` coded comments cycling through the themes, every fourth with a second theme. */
export function tinyCodedComments(count: number): CodedExample[] {
  const themes = Object.keys(phrasings)
  return Array.from({ length: count }, (_, i) => {
    const first = themes[i % themes.length] ?? 'transport'
    const second = themes[(i + 1) % themes.length] ?? 'staff'
    const say = (theme: string) => phrasings[theme]?.[Math.floor(i / 3) % 3] ?? ''
    const both = i % 4 === 3
    return {
      text: both ? `${say(first)}. Also ${say(second).toLowerCase()}.` : `${say(first)}.`,
      themes: both ? [first, second] : [first],
    }
  })
}
