import { parse } from 'csv-parse/sync'
import { t } from '../../../platform/i18n/translate.js'

// A reference population table as CSV, one count a row:
//
//   area,dimension,category,count,source
//   leicester,sex,female,187400,"ONS Census 2021 TS008 ..."
//
// `area` and `category` are the option values of the consultation's questionnaire (its `area`,
// `age_band`, `sex` and `ethnicity` questions), so the population and the answers line up.
// `dimension` is one of the dimensions below. Every area must give a count for every category
// of every dimension; a table with anything missing, doubled or unreadable is refused whole.

export const populationDimensions = ['age_band', 'sex', 'ethnicity'] as const
export type PopulationDimension = (typeof populationDimensions)[number]

export interface PopulationExpectations {
  /** The areas the table must cover. */
  areas: readonly string[]
  /** For each dimension, the categories the questionnaire offers. */
  categories: Record<PopulationDimension, readonly string[]>
}

export interface PopulationRow {
  area: string
  dimension: PopulationDimension
  category: string
  count: number
  source: string
}

export interface PopulationTable {
  rows: PopulationRow[]
  /** count by area, then dimension, then category. */
  counts: Map<string, Map<PopulationDimension, Map<string, number>>>
}

export interface CsvProblem {
  /** The line of the file, counting the header as line 1; 0 for a problem with the whole file. */
  row: number
  reason: string
}

export type PopulationParse = { ok: true; table: PopulationTable } | { ok: false; problems: CsvProblem[] }

const header = ['area', 'dimension', 'category', 'count', 'source']
const isDimension = (value: string): value is PopulationDimension =>
  (populationDimensions as readonly string[]).includes(value)

function readRecords(text: string): { records: string[][] } | { problem: CsvProblem } {
  try {
    return {
      records: parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true, bom: true }),
    }
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0
    return { problem: { row: line, reason: t('participation.population.unreadable') } }
  }
}

function checkRow(
  fields: string[],
  line: number,
  expected: PopulationExpectations,
): { row: PopulationRow } | { problem: CsvProblem } {
  const problem = (key: string, params: Record<string, string> = {}) => ({
    problem: { row: line, reason: t(`participation.population.${key}`, params) },
  })
  if (fields.length !== header.length) return problem('columns', { count: String(header.length) })
  const [area = '', dimension = '', category = '', count = '', source = ''] = fields
  if (!expected.areas.includes(area)) return problem('unknownArea', { area })
  if (!isDimension(dimension)) return problem('unknownDimension', { dimension })
  if (!expected.categories[dimension].includes(category))
    return problem('unknownCategory', { category, dimension })
  if (!/^-?\d+(\.\d+)?$/.test(count)) return problem('notNumber', { count })
  const n = Number(count)
  if (n < 0) return problem('negative', { count })
  if (!Number.isInteger(n)) return problem('notWhole', { count })
  if (source === '') return problem('noSource')
  return { row: { area, dimension, category, count: n, source } }
}

/** Reads and checks a population table; every problem found is listed with its line. */
export function parsePopulationCsv(text: string, expected: PopulationExpectations): PopulationParse {
  const read = readRecords(text)
  if ('problem' in read) return { ok: false, problems: [read.problem] }
  const [first, ...body] = read.records
  if (!first || first.join(',').toLowerCase() !== header.join(','))
    return { ok: false, problems: [{ row: 1, reason: t('participation.population.header') }] }
  const problems: CsvProblem[] = []
  const rows: PopulationRow[] = []
  const seen = new Set<string>()
  body.forEach((fields, i) => {
    const line = i + 2
    const checked = checkRow(fields, line, expected)
    if ('problem' in checked) {
      problems.push(checked.problem)
      return
    }
    const { area, dimension, category } = checked.row
    const key = `${area}|${dimension}|${category}`
    if (seen.has(key)) {
      problems.push({ row: line, reason: t('participation.population.repeated', { area, category }) })
      return
    }
    seen.add(key)
    rows.push(checked.row)
  })
  for (const area of expected.areas) {
    for (const dimension of populationDimensions) {
      for (const category of expected.categories[dimension]) {
        if (!seen.has(`${area}|${dimension}|${category}`))
          problems.push({
            row: 0,
            reason: t('participation.population.missing', { area, dimension, category }),
          })
      }
    }
  }
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, table: { rows, counts: countsOf(rows) } }
}

function countsOf(rows: readonly PopulationRow[]): PopulationTable['counts'] {
  const counts: PopulationTable['counts'] = new Map()
  for (const row of rows) {
    let byDimension = counts.get(row.area)
    if (!byDimension) {
      byDimension = new Map()
      counts.set(row.area, byDimension)
    }
    let byCategory = byDimension.get(row.dimension)
    if (!byCategory) {
      byCategory = new Map()
      byDimension.set(row.dimension, byCategory)
    }
    byCategory.set(row.category, row.count)
  }
  return counts
}

/** The population of the given areas together, by category of one dimension. */
export function populationOf(
  table: PopulationTable,
  areas: readonly string[],
  dimension: PopulationDimension,
): Map<string, number> {
  const total = new Map<string, number>()
  for (const area of areas) {
    for (const [category, n] of table.counts.get(area)?.get(dimension) ?? [])
      total.set(category, (total.get(category) ?? 0) + n)
  }
  return total
}

/** Residents of each area, summed over the categories of one dimension (sex: every resident counted once). */
export function residentsByArea(table: PopulationTable, areas: readonly string[]): Map<string, number> {
  return new Map(
    areas.map((area) => [
      area,
      [...(table.counts.get(area)?.get('sex')?.values() ?? [])].reduce((a, b) => a + b, 0),
    ]),
  )
}
