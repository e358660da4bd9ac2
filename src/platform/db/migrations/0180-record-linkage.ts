import { type Kysely, sql } from 'kysely'

// Record linkage: a pair in the uncertain band is a possible group, one person only when someone
// decides so; every group keeps its match weight (bits) and probability of being one person, so
// the estimate's interval and the review list read them without unpacking the evidence.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table participation_groups drop constraint participation_groups_tier_check;
    alter table participation_groups add constraint participation_groups_tier_check
      check (tier in ('exact', 'likely', 'possible', 'burst', 'campaign'));
    alter table participation_groups
      add column match_weight real,
      add column match_probability real check (match_probability between 0 and 1);
  `.execute(db)
}
