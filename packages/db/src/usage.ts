import { eq, sql } from 'drizzle-orm'
import type { Db } from './client.js'
import { ownedBy, type Owner } from './owners.js'
import { conversions } from './schema/conversions.js'
import { proposals } from './schema/proposals.js'

/** What one owner holds right now: what the per-owner quotas are measured against. */
export interface OwnerUsage {
  /** Conversions queued or being converted. */
  activeConversions: number
  /** Bytes of uploads still stored (retention removes them from finished conversions). */
  storedBytes: number
  /** When the oldest still-stored upload was made: retention frees it first. */
  oldestStoredAt: Date | null
}

export async function ownerUsage(db: Db, owner: Owner): Promise<OwnerUsage> {
  if (owner.kind === 'nobody') return { activeConversions: 0, storedBytes: 0, oldestStoredAt: null }
  const stored = sql`${conversions.sourceBytes} is not null`
  const [row] = await db
    .select({
      active: sql<number>`count(*) filter (where ${conversions.status} in ('queued', 'processing'))::int`,
      storedBytes: sql<string>`coalesce(sum(${conversions.sourceSize}) filter (where ${stored}), 0)::bigint`,
      oldestStoredAt: sql<string | null>`min(${conversions.createdAt}) filter (where ${stored})`,
    })
    .from(conversions)
    .innerJoin(proposals, eq(proposals.id, conversions.proposalId))
    .where(ownedBy(owner))
  return {
    activeConversions: row?.active ?? 0,
    storedBytes: Number(row?.storedBytes ?? 0),
    oldestStoredAt: row?.oldestStoredAt ? new Date(row.oldestStoredAt) : null,
  }
}
