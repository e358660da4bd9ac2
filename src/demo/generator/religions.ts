import { broadGroupOf } from './population.js'
import { draw, type Random, type Table, table } from './sampling.js'

// Religion by ethnic group, approximately as in Leicester, Leicestershire and Rutland, so that the
// About you answers hang together (and names can follow). Our estimates, not published figures.

const religionTables: Record<string, Table<string>> = {
  asian_indian: table([
    ['hindu', 0.55],
    ['sikh', 0.2],
    ['muslim', 0.15],
    ['christian', 0.02],
    ['no_religion', 0.05],
    ['other', 0.03],
  ]),
  asian_pakistani: table([
    ['muslim', 0.92],
    ['no_religion', 0.04],
    ['christian', 0.02],
    ['other', 0.02],
  ]),
  asian_bangladeshi: table([
    ['muslim', 0.93],
    ['no_religion', 0.04],
    ['hindu', 0.02],
    ['other', 0.01],
  ]),
  asian_chinese: table([
    ['no_religion', 0.6],
    ['christian', 0.2],
    ['buddhist', 0.15],
    ['other', 0.05],
  ]),
  asian_other: table([
    ['muslim', 0.3],
    ['hindu', 0.25],
    ['christian', 0.15],
    ['buddhist', 0.1],
    ['no_religion', 0.15],
    ['other', 0.05],
  ]),
  black_african: table([
    ['christian', 0.5],
    ['muslim', 0.42],
    ['no_religion', 0.06],
    ['other', 0.02],
  ]),
  black_caribbean: table([
    ['christian', 0.6],
    ['no_religion', 0.33],
    ['other', 0.07],
  ]),
  black_other: table([
    ['christian', 0.5],
    ['muslim', 0.25],
    ['no_religion', 0.2],
    ['other', 0.05],
  ]),
  mixed: table([
    ['no_religion', 0.5],
    ['christian', 0.35],
    ['muslim', 0.08],
    ['other', 0.07],
  ]),
  white_british: table([
    ['christian', 0.45],
    ['no_religion', 0.52],
    ['other', 0.03],
  ]),
  white_british_older: table([
    ['christian', 0.72],
    ['no_religion', 0.26],
    ['other', 0.02],
  ]),
  white_irish: table([
    ['christian', 0.75],
    ['no_religion', 0.23],
    ['other', 0.02],
  ]),
  white_gypsy_traveller: table([
    ['christian', 0.8],
    ['no_religion', 0.2],
  ]),
  white_roma: table([
    ['christian', 0.85],
    ['no_religion', 0.15],
  ]),
  white_other: table([
    ['christian', 0.6],
    ['no_religion', 0.35],
    ['muslim', 0.03],
    ['other', 0.02],
  ]),
  other_arab: table([
    ['muslim', 0.85],
    ['christian', 0.1],
    ['no_religion', 0.05],
  ]),
  other_any: table([
    ['muslim', 0.3],
    ['christian', 0.25],
    ['no_religion', 0.25],
    ['hindu', 0.05],
    ['sikh', 0.05],
    ['buddhist', 0.05],
    ['other', 0.05],
  ]),
}

export function religionFor(random: Random, ethnicGroup: string, ageBand: string): string {
  let key = ethnicGroup
  if (broadGroupOf[ethnicGroup] === 'mixed') key = 'mixed'
  else if (ethnicGroup === 'white_british' && (ageBand === '65_74' || ageBand === '75_plus'))
    key = 'white_british_older'
  const from = religionTables[key]
  return from ? draw(random, from) : 'no_religion'
}
