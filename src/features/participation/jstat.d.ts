// The few functions of jstat this feature uses; the package ships no types of its own, and as a
// CommonJS module its default export is the jStat object.
declare module 'jstat' {
  const jStat: {
    chisquare: { cdf(x: number, degreesOfFreedom: number): number }
  }
  export = jStat
}
