import { type Browser, type CDPSession, chromium, type Page } from 'playwright-core'
import { startAppUnderBench } from './app-under-bench.js'
import type { Benchmark } from './benchmark.js'

// What a public page costs someone on an old phone over a weak signal: the bytes a first visit
// transfers (the page and every asset it loads) and a repeat visit (the same page again, with the
// browser's cache), and the time to the load event, in Chromium with its network throttled.

/** A slow mobile connection: 400 kbit/s each way and 400 ms of latency on every request. */
const slowMobile = { offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 }
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
const kB = 1000

interface Visit {
  /** Every response's bytes on the wire (headers and encoded body), the page's and its assets'. */
  bytes: number
  /** Responses that came over the network, not from the browser's cache. */
  requests: number
  /** The page's own response, on the wire. */
  documentBytes: number
  /** From the start of the navigation: the page's HTML received, DOMContentLoaded, load. */
  documentMs: number
  domContentLoadedMs: number
  loadMs: number
}

interface PageFigures {
  name: string
  first: Visit
  repeat: Visit
}

/** Loads the URL throttled and adds up what came over the network until it fell quiet. */
async function visit(page: Page, cdp: CDPSession, url: string): Promise<Visit> {
  // A navigation away first, so the visit is a new navigation rather than a reload of the same URL.
  await page.goto('about:blank')
  let bytes = 0
  let requests = 0
  let documentBytes = 0
  let documentRequest: string | undefined
  const sent = (event: { requestId: string; type?: string }) => {
    if (event.type === 'Document') documentRequest = event.requestId
  }
  const finished = (event: { requestId: string; encodedDataLength: number }) => {
    if (event.encodedDataLength <= 0) return
    bytes += event.encodedDataLength
    requests += 1
    if (event.requestId === documentRequest) documentBytes = event.encodedDataLength
  }
  cdp.on('Network.requestWillBeSent', sent)
  cdp.on('Network.loadingFinished', finished)
  await cdp.send('Network.emulateNetworkConditions', slowMobile)
  try {
    const response = await page.goto(url, { waitUntil: 'load' })
    if (response?.status() !== 200) throw new Error(`${url} answered ${response?.status()}, not 200`)
    await page.waitForLoadState('networkidle')
  } finally {
    await cdp.send('Network.emulateNetworkConditions', {
      ...slowMobile,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    })
    cdp.off('Network.requestWillBeSent', sent)
    cdp.off('Network.loadingFinished', finished)
  }
  // Evaluated in the page (this project's TypeScript has no DOM types): its navigation timing.
  const timing = (await page.evaluate(`(() => {
    const [n] = performance.getEntriesByType('navigation')
    return { documentMs: n.responseEnd, domContentLoadedMs: n.domContentLoadedEventEnd, loadMs: n.loadEventEnd }
  })()`)) as Pick<Visit, 'documentMs' | 'domContentLoadedMs' | 'loadMs'>
  return { bytes, requests, documentBytes, ...timing }
}

/** The page as someone meets it the first time (the browser's cache emptied) and when they come back. */
async function measure(page: Page, cdp: CDPSession, name: string, url: string): Promise<PageFigures> {
  await cdp.send('Network.clearBrowserCache')
  const first = await visit(page, cdp, url)
  const repeat = await visit(page, cdp, url)
  return { name, first, repeat }
}

/** Answers every question on a page of the form the way a hurried person would: the first choice of each. */
async function answerFirstChoices(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const seen = new Set()
    for (const input of document.querySelectorAll('input[type="radio"]')) {
      if (seen.has(input.name)) continue
      seen.add(input.name)
      input.checked = true
    }
  })()`)
}

/** Home, the consultation page, then the form walked like a person (start, each page of questions, check answers). */
async function measurePublicPages(
  browser: Browser,
  origin: string,
  slug: string,
  progress: (line: string) => void,
): Promise<PageFigures[]> {
  const context = await browser.newContext()
  context.setDefaultTimeout(120_000)
  context.setDefaultNavigationTimeout(120_000)
  try {
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    const figures: PageFigures[] = []
    const record = async (name: string, url: string) => {
      const measured = await measure(page, cdp, name, url)
      figures.push(measured)
      progress(describe(measured))
    }
    const formUrl = `${origin}/consultations/${slug}/respond`
    await record('home', `${origin}/`)
    await record('consultation', `${origin}/consultations/${slug}`)
    await record('form start', formUrl)
    await page.getByRole('button', { name: 'Start now' }).click()
    await page.waitForURL(/\/respond\/questions\//)
    while (!page.url().endsWith('/check-answers')) {
      const url = page.url()
      await record(`form ${new URL(url).pathname.split('/').pop()}`, url)
      await answerFirstChoices(page)
      await page.getByRole('button', { name: 'Continue', exact: true }).click()
      await page.waitForURL((next) => next.href !== url)
    }
    await record('check answers', page.url())
    return figures
  } finally {
    await context.close()
  }
}

const inKb = (bytes: number) => (bytes / kB).toFixed(1)

function describe({ name, first, repeat }: PageFigures): string {
  return (
    `${name}: first visit ${inKb(first.bytes)} kB in ${first.requests} responses (page ${inKb(first.documentBytes)} kB), ` +
    `DOMContentLoaded ${Math.round(first.domContentLoadedMs)} ms, load ${Math.round(first.loadMs)} ms; ` +
    `repeat visit ${inKb(repeat.bytes)} kB in ${repeat.requests}, load ${Math.round(repeat.loadMs)} ms`
  )
}

const heaviest = <T>(items: readonly T[], by: (item: T) => number): T =>
  items.reduce((a, b) => (by(b) > by(a) ? b : a))

export const pageWeight: Benchmark = {
  name: 'page-weight',
  description:
    'kB transferred by the public pages (home, consultation, each page of the form) on a first visit, page and assets, the heaviest page, against its HTML alone; with the repeat visit and the time to load at 400 kbit/s and 400 ms latency',
  unit: 'kB',
  target: 100,
  targetIs: 'at-most',
  baseline: { label: 'its HTML alone', unit: 'kB' },

  async run({ database, progress }) {
    const app = await startAppUnderBench(database)
    let browser: Browser | undefined
    try {
      await app.services.demo.loadOpenConsultation({ responses: 0, seed: 1 })
      // The closed reference case too, so the home page lists what the demo's lists.
      await app.services.demo.loadReferenceCase({ responses: 0, seed: 1 })
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs })
      const pages = await measurePublicPages(browser, app.origin, app.services.demo.openDemoSlug, progress)
      const firstVisit = heaviest(pages, (p) => p.first.bytes)
      const repeatVisit = heaviest(pages, (p) => p.repeat.bytes)
      const slowest = heaviest(pages, (p) => p.first.loadMs)
      progress(
        `heaviest first visit: ${firstVisit.name}; heaviest repeat visit: ${repeatVisit.name}; slowest load: ${slowest.name}`,
      )
      return {
        value: firstVisit.first.bytes / kB,
        baseline: firstVisit.first.documentBytes / kB,
        further: [
          {
            name: 'page-weight-repeat',
            unit: 'kB',
            value: repeatVisit.repeat.bytes / kB,
            baseline: repeatVisit.first.documentBytes / kB,
            baselineLabel: { label: 'its HTML alone', unit: 'kB' },
            target: 20,
            targetIs: 'at-most',
          },
          {
            name: 'page-weight-load',
            unit: 'ms',
            value: slowest.first.loadMs,
            baseline: slowest.first.documentMs,
            baselineLabel: { label: 'its HTML received', unit: 'ms' },
            target: 3000,
            targetIs: 'at-most',
          },
        ],
      }
    } finally {
      await browser?.close()
      await app.close()
    }
  },
}
