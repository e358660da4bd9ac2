import assert from 'node:assert/strict'
import { test } from 'node:test'
import { reportEvidenceSource } from './evidence-source.js'
import type { ReportService } from './service.js'

type Overview = Awaited<ReturnType<ReportService['overview']>>
type Version = Overview['versions'][number]

const version = (v: number, status: 'draft' | 'approved', approvedAt: string | null): Version =>
  ({
    id: `v${v}`,
    version: v,
    status,
    content_hash: status === 'approved' ? `hash-${v}` : null,
    changes: [],
    approved_at: approvedAt ? new Date(approvedAt) : null,
    created_at: new Date('2021-11-01T09:00:00Z'),
  }) as Version

const withVersions = (versions: Version[]) => ({
  overview: async () => ({ versions }) as unknown as Overview,
})

test('each approved version of the Report of Findings is evidence of Gunning 4 and of published feedback, oldest first; a draft is not', async () => {
  const found = await reportEvidenceSource(
    withVersions([
      version(3, 'draft', null),
      version(2, 'approved', '2021-12-01T10:00:00Z'),
      version(1, 'approved', '2021-11-22T10:00:00Z'),
    ]),
    'c1',
  ).collect()
  assert.deepEqual(found.gaps, [])
  assert.deepEqual(
    found.records.map((r) => [r.principle, r.date?.toISOString().slice(0, 10), r.title, r.detail]),
    [
      ['gunning-4', '2021-11-22', 'Report of Findings version 1 approved and published', 'SHA-256 hash-1'],
      [
        'consultation-principles',
        '2021-11-22',
        'Report of Findings version 1 approved and published',
        'SHA-256 hash-1',
      ],
      ['gunning-4', '2021-12-01', 'Report of Findings version 2 approved and published', 'SHA-256 hash-2'],
      [
        'consultation-principles',
        '2021-12-01',
        'Report of Findings version 2 approved and published',
        'SHA-256 hash-2',
      ],
    ],
  )
})

test('with only a draft, or no report at all, the pack names the gap and where to close it', async () => {
  for (const versions of [[version(1, 'draft', null)], []]) {
    const found = await reportEvidenceSource(withVersions(versions), 'c1').collect()
    assert.deepEqual(found.records, [])
    assert.deepEqual(
      found.gaps.map((g) => g.principle),
      ['gunning-4', 'consultation-principles'],
    )
    assert.match(found.gaps[0]?.text ?? '', /No version of the Report of Findings is approved yet/)
  }
})
