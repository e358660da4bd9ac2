import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { generateResponses } from '../src/demo/generator/generate.js'
import { referenceTimeline } from '../src/demo/reference-questionnaire.js'

// Labelled comments for the coding benchmark: folders laid out like ../shared/data/coding (each
// with items.jsonl, one {id, text, labels, split, group} a line, and codeframe.json), and the
// demo generator's comments with the themes planted in them.

export interface LabelledItem {
  id: string
  text: string
  labels: string[]
  split: 'train' | 'test'
  group: string
}

export interface LabelledGroup {
  dataset: string
  group: string
  train: LabelledItem[]
  test: LabelledItem[]
}

export class DatasetError extends Error {}

/** Items from the text of an items.jsonl file; a line that is not a labelled item is an error naming it. */
export function parseItems(text: string, source: string): LabelledItem[] {
  return text
    .split('\n')
    .map((line, n) => ({ line: line.trim(), n: n + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, n }) => {
      let value: unknown
      try {
        value = JSON.parse(line)
      } catch {
        throw new DatasetError(`${source} line ${n} is not JSON`)
      }
      if (typeof value !== 'object' || value === null)
        throw new DatasetError(`${source} line ${n} is not an object`)
      const item = value as Record<string, unknown>
      const labels = item.labels
      if (
        typeof item.text !== 'string' ||
        !Array.isArray(labels) ||
        !labels.every((l) => typeof l === 'string')
      ) {
        throw new DatasetError(`${source} line ${n} needs a text and a list of labels`)
      }
      if (item.split !== 'train' && item.split !== 'test') {
        throw new DatasetError(`${source} line ${n} has split ${String(item.split)}; expected train or test`)
      }
      return {
        id: String(item.id ?? n),
        text: item.text,
        labels: labels as string[],
        split: item.split,
        group: typeof item.group === 'string' ? item.group : '',
      }
    })
}

/** Items split by group, each with its train and test items, groups in name order. */
export function groupItems(dataset: string, items: readonly LabelledItem[]): LabelledGroup[] {
  const groups = new Map<string, LabelledGroup>()
  for (const item of items) {
    let group = groups.get(item.group)
    if (!group) {
      group = { dataset, group: item.group, train: [], test: [] }
      groups.set(item.group, group)
    }
    group[item.split].push(item)
  }
  return [...groups.values()].sort((a, b) => a.group.localeCompare(b.group))
}

/** Every dataset folder (one holding items.jsonl) under `root`, in name order. */
export async function readDatasets(root: string): Promise<{ name: string; groups: LabelledGroup[] }[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => {
    throw new DatasetError(`There is no folder of datasets at ${root}`)
  })
  const datasets: { name: string; groups: LabelledGroup[] }[] = []
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(root, entry.name, 'items.jsonl')
    const text = await readFile(file, 'utf8').catch(() => null)
    if (text === null) continue
    datasets.push({ name: entry.name, groups: groupItems(entry.name, parseItems(text, file)) })
  }
  return datasets
}

/** The demo's free-text answers with their planted themes, from `responses` generated responses. */
export function demoComments(
  responses: number,
  seed = 1,
): { text: string; labels: string[]; question: string }[] {
  const comments: { text: string; labels: string[]; question: string }[] = []
  for (const response of generateResponses({ seed, count: responses, timeline: referenceTimeline })) {
    for (const [question, truth] of Object.entries(response.truth.comments)) {
      const answer = response.answers[question]
      if (typeof answer === 'string') comments.push({ text: answer, labels: truth.themes, question })
    }
  }
  return comments
}

/** The demo's comments as one labelled group: every fourth response's comments are the coded training set. */
export function demoGroup(responses: number, seed = 1): LabelledGroup {
  const items = demoComments(responses, seed).map(
    (c, n): LabelledItem => ({
      id: String(n),
      text: c.text,
      labels: c.labels,
      split: n % 4 === 0 ? 'train' : 'test',
      group: '',
    }),
  )
  return groupItems('demo', items)[0] ?? { dataset: 'demo', group: '', train: [], test: [] }
}
