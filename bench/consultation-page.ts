import {
  findConsultationBySlug,
  findLatestPublishedQuestionnaire,
  listProposals,
} from '../src/features/consultations/index.js'
import { startAppUnderBench } from './app-under-bench.js'
import type { Benchmark } from './benchmark.js'
import { type LoadShape, measureHttp, measureRepeated } from './load.js'

const shape: LoadShape = { concurrency: 10, warmupSeconds: 1, seconds: 5 }

export const consultationPage: Benchmark = {
  name: 'consultation-page',
  description: `the public consultation page over HTTP, ${shape.concurrency} connections for ${shape.seconds} s, against its own three queries run directly`,
  unit: 'pages/s',
  target: 200,
  targetIs: 'at-least',
  baseline: { label: 'raw queries', unit: 'sets/s' },

  async run({ database, progress }) {
    const app = await startAppUnderBench(database)
    try {
      const { consultationId } = await app.services.demo.loadOpenConsultation({ responses: 40, seed: 1 })
      const url = `${app.origin}/consultations/${app.services.demo.openDemoSlug}`
      // One request first, so a broken page fails here with its status rather than as a count later.
      const first = await fetch(url)
      if (first.status !== 200) throw new Error(`${url} answered ${first.status}, not 200`)
      await first.arrayBuffer()

      progress(`pages: ${shape.warmupSeconds} s warm-up, then ${shape.seconds} s`)
      const pages = await measureHttp(url, shape)

      // The same queries, in the same order, that the page's handler makes through its services.
      progress(`raw queries: ${shape.warmupSeconds} s warm-up, then ${shape.seconds} s`)
      const { db } = database
      const slug = app.services.demo.openDemoSlug
      const queries = await measureRepeated(shape, async () => {
        const consultation = await findConsultationBySlug(db, slug)
        if (consultation?.id !== consultationId) throw new Error(`No consultation ${slug}`)
        await findLatestPublishedQuestionnaire(db, consultation.id)
        await listProposals(db, consultation.id)
      })
      return { value: pages.perSecond, baseline: queries.perSecond }
    } finally {
      await app.close()
    }
  },
}
