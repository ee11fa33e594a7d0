import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from './users.js'

export const proposals = pgTable(
  'proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerUserId: uuid('owner_user_id').references(() => users.id, { onDelete: 'cascade' }),
    /**
     * The anonymous visitor id kept in the session (not the session id, which is regenerated
     * on login). Set for proposals created before sign-in; claimed by the account later.
     */
    visitorSessionId: uuid('visitor_session_id'),
    title: text('title').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('proposals_owner_user_id_idx').on(t.ownerUserId),
    index('proposals_visitor_session_id_idx').on(t.visitorSessionId),
    // An owner's proposals, newest first, a page at a time (keyset on created_at, id).
    index('proposals_user_page_idx').on(t.ownerUserId, t.createdAt.desc(), t.id.desc()),
    index('proposals_visitor_page_idx').on(t.visitorSessionId, t.createdAt.desc(), t.id.desc()),
  ],
)

export type Proposal = typeof proposals.$inferSelect
export type NewProposal = typeof proposals.$inferInsert
