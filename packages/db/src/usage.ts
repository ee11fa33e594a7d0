import { eq, sql, type SQL } from 'drizzle-orm'
import type { Db } from './client.js'
import { ownedBy, type Owner } from './owners.js'
import { conversionAssets, conversions } from './schema/conversions.js'
import { proposals } from './schema/proposals.js'

/** What one owner, or one client address, holds right now: what the quotas are measured against. */
export interface Holdings {
  /** Conversions queued or being converted. */
  activeConversions: number
  /**
   * Bytes stored for it: uploads not yet removed by retention, the Markdown, and the assets —
   * everything a conversion keeps in the database, not only what was uploaded.
   */
  storedBytes: number
  /** The oldest finished conversion whose upload is still stored: retention removes that upload first. */
  oldestKeptUploadAt: Date | null
  /** The oldest finished conversion of an anonymous visitor: retention removes it whole first. */
  oldestAnonymousAt: Date | null
}

/** What a request is measured against: its owner's holdings and its address's. */
export interface Usage {
  owner: Holdings
  address: Holdings
}

const nothing: Holdings = { activeConversions: 0, storedBytes: 0, oldestKeptUploadAt: null, oldestAnonymousAt: null }

/**
 * The bytes one conversion keeps: its upload while retention has not removed it, its Markdown
 * (octet_length reads the stored length, it does not fetch the text) and its assets (through the
 * assets' primary key).
 */
const storedBytes = sql`
  case when ${conversions.sourceBytes} is not null then ${conversions.sourceSize} else 0 end
  + coalesce(octet_length(${conversions.markdown}), 0)
  + coalesce((select sum(a.size) from ${conversionAssets} a where a.conversion_id = ${conversions}.id), 0)`

async function holdings(db: Db, which: SQL): Promise<Holdings> {
  const finished = sql`${conversions.status} in ('succeeded', 'failed')`
  const [row] = await db
    .select({
      active: sql<number>`count(*) filter (where ${conversions.status} in ('queued', 'processing'))::int`,
      storedBytes: sql<string>`coalesce(sum(${storedBytes}), 0)::bigint`,
      oldestKeptUploadAt: sql<
        string | null
      >`min(${conversions.createdAt}) filter (where ${finished} and ${conversions.sourceBytes} is not null)`,
      oldestAnonymousAt: sql<
        string | null
      >`min(${conversions.createdAt}) filter (where ${finished} and ${proposals.ownerUserId} is null)`,
    })
    .from(conversions)
    .innerJoin(proposals, eq(proposals.id, conversions.proposalId))
    .where(which)
  return {
    activeConversions: row?.active ?? 0,
    storedBytes: Number(row?.storedBytes ?? 0),
    oldestKeptUploadAt: row?.oldestKeptUploadAt ? new Date(row.oldestKeptUploadAt) : null,
    oldestAnonymousAt: row?.oldestAnonymousAt ? new Date(row.oldestAnonymousAt) : null,
  }
}

/** What one visitor or account holds, across all its proposals. */
export async function ownerUsage(db: Db, owner: Owner): Promise<Holdings> {
  return owner.kind === 'nobody' ? nothing : holdings(db, ownedBy(owner))
}

/** What was uploaded from one client address (keyed as the limits key it: IPv6 by its /64), whoever owns it now. */
export async function addressUsage(db: Db, address: string): Promise<Holdings> {
  return holdings(db, eq(conversions.uploaderAddress, address))
}

/** The owner's and the address's holdings, read together. */
export async function usageOf(db: Db, owner: Owner, address: string): Promise<Usage> {
  const [ownerHoldings, addressHoldings] = await Promise.all([ownerUsage(db, owner), addressUsage(db, address)])
  return { owner: ownerHoldings, address: addressHoldings }
}

/**
 * Bytes the whole instance stores, counted as {@link Holdings.storedBytes} is for one owner: kept
 * uploads, Markdown and assets. Two scans of the tables' rows, none of their stored bytes: the
 * upload's `is not null` and `octet_length` are read from the row and its TOAST pointer, and the
 * assets are summed from their `size` column (ADR 106 measured 28 ms, median, for 100,000
 * conversions and 50,000 assets: 26 MB of rows for 1 GB stored). It grows with the rows, so
 * callers read it every few seconds, not per request.
 */
export async function instanceStoredBytes(db: Db): Promise<number> {
  const [uploadsAndMarkdown, assets] = await Promise.all([
    db
      .select({
        bytes: sql<string>`coalesce(sum(
          case when ${conversions.sourceBytes} is not null then ${conversions.sourceSize} else 0 end
          + coalesce(octet_length(${conversions.markdown}), 0)), 0)::bigint`,
      })
      .from(conversions),
    db.select({ bytes: sql<string>`coalesce(sum(${conversionAssets.size}), 0)::bigint` }).from(conversionAssets),
  ])
  return Number(uploadsAndMarkdown[0]?.bytes ?? 0) + Number(assets[0]?.bytes ?? 0)
}
