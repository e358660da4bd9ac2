import { createHash } from 'node:crypto'
import { stringify } from 'safe-stable-stringify'
import { t } from '../../platform/i18n/translate.js'
import type { DraftSection, Snapshot } from './model.js'

// Freezing a draft: the included sections in order, with the evidence, hashed so anyone holding a
// published file can tell whether it is what was approved.

export function freeze(
  version: number,
  approvedAt: Date,
  sections: readonly DraftSection[],
  evidence: Snapshot['evidence'],
): Snapshot {
  return {
    version,
    approvedAt: approvedAt.toISOString(),
    evidence,
    sections: sections
      .filter((s) => s.included)
      .map((s) => ({ kind: s.kind, heading: s.heading, text: s.text })),
  }
}

/** SHA-256 of the snapshot's canonical JSON (keys sorted), in hex. */
export function contentHash(snapshot: Snapshot): string {
  return createHash('sha256')
    .update(stringify(snapshot) ?? '')
    .digest('hex')
}

/** What a new version changed from the one before, in words, for the list published with it. */
export function changesBetween(before: Snapshot, after: Snapshot): string[] {
  const changes: string[] = []
  const headingsBefore = new Map(before.sections.map((s) => [s.kind, s]))
  const headingsAfter = new Map(after.sections.map((s) => [s.kind, s]))
  for (const s of after.sections) {
    const old = headingsBefore.get(s.kind)
    if (!old) changes.push(t('reports.changes.added', { heading: s.heading }))
    else if (old.text !== s.text || old.heading !== s.heading)
      changes.push(t('reports.changes.rewritten', { heading: s.heading }))
  }
  for (const s of before.sections)
    if (!headingsAfter.has(s.kind)) changes.push(t('reports.changes.removed', { heading: s.heading }))
  const order = (snap: Snapshot) => snap.sections.map((s) => s.kind).join()
  if (order(before) !== order(after)) changes.push(t('reports.changes.reordered'))
  const [was, now] = [before.evidence.method.counted, after.evidence.method.counted]
  if (was !== now)
    changes.push(
      t('reports.changes.counted', { was: was.toLocaleString('en-GB'), now: now.toLocaleString('en-GB') }),
    )
  if (stringify(before.evidence.themes) !== stringify(after.evidence.themes))
    changes.push(t('reports.changes.themes'))
  if (stringify(before.evidence.quotes) !== stringify(after.evidence.quotes))
    changes.push(t('reports.changes.quotes'))
  if (stringify(before.evidence.proposals) !== stringify(after.evidence.proposals))
    changes.push(t('reports.changes.figures'))
  if (changes.length === 0) changes.push(t('reports.changes.none'))
  return changes
}
