import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { ConsultationService } from '../features/consultations/index.js'
import type { GovernanceService, PaperDetails } from '../features/governance/index.js'
import type { ResponseService } from '../features/responses/index.js'
import { systemActor } from '../platform/audit/audit-log.js'
import type { Database } from '../platform/db/schema.js'
import { londonToUtc } from '../platform/time/london.js'
import { loadRecoveryHubs, recoveryHubsSlug } from './recovery-hubs.js'

// The meetings of the two reference cases, recorded through the governance service so that the
// demo keeps the same rules as staff do: the Governing Body's decision on "Step up to Great Mental
// Health" (14 December 2021) and the joint health scrutiny committee (15 February 2022); and the
// scrutiny commission that took the Recovery Hubs report late, as urgent, and asked for a progress
// report that never came. Times, papers' dates and wording not in SCENARIO.md are invented.

const actor = systemActor
const dayMs = 24 * 60 * 60 * 1000

function at(date: string, time: string): Date {
  const instant = londonToUtc(date, time)
  if (!instant) throw new Error(`No such time in the UK: ${date} ${time}`)
  return instant
}

/** A demo paper: a link on example.org and the hash of a stand-in for the version the committee had. */
const paper = (kind: PaperDetails['kind'], title: string, publishedOn: string): PaperDetails => ({
  kind,
  title,
  documentId: null,
  url: `https://papers.example.org/${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.pdf`,
  sha256: createHash('sha256').update(`${title}\n${publishedOn}`).digest('hex'),
  publishedOn,
})

async function committee(
  governance: GovernanceService,
  details: Parameters<GovernanceService['createCommittee']>[0],
) {
  const existing = (await governance.listCommittees()).find((c) => c.slug === details.slug)
  return existing?.id ?? governance.createCommittee(details, actor)
}

async function heldMeeting(
  governance: GovernanceService,
  committeeId: string,
  details: Parameters<GovernanceService['createMeeting']>[1],
  minutes: string,
) {
  const id = await governance.createMeeting(committeeId, details, actor)
  await governance.setStatus(id, 'held', actor)
  await governance.recordMinutes(id, { text: minutes, reason: '' }, actor)
  return id
}

/** Step up to Great Mental Health before the Governing Body and the joint health scrutiny committee. */
export async function loadReferenceMeetings(governance: GovernanceService, consultationId: string) {
  const body = await committee(governance, {
    name: 'LLR Clinical Commissioning Groups Joint Governing Body',
    slug: 'llr-clinical-commissioning-groups-joint-governing-body',
    kind: 'governing_body',
    organisation: 'NHS clinical commissioning groups of Leicester, Leicestershire and Rutland',
    noticeDays: 7,
    contactEmail: 'governance@example.org',
  })
  const decision = await heldMeeting(
    governance,
    body,
    {
      startsAt: at('2021-12-14', '13:00'),
      place: '',
      online: true,
      session: 'public',
      webcastUrl: 'https://video.example.org/governing-body/2021-12-14',
    },
    'The joint Governing Body met in public, online. It considered the Report of Findings, the Decision-Making Business Case and the Equality Impact Assessment for Step up to Great Mental Health, and made its decision.',
  )
  const decisionItem = await governance.addItem(
    decision,
    {
      title: 'Step up to Great Mental Health: decision following public consultation',
      summary: 'The outcome of the 12-week consultation and the proposals as changed by what people said.',
      consultationId,
      late: null,
    },
    actor,
  )
  for (const p of [
    paper('report', 'Step up to Great Mental Health: Report of Findings', '2021-11-22'),
    paper('business_case', 'Step up to Great Mental Health: Decision-Making Business Case', '2021-12-06'),
    paper('equality_assessment', 'Step up to Great Mental Health: Equality Impact Assessment', '2021-12-06'),
  ])
    await governance.addPaper(decisionItem, p, actor)
  await governance.addQuestion(
    decisionItem,
    {
      askedBy: 'A member of the Governing Body',
      question: 'How many of those who responded were carers, and were any people counted more than once?',
      answer:
        'About one in four responses came from carers; the breakdown is given as responses and as people.',
      liveAnswer: 'who_responded',
    },
    actor,
  )
  const resolution = await governance.addResolution(
    decisionItem,
    {
      text: 'To approve the proposals as changed in the light of the consultation, and to take them forward in co-production with service users, carers and staff.',
      action: {
        description: 'Report to the Governing Body on the progress of co-production',
        owner: 'Director of mental health commissioning',
        dueOn: '2022-06-30',
        dueMeetingId: null,
      },
    },
    actor,
  )
  const followUp = await heldMeeting(
    governance,
    body,
    { startsAt: at('2022-06-14', '13:00'), place: '', online: true, session: 'public', webcastUrl: '' },
    'The Governing Body received the co-production progress report for Step up to Great Mental Health.',
  )
  const progressItem = await governance.addItem(
    followUp,
    {
      title: 'Step up to Great Mental Health: co-production progress',
      summary: '',
      consultationId,
      late: null,
    },
    actor,
  )
  await governance.addPaper(
    progressItem,
    paper('report', 'Co-production progress report', '2022-06-06'),
    actor,
  )
  const asked = (await governance.committee(body)).actions.find((a) => a.resolution_id === resolution)
  if (asked) await governance.closeAction(progressItem, asked.id, actor)
  for (const id of [decision, followUp]) await governance.setStatus(id, 'minutes_approved', actor)

  const scrutiny = await committee(governance, {
    name: 'Leicester, Leicestershire and Rutland Joint Health Scrutiny Committee',
    slug: 'leicester-leicestershire-and-rutland-joint-health-scrutiny-committee',
    kind: 'joint_health_scrutiny',
    organisation: 'Leicester City Council, Leicestershire County Council and Rutland County Council',
    noticeDays: 5,
    contactEmail: 'scrutiny@example.org',
  })
  const examined = await heldMeeting(
    governance,
    scrutiny,
    {
      startsAt: at('2022-02-15', '10:00'),
      place: 'City Hall',
      online: true,
      session: 'public',
      webcastUrl: '',
    },
    'The committee examined the findings of the Step up to Great Mental Health consultation and the decision of the Governing Body.',
  )
  const findings = await governance.addItem(
    examined,
    {
      title: 'Step up to Great Mental Health: consultation findings and decision',
      summary: '',
      consultationId,
      late: null,
    },
    actor,
  )
  await governance.addPaper(
    findings,
    paper('report', 'Step up to Great Mental Health: Report of Findings', '2021-11-22'),
    actor,
  )
  await governance.addPaper(
    findings,
    paper('report', 'Report of the commissioners to the committee', '2022-02-07'),
    actor,
  )
  await governance.addQuestion(
    findings,
    {
      askedBy: 'A member of the committee',
      question: 'Which groups were heard from, and how were people who responded more than once counted?',
      answer:
        'The breakdown by relationship to services is given as responses and as people with repeats removed.',
      liveAnswer: 'who_responded',
    },
    actor,
  )
  await governance.addResolution(
    findings,
    {
      text: 'To note the findings of the consultation and the decision of the Governing Body.',
      action: null,
    },
    actor,
  )
}

/** The Recovery Hubs report before the scrutiny commission: late, urgent, and a progress report still owed. */
export async function loadRecoveryHubsMeetings(governance: GovernanceService, consultationId: string) {
  const commission = await committee(governance, {
    name: 'Adult Social Care Scrutiny Commission',
    slug: 'adult-social-care-scrutiny-commission',
    kind: 'scrutiny_commission',
    organisation: 'A city council (demo)',
    noticeDays: 5,
    contactEmail: 'scrutiny.commission@example.org',
  })
  const meeting = await heldMeeting(
    governance,
    commission,
    {
      startsAt: at('2022-03-01', '17:30'),
      place: 'City Hall, Meeting Room G.01',
      online: false,
      session: 'public',
      webcastUrl: 'https://video.example.org/scrutiny/2022-03-01',
    },
    'The Chair accepted the report on Mental Health Recovery Hubs as an urgent item. Members asked about timelines, who had been engaged and whether the process would stand up to challenge.',
  )
  const item = await governance.addItem(
    meeting,
    {
      title: 'Mental Health Recovery Hubs: outcome of engagement',
      summary: 'The outcome of engagement with 749 people, some of whom attended several events.',
      consultationId,
      late: {
        kind: 'urgent',
        rule: 'Scrutiny Procedure Rule Part 4E(14)',
        reason:
          "The commissioners needed time to take in the findings, and the Commission's views were wanted before procurement.",
        acceptedBy: 'The Chair',
      },
    },
    actor,
  )
  await governance.addPaper(
    item,
    paper('report', 'Mental Health Recovery Hubs: outcome of engagement', '2022-02-28'),
    actor,
  )
  for (const question of [
    {
      askedBy: 'A member of the Commission',
      question: 'Will the NHS bodies keep to timelines, so that scrutiny can be meaningful?',
      answer: 'The officers acknowledged that the report was late.',
      liveAnswer: null,
    },
    {
      askedBy: 'The Chair',
      question:
        'What percentage of those engaged were service users, family members and potential future users?',
      answer:
        'Answered from the data: by relationship to services, as engagements and as people counted once.',
      liveAnswer: 'who_responded' as const,
    },
    {
      askedBy: 'A member of the Commission',
      question: 'Would the process stand up to scrutiny if it were challenged?',
      answer: 'The officers said that the process would stand up to scrutiny if challenged.',
      liveAnswer: null,
    },
  ])
    await governance.addQuestion(item, question, actor)
  const next = await governance.createMeeting(
    commission,
    {
      startsAt: at('2022-06-07', '17:30'),
      place: 'City Hall, Meeting Room G.01',
      online: false,
      session: 'public',
      webcastUrl: '',
    },
    actor,
  )
  await governance.addResolution(
    item,
    {
      text: "To note the outcome of the engagement on Mental Health Recovery Hubs, and that a progress report be brought back to the Commission in a few months' time.",
      action: {
        description: 'Bring a progress report on Mental Health Recovery Hubs to the Commission',
        owner: 'Integrated care board commissioners',
        dueOn: '2022-06-07',
        dueMeetingId: next,
      },
    },
    actor,
  )
  await governance.setStatus(meeting, 'minutes_approved', actor)
  await governance.setStatus(next, 'held', actor)
  await governance.recordMinutes(
    next,
    { text: 'The progress report on Mental Health Recovery Hubs was not presented.', reason: '' },
    actor,
  )
}

/** A Health and Wellbeing Board with a meeting coming up, so that the calendar has a future event. */
export async function loadBoardMeeting(governance: GovernanceService, now: Date) {
  const board = await committee(governance, {
    name: 'Health and Wellbeing Board',
    slug: 'health-and-wellbeing-board',
    kind: 'health_wellbeing_board',
    organisation: 'A county council (demo)',
    noticeDays: 5,
    contactEmail: 'hwb@example.org',
  })
  const day = new Date(now.getTime() + 30 * dayMs).toISOString().slice(0, 10)
  await governance.createMeeting(
    board,
    { startsAt: at(day, '14:00'), place: 'County Hall', online: true, session: 'public', webcastUrl: '' },
    actor,
  )
}

/**
 * The meetings of the reference case, and the Recovery Hubs consultation with its meetings unless
 * an earlier load made them; a Health and Wellbeing Board meeting with them.
 */
export async function loadGovernanceDemo(
  deps: {
    db: Kysely<Database>
    consultations: ConsultationService
    responses: ResponseService
    governance: GovernanceService
    now: () => Date
  },
  referenceId: string,
  seed: number,
) {
  await loadReferenceMeetings(deps.governance, referenceId)
  const hasHubs = await deps.consultations.getBySlug(recoveryHubsSlug).then(
    () => true,
    () => false,
  )
  if (hasHubs) return undefined
  const hubs = await loadRecoveryHubs(deps, seed)
  await loadRecoveryHubsMeetings(deps.governance, hubs.consultationId)
  await loadBoardMeeting(deps.governance, deps.now())
  return hubs
}
