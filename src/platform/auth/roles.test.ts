import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Role } from '../db/schema.js'
import * as permissions from './roles.js'
import { hasAnyRole, isRole, roles } from './roles.js'

// Who may do what, as the staff guide and the security design state it. The route matrix
// (src/app/route-access.test.ts) holds every route to these lists; this holds the lists to the policy,
// so a role dropped from or added to one is noticed even where the routes still agree with it.
const policy: [string, readonly Role[], Role[]][] = [
  [
    "see a consultation's responses",
    permissions.canViewResponses,
    ['administrator', 'consultation_manager', 'analyst', 'governance_officer', 'observer'],
  ],
  [
    "see respondents' contact details",
    permissions.canSeeContactDetails,
    ['administrator', 'consultation_manager'],
  ],
  [
    'exclude a response, or count it again',
    permissions.canExcludeResponses,
    ['administrator', 'consultation_manager'],
  ],
  ['set up consultations', permissions.canSetUpConsultations, ['administrator', 'consultation_manager']],
  [
    'build and publish questionnaires',
    permissions.canBuildQuestionnaires,
    ['administrator', 'consultation_manager'],
  ],
  [
    'read the coding of comments',
    permissions.canViewCoding,
    ['administrator', 'consultation_manager', 'analyst', 'governance_officer', 'observer'],
  ],
  ['code comments', permissions.canCode, ['administrator', 'consultation_manager', 'analyst']],
  [
    'see safeguarding concerns',
    permissions.canSeeSafeguarding,
    ['administrator', 'consultation_manager', 'analyst'],
  ],
  ['bulk import responses', permissions.canImportResponses, ['administrator', 'consultation_manager']],
  ['set up engagement events', permissions.canManageEvents, ['administrator', 'consultation_manager']],
  [
    'record events, email, letters and phone calls',
    permissions.canRecordChannels,
    ['administrator', 'consultation_manager', 'data_entry'],
  ],
  ["key responses for a partner's people", permissions.canCollectForPartner, ['partner_collector']],
  ['key paper questionnaires', permissions.canKeyPaper, ['data_entry']],
  [
    'supervise paper entry and decide late returns',
    permissions.canSupervisePaper,
    ['administrator', 'consultation_manager'],
  ],
  [
    "use a consultation's workspace",
    permissions.canUseWorkspace,
    ['administrator', 'consultation_manager', 'analyst', 'data_entry', 'governance_officer', 'observer'],
  ],
  ['manage staff accounts', permissions.canManageStaff, ['administrator']],
  [
    'read the audit log and build the evidence pack',
    permissions.canViewAudit,
    ['administrator', 'consultation_manager', 'governance_officer'],
  ],
  [
    'read reports, drafts included',
    permissions.canViewReports,
    ['administrator', 'consultation_manager', 'analyst', 'governance_officer', 'observer'],
  ],
  [
    "write a report's draft",
    permissions.canWriteReports,
    ['administrator', 'consultation_manager', 'analyst'],
  ],
  [
    'approve a report for publication',
    permissions.canApproveReports,
    ['administrator', 'consultation_manager'],
  ],
  [
    'read committees, meetings, questions and actions',
    permissions.canViewGovernance,
    ['administrator', 'consultation_manager', 'analyst', 'governance_officer', 'observer'],
  ],
  [
    'maintain committees and meetings',
    permissions.canMaintainGovernance,
    ['administrator', 'governance_officer'],
  ],
  [
    'search for, download and erase what is held about a person',
    permissions.canHandleSubjectRequests,
    ['administrator'],
  ],
  [
    'keep the record of processing and retention',
    permissions.canKeepProcessingRecords,
    ['administrator', 'consultation_manager'],
  ],
]

for (const [action, allowed, expected] of policy) {
  test(`exactly these roles may ${action}: ${expected.join(', ')}`, () => {
    assert.deepEqual([...allowed].sort(), [...expected].sort())
  })
}

test('there are seven staff roles, each a role and nothing else one', () => {
  assert.deepEqual([...roles].sort(), [
    'administrator',
    'analyst',
    'consultation_manager',
    'data_entry',
    'governance_officer',
    'observer',
    'partner_collector',
  ])
  for (const role of roles) assert.equal(isRole(role), true, role)
  for (const other of ['', 'admin', 'Administrator', 'public', 'administrator '])
    assert.equal(isRole(other), false, other)
})

test('an observer only reads: never codes, keys, changes or approves anything', () => {
  for (const [action, allowed] of policy) {
    if (/^(see|read|use)\b/.test(action)) continue
    assert.ok(!allowed.includes('observer'), action)
  }
})

test('someone holding any one of the roles allowed is let in; none of them, or no roles at all, is not', () => {
  assert.equal(hasAnyRole(['observer', 'analyst'], ['analyst']), true)
  assert.equal(hasAnyRole(['analyst'], ['administrator', 'analyst']), true)
  assert.equal(hasAnyRole(['observer', 'data_entry'], ['administrator', 'analyst']), false)
  assert.equal(hasAnyRole([], ['administrator']), false)
  assert.equal(hasAnyRole(['administrator'], []), false)
})
