/**
 * A p-value as it follows "p": "= 0.012", or "< 0.001" when rounding to three places would show
 * a misleading 0.000.
 */
export function pValueText(p: number): string {
  return p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`
}
