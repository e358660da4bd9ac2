import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { finished } from 'node:stream/promises'

// The rows the import benchmark reads: answers to every question type, one comment in eight
// quoted with a comma and a line break, written to a file by streaming.

const travel = ['bus', 'car', 'walk']
const agreement = ['strongly_agree', 'agree', 'neither', 'disagree', 'strongly_disagree', 'dont_know']
const comments = [
  'Too far to travel by bus',
  'The clinic was friendly, but the wait was long',
  '"Parking", again\nand the signs are poor',
  'No comment',
]

export const benchHeadings = [
  'ID',
  'single',
  'multiple',
  'agree',
  'rate',
  'comments',
  'count',
  'when',
  'postcode',
  'order',
]

export const benchMapping = {
  columns: Object.fromEntries(benchHeadings.slice(1).map((h) => [h, h])),
  idColumn: 'ID',
}

/** Row `i` as cells and as the answers the import stores for it. */
export function benchRow(i: number): {
  cells: string[]
  answers: Record<string, string | number | string[]>
} {
  const single = travel[i % 3] ?? 'bus'
  const multiple = [travel[i % 3] ?? 'bus', travel[(i + 1) % 3] ?? 'car'].sort(
    (a, b) => travel.indexOf(a) - travel.indexOf(b),
  )
  const order = [travel[(i + 2) % 3], travel[i % 3], travel[(i + 1) % 3]] as string[]
  const comment = comments[i % 4] ?? ''
  const day = (i % 28) + 1
  const cells = [
    `R${i}`,
    single,
    multiple.join(';'),
    agreement[i % 6] ?? 'agree',
    String((i % 5) + 1),
    comment,
    String(i % 12),
    `${String(day).padStart(2, '0')}/05/2021`,
    `LE${(i % 9) + 1} ${(i % 9) + 1}AB`,
    order.join(';'),
  ]
  const answers: Record<string, string | number | string[]> = {
    single,
    multiple,
    agree: agreement[i % 6] ?? 'agree',
    rate: (i % 5) + 1,
    comments: comment,
    count: i % 12,
    when: `2021-05-${String(day).padStart(2, '0')}`,
    postcode: `LE${(i % 9) + 1} ${(i % 9) + 1}AB`,
    order,
  }
  return { cells, answers }
}

const csvCell = (cell: string) => (/[",\n\r]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)

/** Writes a CSV of `rows` rows to `file`, a line at a time, waiting when the disk is behind. */
export async function writeBenchCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file)
  out.write(`${benchHeadings.join(',')}\r\n`)
  for (let i = 1; i <= rows; i++) {
    if (!out.write(`${benchRow(i).cells.map(csvCell).join(',')}\r\n`)) await once(out, 'drain')
  }
  out.end()
  await finished(out)
}
