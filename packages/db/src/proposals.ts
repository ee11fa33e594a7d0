import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm'
import type { Db } from './client.js'
import { ownedBy, type Owner } from './owners.js'
import { keyset, positionText, type Page, type PageRequest } from './pagination.js'
import { conversions } from './schema/conversions.js'
import { proposals, type Proposal } from './schema/proposals.js'

/** Someone who can own a proposal: an account, or the anonymous visitor of a session. */
export type ProposalOwner = Exclude<Owner, { kind: 'nobody' }>

export type ProposalWithCount = Proposal & { conversionCount: number }

/** An owner's proposals, newest first, one page at a time, each with its number of conversions. */
export async function listProposals(db: Db, owner: Owner, request: PageRequest = {}): Promise<Page<ProposalWithCount>> {
  // A first visit owns nothing yet: no query.
  if (owner.kind === 'nobody') return { items: [], next: null }
  const page = keyset(proposals.createdAt, proposals.id, request)
  const rows = await db
    .select({
      ...proposalColumns,
      createdAtText: positionText(proposals.createdAt),
      // Counted for the page's rows only (an index range on conversions.proposal_id each).
      // Qualified by hand: drizzle writes a lone table's columns unqualified, which inside this
      // subquery would name the conversion's own id.
      conversionCount: sql<number>`(select count(*)::int from ${conversions} c where c.proposal_id = ${proposals}.id)`,
    })
    .from(proposals)
    .where(and(ownedBy(owner), page.after))
    .orderBy(desc(proposals.createdAt), desc(proposals.id))
    .limit(page.fetch)
  return page.page(rows)
}

const proposalColumns = {
  id: proposals.id,
  ownerUserId: proposals.ownerUserId,
  visitorSessionId: proposals.visitorSessionId,
  title: proposals.title,
  createdAt: proposals.createdAt,
  updatedAt: proposals.updatedAt,
}

export async function findProposal(db: Db, owner: Owner, id: string): Promise<Proposal | undefined> {
  const [row] = await db
    .select()
    .from(proposals)
    .where(and(eq(proposals.id, id), ownedBy(owner)))
  return row
}

export async function createProposal(db: Db, owner: ProposalOwner, title: string): Promise<Proposal> {
  const [row] = await db
    .insert(proposals)
    .values({
      title,
      ownerUserId: owner.kind === 'user' ? owner.userId : null,
      visitorSessionId: owner.kind === 'visitor' ? owner.visitorId : null,
    })
    .returning()
  return row as Proposal
}

export async function renameProposal(db: Db, owner: Owner, id: string, title: string): Promise<Proposal | undefined> {
  const [row] = await db
    .update(proposals)
    .set({ title, updatedAt: new Date() })
    .where(and(eq(proposals.id, id), ownedBy(owner)))
    .returning()
  return row
}

/** Deletes the proposal with its conversions and their assets (cascade); false when not the owner's. */
export async function deleteProposal(db: Db, owner: Owner, id: string): Promise<boolean> {
  const deleted = await db
    .delete(proposals)
    .where(and(eq(proposals.id, id), ownedBy(owner)))
    .returning({ id: proposals.id })
  return deleted.length > 0
}

/** Anonymous proposals of this visitor become the account's (on signup and login). */
export async function claimVisitorProposals(db: Db, visitorId: string | undefined, userId: string): Promise<number> {
  if (visitorId === undefined) return 0
  const claimed = await db
    .update(proposals)
    .set({ ownerUserId: userId, updatedAt: new Date() })
    .where(and(eq(proposals.visitorSessionId, visitorId), isNull(proposals.ownerUserId)))
    .returning({ id: proposals.id })
  return claimed.length
}

/**
 * Deletes anonymous proposals created more than `days` ago that hold no conversion any more
 * (retention removed them, or none was ever uploaded): an empty shell nobody signed in to keep.
 */
export async function removeEmptyAnonymousProposals(db: Db, days: number): Promise<number> {
  const removed = await db
    .delete(proposals)
    .where(
      and(
        isNull(proposals.ownerUserId),
        lt(proposals.updatedAt, sql`now() - make_interval(days => ${days})`),
        sql`not exists (select 1 from ${conversions} c where c.proposal_id = ${proposals}.id)`,
      ),
    )
    .returning({ id: proposals.id })
  return removed.length
}
