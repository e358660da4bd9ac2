import type { ConsultationSetupService } from '../features/consultations/index.js'
import type { DecisionService } from '../features/decisions/index.js'
import type { ReportService } from '../features/reports/index.js'
import { systemActor } from '../platform/audit/audit-log.js'
import { themeBank } from './generator/comment-bank.js'

// The reference case after its report: how each theme that mattered was considered, the
// business case, the joint Governing Body's decision of 14 December 2021 and the co-production
// that followed, recorded through the decisions service at the dates they happened (a service
// whose clock is set to each date), so the trail keeps the same rules as staff do. The wording is
// invented for the demo; nothing in it is attributed to a real person or organisation.

/** Services whose clock reads the given moment: the demo replays each step on its own date. */
export type Replay = (at: Date) => {
  decisions: DecisionService
  consultationSetup: Pick<ConsultationSetupService, 'transition'>
  reports: Pick<ReportService, 'startDraft' | 'overview' | 'updateSection' | 'gatherEvidence' | 'approve'>
}

export const referenceDates = {
  reporting: new Date('2021-10-04T08:00:00Z'),
  report: new Date('2021-11-22T10:00:00Z'),
  considerations: new Date('2021-11-29T10:00:00Z'),
  signOff: new Date('2021-12-03T10:00:00Z'),
  businessCase: new Date('2021-12-06T10:00:00Z'),
  decision: new Date('2021-12-14T17:00:00Z'),
  followUp: new Date('2022-01-10T09:00:00Z'),
  translation: new Date('2022-05-20T10:00:00Z'),
}

const considered: Record<
  string,
  { outcome: 'accepted' | 'mitigated' | 'noted' | 'not_accepted'; text: string }
> = {
  central_access_concern: {
    outcome: 'mitigated',
    text: 'The Central Access Point will answer by phone, text and BSL video, with interpreters from the first day. Call-back times will be published every month.',
  },
  crisis_cafe_concern: {
    outcome: 'accepted',
    text: 'The cafés will open in the evenings and at weekends, in venues chosen with local people. The first three will run as a pilot, designed with people who use services and carers.',
  },
  crisis_service_concern: {
    outcome: 'mitigated',
    text: 'Home treatment will be staffed for 24 hours before self-referral opens, and carers will be told who to call at every step.',
  },
  police_triage_concern: {
    outcome: 'noted',
    text: 'Police triage stays an option, not the first response: mental-health staff lead every call, and the police attend only where there is a risk to safety.',
  },
  urgent_care_hub_concern: {
    outcome: 'mitigated',
    text: 'The hub will publish its waiting times and be signposted from A&E, GP practices and NHS 111.',
  },
  liaison_concern: {
    outcome: 'mitigated',
    text: 'Liaison staff will be based in each general hospital, with a response time agreed with the emergency departments.',
  },
  vulnerable_groups_concern: {
    outcome: 'accepted',
    text: 'The proposal now names people who are homeless, people who misuse substances and people leaving prison, and the service will be designed with the organisations that support them.',
  },
  neighbourhood_teams_concern: {
    outcome: 'accepted',
    text: 'Team bases will be chosen with travel times in mind, and each team will offer home visits and appointments in community venues.',
  },
  waiting_times: {
    outcome: 'mitigated',
    text: 'Waiting times for each service will be published every quarter, with a target for each.',
  },
  access_difficulty: {
    outcome: 'mitigated',
    text: 'The Central Access Point is the answer to this: one number for every urgent need, with a call back within four hours.',
  },
  staffing: {
    outcome: 'mitigated',
    text: 'A workforce plan goes with the decision: recruitment starts before each new service opens, and no service opens without its staff.',
  },
  transport: {
    outcome: 'mitigated',
    text: 'Neighbourhood teams bring care closer to home; where people must travel, the cost of transport will be reviewed with local councils.',
  },
  communication_languages: {
    outcome: 'accepted',
    text: 'Information about every new service will be published in Easy Read and in the main community languages of Leicester, with interpreters on request.',
  },
  digital_exclusion: {
    outcome: 'mitigated',
    text: 'Every service can be reached by phone and in person, not only online.',
  },
  funding: {
    outcome: 'noted',
    text: 'The proposals are funded from the national mental-health investment standard; the business case sets out the costs year by year.',
  },
  consultation_process: {
    outcome: 'noted',
    text: 'The consultation was reviewed against the Gunning principles; lessons on reaching people earlier are in the engagement plan for co-production.',
  },
  scepticism: {
    outcome: 'mitigated',
    text: 'Progress will be published on this page and reported to the Governing Body, so anyone can see what has been done.',
  },
  carers_experience: {
    outcome: 'accepted',
    text: 'Carers will be involved in designing each service, and every service will have a named contact for carers.',
  },
}

/** The wording for a theme: its own, or one that follows from whether the theme supports or doubts. */
function considerationFor(code: string, proposal: string) {
  const own = considered[code]
  if (own) return own
  const theme = themeBank.find((th) => th.code === code)
  if (theme?.polarity === 'positive')
    return {
      outcome: 'noted' as const,
      text: `Support for this was noted. ${proposal} goes ahead, and the people who said so are invited to help design it.`,
    }
  return {
    outcome: 'noted' as const,
    text: `This was taken into account in the Equality Impact Assessment and in the design of ${proposal.toLowerCase()}; it did not change the proposal itself.`,
  }
}

const introduction = `This business case sets out how the commissioners considered what people told us in the Step up to Great Mental Health consultation, proposal by proposal, before the joint Governing Body decides.

For every theme raised in at least one comment in twenty on a proposal, it says whether the proposal changes, what will be done, or why not. It also records what the Equality Impact Assessment concluded for the groups we heard less from.`

/** The analysis is done: the reference case moves on to its report, on the day it did. */
export async function moveReferenceToReporting(replay: Replay, consultationId: string) {
  await replay(referenceDates.reporting).consultationSetup.transition(
    consultationId,
    'reporting',
    systemActor,
  )
}

/** The considerations, business case, decision and follow-up, once the report is approved. */
export async function loadReferenceTrail(replay: Replay, consultationId: string) {
  const writing = replay(referenceDates.considerations).decisions
  const overview = await writing.overview(consultationId)
  const titles = new Map(overview.proposals.map((p) => [p.id, p.title]))
  for (const theme of overview.themesThatMatter) {
    const c = considerationFor(theme.code, titles.get(theme.proposalId) ?? 'the proposal')
    await writing.saveConsideration(
      consultationId,
      { proposalId: theme.proposalId, themeId: theme.themeId, outcome: c.outcome, response: c.text },
      { userId: null, label: 'Head of mental health commissioning (demo)' },
    )
  }
  for (const e of [
    {
      group: 'People from Black, Asian and minority ethnic communities in Leicester',
      basis: 'under_heard' as const,
      conclusion:
        'Fewer responses came from these communities than their share of Leicester’s population. The proposals are likely to benefit them, if services are known about and reachable in community languages.',
      action:
        'Co-production groups will be recruited through community and faith organisations; information will be published in the main community languages.',
    },
    {
      group: 'Carers',
      basis: 'difference' as const,
      conclusion:
        'Carers agreed with the crisis proposals less often than others, and said they were not told who to call. The proposals could add to carers’ load if they are not involved.',
      action:
        'Every new service will have a named contact for carers, and carers will sit on each design group.',
    },
  ])
    await writing.saveEquality(consultationId, e, {
      userId: null,
      label: 'Equality and inclusion lead (demo)',
    })

  const signing = replay(referenceDates.signOff).decisions
  const signer = { userId: null, label: 'Director of mental health commissioning (demo)' }
  const written = await signing.overview(consultationId)
  for (const c of written.considerations)
    if (!c.signed_off_at) await signing.signOffConsideration(consultationId, c.id, signer)
  for (const e of written.equality)
    if (!e.signed_off_at) await signing.signOffEquality(consultationId, e.id, signer)

  const caseWriter = replay(referenceDates.businessCase).decisions
  await caseWriter.startBusinessCase(consultationId, signer)
  await caseWriter.updateBusinessCaseIntroduction(consultationId, introduction, signer)
  await caseWriter.approveBusinessCase(consultationId, signer)

  const deciding = replay(referenceDates.decision).decisions
  const before = await deciding.overview(consultationId)
  const meeting = before.meetings.find((m) => m.starts_at.toISOString().startsWith('2021-12-14'))
  await deciding.recordDecision(
    consultationId,
    {
      body: 'LLR Clinical Commissioning Groups Joint Governing Body',
      meetingId: meeting?.id ?? null,
      meetingOn: '2021-12-14',
      heldInPublic: true,
      conditions:
        'The proposals are taken forward in co-production with service users, carers and staff, with a progress report to the Governing Body.',
      minutesUrl: '',
      resolutions: before.proposals.map((p) => ({
        proposalId: p.id,
        outcome:
          p.position === 2 || p.position === 7 || p.position === 8 ? 'approved_with_changes' : 'approved',
        note:
          p.position === 2
            ? 'Evening and weekend opening; the first three cafés as a co-produced pilot.'
            : p.position === 7
              ? 'The groups it serves are named, and its design is shared with the organisations that support them.'
              : p.position === 8
                ? 'Team bases chosen with travel times in mind; home visits offered.'
                : '',
      })),
      correctionReason: null,
    },
    { userId: null, label: 'Corporate governance officer (demo)' },
  )
  await loadFollowUp(replay, consultationId)
  await loadPolish(replay, consultationId)
}

// The reference questionnaire was in English only; a few public texts in Polish, one of the
// area's main community languages, show the page in another language with the rest marked.
const polish: Record<string, string> = {
  'The proposals are taken forward in co-production with service users, carers and staff, with a progress report to the Governing Body.':
    'Propozycje są realizowane we współpracy z osobami korzystającymi z usług, opiekunami i personelem, a sprawozdanie z postępów zostanie przedstawione Radzie Zarządzającej.',
  'Evening and weekend opening; the first three cafés as a co-produced pilot.':
    'Otwarcie wieczorami i w weekendy; pierwsze trzy kawiarnie jako pilotaż współtworzony z użytkownikami.',
  'Open three pilot crisis cafés with evening and weekend hours':
    'Otwarcie trzech pilotażowych kawiarni kryzysowych czynnych wieczorami i w weekendy',
  'The three pilot cafés opened, each with evening and weekend hours agreed with the design group.':
    'Trzy pilotażowe kawiarnie zostały otwarte, każda z godzinami wieczornymi i weekendowymi uzgodnionymi z grupą projektową.',
}

async function loadPolish(replay: Replay, consultationId: string) {
  const translating = replay(referenceDates.translation).decisions
  const { slots } = await translating.translationSlots(consultationId, 'pl')
  await translating.saveTranslations(
    consultationId,
    'pl',
    slots.flatMap((s) => {
      const text = polish[s.english]
      return text ? [{ kind: s.kind, subject: s.subject, source: s.english, text }] : []
    }),
    { userId: null, label: 'Community languages team (demo)' },
  )
}

async function loadFollowUp(replay: Replay, consultationId: string) {
  const start = replay(referenceDates.followUp)
  await start.consultationSetup.transition(consultationId, 'following_up', systemActor)
  const owner = { userId: null, label: 'Co-production lead (demo)' }
  const overview = await start.decisions.overview(consultationId)
  const theme = (code: string) => overview.allThemes.find((th) => th.code === code)?.id
  const proposal = (position: number) => overview.proposals.find((p) => p.position === position)?.id
  const ids = (values: (string | undefined)[]) => values.filter((v): v is string => v !== undefined)
  const cafes = await start.decisions.addWorkstream(
    consultationId,
    {
      title: 'Crisis cafés pilot',
      description:
        'Three cafés in voluntary-sector venues, designed and run with people who use services and carers.',
      partners: 'Voluntary and community sector partners in Leicester, Leicestershire and Rutland',
      involvement: [
        { group: 'People who use services', count: 9 },
        { group: 'Carers', count: 6 },
        { group: 'Staff', count: 7 },
      ],
    },
    owner,
  )
  const access = await start.decisions.addWorkstream(
    consultationId,
    {
      title: 'Central Access Point and neighbourhood teams',
      description: 'How people reach help, and where the neighbourhood teams are based.',
      partners: 'Leicestershire Partnership NHS Trust; local councils',
      involvement: [
        { group: 'People who use services', count: 11 },
        { group: 'Carers', count: 5 },
        { group: 'Staff', count: 12 },
      ],
    },
    owner,
  )
  const actions = [
    {
      workstreamId: cafes,
      title: 'Open three pilot crisis cafés with evening and weekend hours',
      owner: 'Crisis cafés pilot lead',
      dueOn: '2022-04-30',
      themeIds: ids([theme('crisis_cafe_concern'), theme('crisis_cafe_support')]),
      proposalIds: ids([proposal(2)]),
      done: {
        at: '2022-04-20T10:00:00Z',
        note: 'The three pilot cafés opened, each with evening and weekend hours agreed with the design group.',
      },
    },
    {
      workstreamId: access,
      title: 'Offer text, BSL video and interpreters at the Central Access Point',
      owner: 'Central Access Point manager',
      dueOn: '2022-03-31',
      themeIds: ids([theme('central_access_concern'), theme('communication_languages')]),
      proposalIds: ids([proposal(1)]),
      done: {
        at: '2022-03-28T10:00:00Z',
        note: 'Text and BSL video went live; interpreters are booked through the line.',
      },
    },
    {
      workstreamId: access,
      title: 'Publish call-back and waiting times every month',
      owner: 'Head of performance',
      dueOn: '2022-05-31',
      themeIds: ids([theme('waiting_times'), theme('scepticism')]),
      proposalIds: [],
      done: { at: '2022-05-16T10:00:00Z', note: 'Monthly figures are published on the trust’s website.' },
    },
    {
      workstreamId: access,
      title: 'Agree neighbourhood team bases with travel times checked by local people',
      owner: 'Community services director',
      dueOn: '2022-09-30',
      themeIds: ids([theme('transport'), theme('neighbourhood_teams_concern')]),
      proposalIds: ids([proposal(8)]),
      done: null,
      progress: {
        at: '2022-07-12T10:00:00Z',
        note: 'Five of the eight bases are agreed; three are still being discussed with councils.',
      },
    },
  ]
  for (const a of actions) {
    const id = await start.decisions.addAction(
      consultationId,
      {
        workstreamId: a.workstreamId,
        title: a.title,
        owner: a.owner,
        dueOn: a.dueOn,
        themeIds: a.themeIds,
        proposalIds: a.proposalIds,
      },
      owner,
    )
    if (a.done)
      await replay(new Date(a.done.at)).decisions.recordProgress(
        consultationId,
        id,
        { status: 'done', note: a.done.note, evidence: '' },
        owner,
      )
    else if (a.progress)
      await replay(new Date(a.progress.at)).decisions.recordProgress(
        consultationId,
        id,
        { status: 'in_progress', note: a.progress.note, evidence: '' },
        owner,
      )
  }
}
