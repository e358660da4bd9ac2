import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'

export interface LoadShape {
  /** Requests or tasks in flight at once. */
  concurrency: number
  warmupSeconds: number
  seconds: number
}

export interface Throughput {
  completed: number
  perSecond: number
}

function checkResponses(url: string, result: autocannon.Result): void {
  const total = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx']
  if (result.non2xx === 0 && result.errors === 0 && result['2xx'] > 0) return
  const statuses = Object.entries(result.statusCodeStats ?? {})
    .map(([status, stats]) => `${status}: ${stats.count ?? 0}`)
    .join(', ')
  throw new Error(
    `${url} answered ${result.non2xx} of ${total} requests with a status other than 2xx (${statuses || 'no responses'}), ` +
      `with ${result.errors} connection errors and ${result.timeouts} timeouts`,
  )
}

async function fire(url: string, connections: number, seconds: number): Promise<autocannon.Result> {
  // The load runs on a thread of its own so that it does not share the event loop with the server.
  const result = await autocannon({ url, connections, duration: seconds, workers: 1 })
  checkResponses(url, result)
  return result
}

/** Successful responses per second over real HTTP, after a warm-up whose figures are discarded. */
export async function measureHttp(url: string, shape: LoadShape): Promise<Throughput> {
  if (shape.warmupSeconds > 0) await fire(url, shape.concurrency, shape.warmupSeconds)
  const result = await fire(url, shape.concurrency, shape.seconds)
  return { completed: result['2xx'], perSecond: result['2xx'] / result.duration }
}

/** Completed tasks per second with `concurrency` running at once, after a warm-up whose figures are discarded. */
export async function measureRepeated(shape: LoadShape, task: () => Promise<unknown>): Promise<Throughput> {
  if (shape.warmupSeconds > 0) await repeat(shape.concurrency, shape.warmupSeconds, task)
  return repeat(shape.concurrency, shape.seconds, task)
}

async function repeat(
  concurrency: number,
  seconds: number,
  task: () => Promise<unknown>,
): Promise<Throughput> {
  const started = performance.now()
  const stopAt = started + seconds * 1000
  let completed = 0
  const worker = async () => {
    while (performance.now() < stopAt) {
      await task()
      completed++
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  // The tasks still running at the deadline are counted, so the time they took is counted too.
  const elapsedSeconds = (performance.now() - started) / 1000
  return { completed, perSecond: completed / elapsedSeconds }
}
