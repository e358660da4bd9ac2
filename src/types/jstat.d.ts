// The part of jstat (CommonJS, no bundled types) that Heard uses.
declare module 'jstat' {
  interface Distribution {
    cdf(x: number, ...parameters: number[]): number
    pdf(x: number, ...parameters: number[]): number
    inv(p: number, ...parameters: number[]): number
  }
  interface JStat {
    chisquare: Distribution
    normal: Distribution
    hypgeom: Distribution
    combinationln(n: number, k: number): number
  }
  const jstat: { jStat: JStat }
  export = jstat
}
