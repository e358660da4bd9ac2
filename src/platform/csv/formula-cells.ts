// A spreadsheet opening a CSV runs a cell that starts with = + - @ (or a tab or carriage return
// before one) as a formula, so text that people wrote, such as question and option labels, could
// open links or run commands on the reader's machine. OWASP's advice: start such a cell with a
// single quote, which spreadsheets show as text. Every CSV the app writes goes through here.

const formulaStart = /^[=+\-@\t\r]/
// A number is never a formula, and "-12.5%" must stay a number to whoever sorts the column.
const plainNumber = /^[+-]?\d+(\.\d+)?%?$/

export function neutraliseFormula(cell: string): string {
  return formulaStart.test(cell) && !plainNumber.test(cell) ? `'${cell}` : cell
}

export function neutraliseFormulas(rows: readonly (readonly string[])[]): string[][] {
  return rows.map((row) => row.map(neutraliseFormula))
}
