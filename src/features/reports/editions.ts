import { t } from '../../platform/i18n/translate.js'
import { roughly, sentencesOf, shareInWords } from './easy-read.js'
import type { IconName } from './icons.js'
import type {
  Edition,
  Evidence,
  Headline,
  ReportQuote,
  ReportTable,
  Snapshot,
  SnapshotSection,
} from './model.js'
import { paragraphsOf } from './sections.js'

// One snapshot, three editions: each is laid out here once as a list of blocks, which the HTML,
// DOCX and PDF writers each draw in their own way, so the editions say the same in every format.

export type Block =
  | { type: 'heading'; level: 2 | 3; text: string; id: string }
  | { type: 'paragraph'; text: string }
  | { type: 'figures'; items: { text: string; href: string }[] }
  | { type: 'table'; table: ReportTable; chart: boolean }
  | { type: 'quote'; quote: ReportQuote }
  | { type: 'idea'; icon: IconName; text: string }

export interface EditionDocument {
  edition: Edition
  title: string
  subtitle: string
  lang: 'en-GB'
  /** Easy Read: large type and a picture beside each idea. */
  largeType: boolean
  version: number
  approvedAt: string
  blocks: Block[]
  /** Every data table the edition holds, for the XLSX. */
  tables: ReportTable[]
  /** How the edition was made, for its last page: hash, threshold, counting rules. */
  provenance: string[]
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')

const heading = (level: 2 | 3, text: string): Block => ({ type: 'heading', level, text, id: slug(text) })
const paragraphs = (text: string): Block[] => paragraphsOf(text).map((p) => ({ type: 'paragraph', text: p }))
const whole = (n: number) => n.toLocaleString('en-GB')
const percent = (p: number | null) => (p === null ? t('reports.hidden') : `${Math.round(p)}%`)
const londonDate = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  })

function headlineText(h: Headline): string {
  return t('reports.headline', {
    proposal: h.proposal,
    agree: percent(h.agree),
    disagree: percent(h.disagree),
    base: h.base === null ? t('reports.hidden') : whole(h.base),
  })
}

const decimal = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(2))

/** How late returns were decided; versions gathered before this was counted say nothing of it. */
function lateLines(e: Evidence): string[] {
  const late = e.method.lateReturns
  if (!e.consultation.postalDeadlineAt || !late) return []
  if (late.late === 0) return [t('reports.method.noLate')]
  return [
    t('reports.method.late', {
      late: whole(late.late),
      admitted: whole(late.admitted),
      refused: whole(late.refused),
      undecided: whole(late.undecided),
    }),
  ]
}

/** Coding agreement with its intervals, overall and for each question double-coded. */
function agreementLines(e: Evidence): string[] {
  const a = e.method.coding.agreement
  if (!a) return []
  return [
    t('reports.method.agreement', {
      units: a.units,
      alpha: decimal(a.alpha),
      exact: a.exactMatch === null ? '–' : percent(100 * a.exactMatch),
    }),
    ...(a.alphaInterval
      ? [
          t('reports.method.agreementInterval', {
            low: decimal(a.alphaInterval.low),
            high: decimal(a.alphaInterval.high),
          }),
        ]
      : []),
    ...(a.perQuestion ?? []).map((q) =>
      t('reports.method.agreementQuestion', {
        question: q.question,
        units: q.units,
        alpha: decimal(q.alpha),
        low: decimal(q.alphaInterval?.low),
        high: decimal(q.alphaInterval?.high),
      }),
    ),
  ]
}

function methodBlocks(e: Evidence): Block[] {
  const c = e.consultation
  const lines = [
    t('reports.method.dates', { opens: londonDate(c.opensAt), closes: londonDate(c.closesAt) }),
    ...(c.postalDeadlineAt ? [t('reports.method.postal', { date: londonDate(c.postalDeadlineAt) })] : []),
    ...lateLines(e),
    t('reports.method.counted', { n: whole(e.method.counted) }),
    ...(e.method.people !== null ? [t('reports.method.people', { n: whole(e.method.people) })] : []),
    e.method.inclusion,
    t('reports.method.threshold', { n: e.threshold }),
    t('reports.method.weighting'),
    e.method.coding.themes > 0
      ? t('reports.method.coding', {
          themes: e.method.coding.themes,
          comments: whole(e.method.coding.codedComments),
        })
      : t('reports.method.noCoding'),
    ...agreementLines(e),
  ]
  return [
    ...lines.map((text): Block => ({ type: 'paragraph', text })),
    { type: 'table', table: e.method.channels, chart: false },
  ]
}

function proposalBlocks(e: Evidence): Block[] {
  return e.proposals.flatMap((p) => [
    heading(3, p.title),
    ...(p.headline
      ? [{ type: 'figures', items: [{ text: headlineText(p.headline), href: p.headline.href }] } as Block]
      : []),
    ...p.tables.map((table): Block => ({ type: 'table', table, chart: true })),
    ...p.differences.map((text): Block => ({ type: 'paragraph', text })),
  ])
}

function themeBlocks(e: Evidence, withQuotes: boolean): Block[] {
  if (e.themes.length === 0) return [{ type: 'paragraph', text: t('reports.noThemes') }]
  const table: ReportTable = {
    id: 'themes',
    title: t('reports.table.themesTitle'),
    headers: [t('reports.table.theme'), t('reports.table.count'), t('reports.table.share')],
    rows: e.themes.map((th) => ({
      label: th.label,
      cells: [th.count === null ? t('reports.hidden') : whole(th.count), percent(th.share)],
    })),
    bars: e.themes.map((th) => ({ label: th.label, percent: th.share })),
    notes: [t('reports.table.codedBase', { n: whole(e.method.coding.codedComments) })],
    source: {
      href: e.themesHref,
      settings: [[t('reports.settings.view'), t('reports.settings.themeCounts')]],
    },
  }
  const quotes = withQuotes ? e.quotes.filter((q) => q.reviewed) : []
  return [
    { type: 'table', table, chart: true },
    ...(withQuotes ? (e.themeDifferences ?? []) : []).map((text): Block => ({ type: 'paragraph', text })),
    ...quotes.map(
      (q): Block => ({
        type: 'quote',
        quote: { theme: q.theme, text: q.text, reference: q.reference, href: q.href },
      }),
    ),
  ]
}

function eventBlocks(e: Evidence): Block[] {
  if (e.events.length === 0) return [{ type: 'paragraph', text: t('reports.noEvents') }]
  return [
    {
      type: 'table',
      chart: false,
      table: {
        id: 'events',
        title: t('reports.table.eventsTitle'),
        headers: [t('reports.table.event'), t('reports.table.date'), t('reports.table.attendees')],
        rows: e.events.map((ev) => ({
          label: ev.title,
          cells: [londonDate(ev.heldAt), ev.attendees === null ? t('reports.hidden') : whole(ev.attendees)],
        })),
        bars: null,
        notes: [],
        source: {
          href: `/admin/consultations/${e.consultation.id}/events`,
          settings: [[t('reports.settings.view'), t('reports.settings.events')]],
        },
      },
    },
  ]
}

function generated(section: SnapshotSection, e: Evidence): Block[] {
  switch (section.kind) {
    case 'executive_summary':
      return e.proposals.flatMap((p) =>
        p.headline
          ? [{ type: 'figures', items: [{ text: headlineText(p.headline), href: p.headline.href }] } as Block]
          : [],
      )
    case 'method':
      return methodBlocks(e)
    case 'who_responded':
      return e.whoResponded.map((table): Block => ({ type: 'table', table, chart: true }))
    case 'proposals':
      return [
        ...proposalBlocks(e),
        ...(e.otherTables.length > 0 ? [heading(3, t('reports.otherQuestions'))] : []),
        ...e.otherTables.map((table): Block => ({ type: 'table', table, chart: true })),
      ]
    case 'themes':
      return themeBlocks(e, true)
    case 'events':
      return eventBlocks(e)
    case 'appendix':
      return [
        { type: 'paragraph', text: t('reports.appendixIntro') },
        ...allTables(e).map((table): Block => ({ type: 'table', table, chart: false })),
      ]
    case 'easy_read':
      return []
  }
}

function allTables(e: Evidence): ReportTable[] {
  return [e.method.channels, ...e.whoResponded, ...e.proposals.flatMap((p) => p.tables), ...e.otherTables]
}

function provenance(snapshot: Snapshot, hash: string): string[] {
  return [
    t('reports.provenance.version', { version: snapshot.version, date: londonDate(snapshot.approvedAt) }),
    t('reports.provenance.hash', { hash }),
    t('reports.provenance.gathered', { date: londonDate(snapshot.evidence.gatheredAt) }),
  ]
}

function fullEdition(snapshot: Snapshot): Block[] {
  return snapshot.sections
    .filter((s) => s.kind !== 'easy_read' && s.kind !== 'appendix')
    .concat(snapshot.sections.filter((s) => s.kind === 'appendix'))
    .flatMap((s) => [heading(2, s.heading), ...paragraphs(s.text), ...generated(s, snapshot.evidence)])
}

function summaryEdition(snapshot: Snapshot): Block[] {
  const e = snapshot.evidence
  const summary = snapshot.sections.find((s) => s.kind === 'executive_summary')
  return [
    heading(2, summary?.heading ?? t('reports.sections.executive_summary.heading')),
    ...paragraphs(summary?.text ?? ''),
    heading(2, t('reports.summary.whoHeading')),
    { type: 'paragraph', text: t('reports.method.counted', { n: whole(e.method.counted) }) },
    { type: 'table', table: e.method.channels, chart: false },
    heading(2, t('reports.summary.proposalsHeading')),
    ...e.proposals.flatMap((p): Block[] =>
      p.headline
        ? [{ type: 'figures', items: [{ text: headlineText(p.headline), href: p.headline.href }] }]
        : [],
    ),
    heading(2, t('reports.summary.themesHeading')),
    ...themeBlocks({ ...e, themes: e.themes.slice(0, 5) }, false),
  ]
}

function easyReadEdition(snapshot: Snapshot): Block[] {
  const e = snapshot.evidence
  const intro = snapshot.sections.find((s) => s.kind === 'easy_read')
  const idea = (icon: IconName, text: string): Block => ({ type: 'idea', icon, text })
  const blocks: Block[] = [
    heading(2, t('reports.easyRead.aboutHeading')),
    ...sentencesOf(intro?.text ?? '').map((s) => idea('speech', s)),
    idea('people', t('reports.easyRead.people', { n: roughly(e.method.counted) })),
    idea('calendar', t('reports.easyRead.closed', { date: londonDate(e.consultation.closesAt) })),
    heading(2, t('reports.easyRead.saidHeading')),
  ]
  e.proposals.forEach((p, i) => {
    if (!p.headline || p.headline.agree === null) return
    blocks.push(heading(3, t('reports.easyRead.proposal', { n: i + 1 })))
    blocks.push(idea('tick', t(`reports.easyRead.agree.${shareInWords(p.headline.agree)}`, { n: i + 1 })))
  })
  const top = e.themes.filter((th) => th.count !== null).slice(0, 3)
  if (top.length > 0) {
    blocks.push(heading(2, t('reports.easyRead.talkedHeading')))
    for (const th of top) blocks.push(idea('speech', t('reports.easyRead.theme', { theme: th.label })))
  }
  blocks.push(heading(2, t('reports.easyRead.nextHeading')))
  blocks.push(idea('decision', t('reports.easyRead.next')))
  return blocks
}

export function buildEdition(snapshot: Snapshot, edition: Edition, hash: string): EditionDocument {
  const e = snapshot.evidence
  const blocks =
    edition === 'full'
      ? fullEdition(snapshot)
      : edition === 'summary'
        ? summaryEdition(snapshot)
        : easyReadEdition(snapshot)
  const tables = blocks.flatMap((b) => (b.type === 'table' ? [b.table] : []))
  return {
    edition,
    title: t(`reports.editions.${edition}.title`, { title: e.consultation.title }),
    subtitle: t('reports.subtitle', { version: snapshot.version, date: londonDate(snapshot.approvedAt) }),
    lang: 'en-GB',
    largeType: edition === 'easy-read',
    version: snapshot.version,
    approvedAt: snapshot.approvedAt,
    blocks,
    tables: [...new Map(tables.map((table) => [table.id, table])).values()],
    provenance: provenance(snapshot, hash),
  }
}
