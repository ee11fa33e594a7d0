import { index, integer, jsonb, pgEnum, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { bytea } from './bytea.js'
import { proposals } from './proposals.js'

export const conversionStatus = pgEnum('conversion_status', ['queued', 'processing', 'succeeded', 'failed'])

/** What the worker learned about the document; shown beside the Markdown. */
export interface ConversionStats {
  words: number
  headings: number
  tables: number
  [key: string]: number
}

export const conversions = pgTable(
  'conversions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    status: conversionStatus('status').notNull().default('queued'),
    sourceName: text('source_name').notNull(),
    sourceMime: text('source_mime').notNull(),
    sourceSize: integer('source_size').notNull(),
    /** Null once the retention job has removed the upload. */
    sourceBytes: bytea('source_bytes'),
    markdown: text('markdown'),
    /** A message a person can act on; never a stack trace. */
    error: text('error'),
    /** 0–100. */
    progress: smallint('progress').notNull().default(0),
    attempts: integer('attempts').notNull().default(0),
    stats: jsonb('stats').$type<ConversionStats>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('conversions_proposal_id_idx').on(t.proposalId), index('conversions_created_at_idx').on(t.createdAt)],
)

export type Conversion = typeof conversions.$inferSelect
export type NewConversion = typeof conversions.$inferInsert
