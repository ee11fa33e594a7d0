import type { Db } from '@draftsmith/db/client'
import { conversions, proposals, type Conversion, type Proposal } from '@draftsmith/db/schema'
import { and, count, desc, eq, getTableColumns, inArray } from 'drizzle-orm'
import { ownedBy, type Owner } from './owner.js'

/** Every conversion column but the bytes and the Markdown, which are fetched on their own. */
const { sourceBytes: _bytes, markdown: _markdown, ...summaryColumns } = getTableColumns(conversions)
export type ConversionSummary = Omit<Conversion, 'sourceBytes' | 'markdown'>

export async function listProposals(db: Db, owner: Owner): Promise<Array<Proposal & { conversionCount: number }>> {
  // A first visit owns nothing yet: no query.
  if (owner.kind === 'nobody') return []
  return db
    .select({ ...getTableColumns(proposals), conversionCount: count(conversions.id) })
    .from(proposals)
    .leftJoin(conversions, eq(conversions.proposalId, proposals.id))
    .where(ownedBy(owner))
    .groupBy(proposals.id)
    .orderBy(desc(proposals.createdAt))
}

export async function findProposal(db: Db, owner: Owner, id: string): Promise<Proposal | undefined> {
  const [row] = await db.select().from(proposals).where(and(eq(proposals.id, id), ownedBy(owner)))
  return row
}

export async function conversionsOf(db: Db, proposalId: string): Promise<ConversionSummary[]> {
  return db.select(summaryColumns).from(conversions).where(eq(conversions.proposalId, proposalId)).orderBy(conversions.createdAt)
}

export async function createProposal(db: Db, owner: Exclude<Owner, { kind: 'nobody' }>, title: string): Promise<Proposal> {
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
  const [row] = await db.update(proposals).set({ title, updatedAt: new Date() }).where(and(eq(proposals.id, id), ownedBy(owner))).returning()
  return row
}

export async function deleteProposal(db: Db, owner: Owner, id: string): Promise<boolean> {
  const deleted = await db.delete(proposals).where(and(eq(proposals.id, id), ownedBy(owner))).returning({ id: proposals.id })
  return deleted.length > 0
}

/** A conversion, if its proposal belongs to the owner. */
export async function findConversion(db: Db, owner: Owner, id: string): Promise<ConversionSummary | undefined> {
  const [row] = await db
    .select(summaryColumns)
    .from(conversions)
    .innerJoin(proposals, eq(proposals.id, conversions.proposalId))
    .where(and(eq(conversions.id, id), ownedBy(owner)))
  return row
}

export async function conversionMarkdown(db: Db, owner: Owner, id: string): Promise<Pick<Conversion, 'status' | 'markdown' | 'sourceName'> | undefined> {
  const [row] = await db
    .select({ status: conversions.status, markdown: conversions.markdown, sourceName: conversions.sourceName })
    .from(conversions)
    .innerJoin(proposals, eq(proposals.id, conversions.proposalId))
    .where(and(eq(conversions.id, id), ownedBy(owner)))
  return row
}

export interface NewUpload {
  name: string
  mime: string
  bytes: Buffer
}

/** Stores every upload of one request in one transaction: all of them or none. */
export async function storeUploads(db: Db, proposalId: string, uploads: NewUpload[]): Promise<ConversionSummary[]> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .insert(conversions)
      .values(uploads.map((u) => ({ proposalId, sourceName: u.name, sourceMime: u.mime, sourceSize: u.bytes.length, sourceBytes: u.bytes })))
      .returning(summaryColumns)
    await tx.update(proposals).set({ updatedAt: new Date() }).where(eq(proposals.id, proposalId))
    return rows
  })
}

export async function deleteConversions(db: Db, ids: string[]): Promise<void> {
  if (ids.length > 0) await db.delete(conversions).where(inArray(conversions.id, ids))
}
