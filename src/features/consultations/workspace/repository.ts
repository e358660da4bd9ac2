import { type Kysely, sql } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'

/** What waits for someone in a consultation, each figure one indexed read. */
export async function countWaitingWork(db: Kysely<Database>, consultationId: string, today: string) {
  const result = await sql<{
    papers_awaiting_second: string
    papers_mismatched: string
    groups_undecided: string
    actions_overdue: string
  }>`
    select
      (select count(*) from paper_returns
        where consultation_id = ${consultationId} and status = 'awaiting_second') as papers_awaiting_second,
      (select count(*) from paper_returns
        where consultation_id = ${consultationId} and status = 'mismatched') as papers_mismatched,
      (select count(*) from participation_groups g
        where g.consultation_id = ${consultationId}
          and not exists (select 1 from participation_decisions d
            where d.consultation_id = g.consultation_id and d.group_key = g.group_key)) as groups_undecided,
      (select count(*) from follow_up_actions
        where consultation_id = ${consultationId} and status <> 'done' and due_on < ${today}::date) as actions_overdue
  `.execute(db)
  const row = result.rows[0]
  return {
    papersAwaitingSecond: Number(row?.papers_awaiting_second ?? 0),
    papersMismatched: Number(row?.papers_mismatched ?? 0),
    groupsUndecided: Number(row?.groups_undecided ?? 0),
    actionsOverdue: Number(row?.actions_overdue ?? 0),
  }
}
