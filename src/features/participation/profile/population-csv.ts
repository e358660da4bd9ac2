import { parse } from 'csv-parse/sync'
import { t } from '../../../platform/i18n/translate.js'

// A reference population table as CSV, one count a row:
//
//   area,dimension,category,count,base,source
//   leicester,sex,female,186466,all_ages,"ONS Census 2021 TS009 ... | Leicester ... | where it was read"
//
// `area` and `category` are the option values of the consultation's questionnaire (its `area`,
// `age_band`, `sex` and `ethnicity` questions), so the population and the answers line up. A
// category may join several options with `+` where the Census does not split them (its youngest
// adult band is 15 to 24). `base` says who the count is of: adults of some age and over, or all
// ages (then the comparison with adult respondents is an approximation, and the page says so).
// The source's text before the first ` | ` names the table; the rest says where it was read.
// Every area must give a count for every option of every dimension, once; a figure marked NOT
// CONFIRMED is refused; a table with anything missing, doubled or unreadable is refused whole.

export const populationDimensions = ['age_band', 'sex', 'ethnicity'] as const
export type PopulationDimension = (typeof populationDimensions)[number]

export interface PopulationExpectations {
  /** The areas the table must cover. */
  areas: readonly string[]
  /** For each dimension, the categories the questionnaire offers. */
  categories: Record<PopulationDimension, readonly string[]>
}

export const populationBases = ['aged_15_plus', 'aged_16_plus', 'aged_18_plus', 'all_ages'] as const
export type PopulationBase = (typeof populationBases)[number]

export interface PopulationRow {
  area: string
  dimension: PopulationDimension
  /** One option value, or several joined with `+`. */
  category: string
  count: number
  base: PopulationBase
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

const header = ['area', 'dimension', 'category', 'count', 'base', 'source']
const isDimension = (value: string): value is PopulationDimension =>
  (populationDimensions as readonly string[]).includes(value)
const isBase = (value: string): value is PopulationBase =>
  (populationBases as readonly string[]).includes(value)

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
  const [area = '', dimension = '', category = '', count = '', base = '', source = ''] = fields
  if (!expected.areas.includes(area)) return problem('unknownArea', { area })
  if (!isDimension(dimension)) return problem('unknownDimension', { dimension })
  const unknown = category.split('+').find((c) => !expected.categories[dimension].includes(c))
  if (unknown !== undefined) return problem('unknownCategory', { category: unknown, dimension })
  if (!isBase(base)) return problem('unknownBase', { base })
  if (!/^-?\d+(\.\d+)?$/.test(count)) return problem('notNumber', { count })
  const n = Number(count)
  if (n < 0) return problem('negative', { count })
  if (!Number.isInteger(n)) return problem('notWhole', { count })
  if (source === '') return problem('noSource')
  if (/not confirmed/i.test(source)) return problem('unconfirmed')
  return { row: { area, dimension, category, count: n, base, source } }
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
    const keys = category.split('+').map((c) => `${area}|${dimension}|${c}`)
    const repeated = keys.findIndex((key) => seen.has(key))
    if (repeated >= 0) {
      const option = category.split('+')[repeated] ?? category
      problems.push({ row: line, reason: t('participation.population.repeated', { area, category: option }) })
      return
    }
    for (const key of keys) seen.add(key)
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

/**
 * Residents of each area, summed over the age bands: the adult base wherever the table's ages are
 * of adults (every resident is in one band).
 */
export function residentsByArea(table: PopulationTable, areas: readonly string[]): Map<string, number> {
  return new Map(
    areas.map((area) => [
      area,
      [...(table.counts.get(area)?.get('age_band')?.values() ?? [])].reduce((a, b) => a + b, 0),
    ]),
  )
}

/** Who the counts of one dimension are of, and the short names of the tables they come from. */
export function basesOf(
  table: PopulationTable,
  dimension: PopulationDimension,
): { bases: PopulationBase[]; tables: string[] } {
  const rows = table.rows.filter((r) => r.dimension === dimension)
  return {
    bases: [...new Set(rows.map((r) => r.base))],
    tables: [...new Set(rows.map((r) => r.source.split(' | ')[0] ?? r.source))],
  }
}
