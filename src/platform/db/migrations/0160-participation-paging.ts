import { type Kysely, sql } from 'kysely'

// The duplicate groups page lists groups fifty at a time in the order of their tier and key, and a
// group's page lists its responses fifty at a time in the order detection found them (a campaign
// may have tens of thousands). Without these each visit sorted every group, or every member.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index participation_groups_listed_idx on participation_groups (consultation_id, tier, group_key);
    create index participation_group_members_position_idx on participation_group_members (group_id, position);
  `.execute(db)
}
