import { createViews, type Views } from '../../platform/http/views.js'
import { t } from '../../platform/i18n/translate.js'
import { barChartSvg } from './charts.js'
import type { EditionDocument } from './editions.js'
import { icons } from './icons.js'

// The HTML edition: the model the edition templates read, and the standalone file the downloads
// and the command line write (the public page puts the same body in the site's layout).

export function presentEdition(doc: EditionDocument) {
  const charts = Object.fromEntries(
    doc.blocks.flatMap((b) => (b.type === 'table' && b.chart ? [[b.table.id, barChartSvg(b.table)]] : [])),
  )
  return {
    doc,
    charts,
    icons,
    contents: doc.blocks.flatMap((b) => (b.type === 'heading' && b.level === 2 ? [b] : [])),
    labels: {
      contents: t('reports.labels.contents'),
      quoteTheme: t('reports.labels.quoteTheme'),
      response: t('reports.labels.response'),
      about: t('reports.labels.about'),
    },
  }
}

let views: Views | undefined

export function editionAsHtml(doc: EditionDocument): string {
  views ??= createViews()
  return views.render('features/reports/views/edition-document.njk', presentEdition(doc))
}
