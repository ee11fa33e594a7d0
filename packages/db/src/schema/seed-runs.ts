import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/** One row per seed that has run, so `pnpm db:seed` never runs a seed twice. */
export const seedRuns = pgTable('seed_runs', {
  name: text('name').primaryKey(),
  ranAt: timestamp('ran_at', { withTimezone: true }).notNull().defaultNow(),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
})

export type SeedRun = typeof seedRuns.$inferSelect
