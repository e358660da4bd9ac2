import type { ReportService } from '../features/reports/index.js'
import { systemActor } from '../platform/audit/audit-log.js'

// The reference case's Report of Findings, as the analysts' narrative might read, gathered from
// the loaded data and approved, so the demo shows a published report from the start.

const narrative: Record<string, string> = {
  executive_summary:
    'People across Leicester, Leicestershire and Rutland told us what they think of the proposals for mental health services.\n\nMost respondents answered online; others used paper questionnaires, events and partner organisations. The figures for each proposal follow.',
  method:
    'The consultation ran for twelve weeks. Paper questionnaires sent by Freepost were counted if they arrived within ten days of the online close. Repeat responses from the same person were counted once.',
  who_responded:
    'The tables below describe the people who answered the About you questions. Groups too small to show safely are hidden.',
  proposals:
    'For each proposal we show how many people agreed and disagreed, with the interval around each share.',
  themes: 'Comments were read and coded against a codeframe agreed by the analysts.',
  events: 'Events were held across the area, in person and online, with partner organisations.',
  appendix: '',
  easy_read:
    'This report tells you what people said. We asked about changes to mental health services. Thank you for telling us what you think.',
}

/** Writes the narrative into a new draft, gathers the figures and approves it; returns the version. */
export async function publishReferenceReport(
  reports: Pick<ReportService, 'startDraft' | 'overview' | 'updateSection' | 'gatherEvidence' | 'approve'>,
  consultationId: string,
) {
  await reports.startDraft(consultationId, systemActor)
  const { draft } = await reports.overview(consultationId)
  const sections = (draft?.sections ?? []) as { kind: string; heading: string }[]
  for (const [index, section] of sections.entries())
    await reports.updateSection(
      consultationId,
      index,
      { heading: section.heading, text: narrative[section.kind] ?? '', included: true },
      systemActor,
    )
  await reports.gatherEvidence(consultationId, systemActor)
  return reports.approve(consultationId, systemActor)
}
