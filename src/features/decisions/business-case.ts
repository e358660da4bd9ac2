import { createHash } from 'node:crypto'
import { stringify } from 'safe-stable-stringify'
import type { ConsiderationOutcome } from '../../platform/db/schema.js'
import { t } from '../../platform/i18n/translate.js'
import type { Block, EditionDocument, ReportTable } from '../reports/index.js'

// The Decision-Making Business Case: frozen at approval from the signed-off consideration and
// equality records and the approved report it answers, hashed as a report is, and laid out as
// blocks so the reports feature's writers draw it in HTML, Word and tagged PDF alike.

export interface CaseConsideration {
  theme: string
  /** Null when the count is under the disclosure threshold. */
  count: number | null
  codedComments: number
  share: number | null
  groups: { group: string; count: number | null }[]
  outcome: ConsiderationOutcome
  response: string
  writtenBy: string
  signedOffBy: string
  signedOffAt: string
}

export interface CaseEquality {
  group: string
  basis: 'under_heard' | 'difference'
  conclusion: string
  action: string
  writtenBy: string
  signedOffBy: string
}

export interface BusinessCaseSnapshot {
  version: number
  approvedAt: string
  consultation: { title: string; slug: string }
  introduction: string
  report: { version: number; hash: string; approvedAt: string }
  threshold: number
  proposals: { title: string; considerations: CaseConsideration[] }[]
  equality: CaseEquality[]
}

/** SHA-256 of the snapshot's canonical JSON (keys sorted), as a report's is. */
export function businessCaseHash(snapshot: BusinessCaseSnapshot): string {
  return createHash('sha256')
    .update(stringify(snapshot) ?? '')
    .digest('hex')
}

/** A count under the threshold (and above zero) is hidden, as in every other output. */
export function suppress(count: number, threshold: number): number | null {
  return count > 0 && count < threshold ? null : count
}

const londonDate = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  })

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')

const heading = (level: 2 | 3, text: string): Block => ({ type: 'heading', level, text, id: slug(text) })
const paragraphs = (text: string): Block[] =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => ({ type: 'paragraph', text: p }))

export const countText = (count: number | null, share: number | null) =>
  count === null
    ? t('decisions.hidden')
    : t('decisions.countShare', {
        count: count.toLocaleString('en-GB'),
        share: Math.round(100 * (share ?? 0)),
      })

function considerationTable(
  index: number,
  title: string,
  rows: CaseConsideration[],
  href: string,
): ReportTable {
  return {
    id: `proposal-${index + 1}`,
    title: t('decisions.case.considerationsTitle', { proposal: title }),
    headers: [
      t('decisions.case.theme'),
      t('decisions.case.comments'),
      t('decisions.case.outcome'),
      t('decisions.case.response'),
      t('decisions.case.signedOff'),
    ],
    rows: rows.map((c) => ({
      label: c.theme,
      cells: [
        countText(c.count, c.share),
        t(`decisions.outcomes.${c.outcome}`),
        c.response,
        t('decisions.case.signedOffBy', { written: c.writtenBy, signed: c.signedOffBy }),
      ],
    })),
    bars: null,
    notes: [t('decisions.case.base')],
    source: { href, settings: [] },
  }
}

function equalityTable(rows: CaseEquality[], href: string): ReportTable {
  return {
    id: 'equality',
    title: t('decisions.case.equalityTitle'),
    headers: [
      t('decisions.case.group'),
      t('decisions.case.basis'),
      t('decisions.case.conclusion'),
      t('decisions.case.action'),
    ],
    rows: rows.map((e) => ({
      label: e.group,
      cells: [t(`decisions.basis.${e.basis}`), e.conclusion, e.action],
    })),
    bars: null,
    notes: [],
    source: { href, settings: [] },
  }
}

/** The business case as a document of blocks, for the edition writers. */
export function businessCaseDocument(
  snapshot: BusinessCaseSnapshot,
  hash: string,
  staffHref: string,
): EditionDocument {
  const blocks: Block[] = [
    heading(2, t('decisions.case.introHeading')),
    ...paragraphs(snapshot.introduction),
    heading(2, t('decisions.case.reportHeading')),
    {
      type: 'paragraph',
      text: t('decisions.case.reportBasis', {
        version: snapshot.report.version,
        date: londonDate(snapshot.report.approvedAt),
        hash: snapshot.report.hash,
      }),
    },
    heading(2, t('decisions.case.proposalsHeading')),
  ]
  snapshot.proposals.forEach((p, i) => {
    blocks.push(heading(3, p.title))
    if (p.considerations.length === 0)
      blocks.push({ type: 'paragraph', text: t('decisions.case.noneRecorded') })
    else
      blocks.push({
        type: 'table',
        table: considerationTable(i, p.title, p.considerations, staffHref),
        chart: false,
      })
  })
  blocks.push(heading(2, t('decisions.case.equalityHeading')))
  if (snapshot.equality.length === 0) blocks.push({ type: 'paragraph', text: t('decisions.case.noEquality') })
  else blocks.push({ type: 'table', table: equalityTable(snapshot.equality, staffHref), chart: false })
  const tables = blocks.flatMap((b) => (b.type === 'table' ? [b.table] : []))
  return {
    edition: 'full',
    title: t('decisions.case.title', { title: snapshot.consultation.title }),
    subtitle: t('decisions.case.subtitle', {
      version: snapshot.version,
      date: londonDate(snapshot.approvedAt),
    }),
    lang: 'en-GB',
    largeType: false,
    version: snapshot.version,
    approvedAt: snapshot.approvedAt,
    blocks,
    tables,
    provenance: [
      t('decisions.case.provenanceVersion', {
        version: snapshot.version,
        date: londonDate(snapshot.approvedAt),
      }),
      t('decisions.case.provenanceHash', { hash }),
      t('decisions.case.provenanceThreshold', { n: snapshot.threshold }),
    ],
  }
}
