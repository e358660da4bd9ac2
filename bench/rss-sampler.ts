// Where a child process's memory is, for the benchmarks that report a peak: JavaScript's heap, and
// outside it (PGlite's WebAssembly memory is external).

export function memoryMb() {
  const m = process.memoryUsage()
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024)
  return {
    heapTotal: mb(m.heapTotal),
    heapUsed: mb(m.heapUsed),
    external: mb(m.external),
    arrayBuffers: mb(m.arrayBuffers),
  }
}

/** Samples the process's resident memory until stopped, giving the highest seen and where it was then. */
export function sampleRss() {
  let peak = process.memoryUsage.rss()
  let atPeak = memoryMb()
  const sample = () => {
    const rss = process.memoryUsage.rss()
    if (rss > peak) {
      peak = rss
      atPeak = memoryMb()
    }
  }
  const sampler = setInterval(sample, 50)
  return () => {
    clearInterval(sampler)
    sample()
    return { peakRssMb: peak / 1024 / 1024, atPeak }
  }
}
