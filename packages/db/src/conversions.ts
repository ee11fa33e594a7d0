import { and, desc, eq, getTableColumns, inArray, isNull, lt, or, sql } from 'drizzle-orm'
import type { Db, Tx } from './client.js'
import { ownedBy, type Owner } from './owners.js'
import { keyset, positionText, type Page, type PageRequest } from './pagination.js'
import {
  conversionAssets,
  conversions,
  type Conversion,
  type ConversionOptions,
  type ConversionReport,
  type ConversionStats,
} from './schema/conversions.js'
import { proposals } from './schema/proposals.js'

/**
 * A conversion's life, in one place for the web and the worker:
 *
 * ```
 *   upload ─▶ queued ─▶ processing ─▶ succeeded
 *               ▲  ▲        │  │
 *               │  └────────┘  └────▶ failed ─▶ (owner retries) ─▶ queued
 *               │   hand back on shutdown, transient failure, stuck sweep
 *               └── stuck sweep (the job was lost)
 * ```
 *
 * Delivery is at least once, so every transition names the states it may start from and is a
 * no-op otherwise: a finished conversion is never redone or overwritten, a result is written only
 * over a row still `processing`, and a second delivery of the same job finds nothing to do.
 */

/** Every conversion column but the bytes and the Markdown, which are fetched on their own. */
const { sourceBytes: _bytes, markdown: _markdown, ...summaryColumns } = getTableColumns(conversions)
export type ConversionSummary = Omit<Conversion, 'sourceBytes' | 'markdown'>

/** What the API lists of an asset (its bytes are fetched by name). */
export interface AssetSummary {
  name: string
  contentType: string
  size: number
}

export type ConversionDetail = ConversionSummary & { assets: AssetSummary[] }

const active = ['queued', 'processing'] as const

// ── the web's side: uploads, reads, retry ────────────────────────────────────────────────────

export interface NewUpload {
  name: string
  mime: string
  bytes: Buffer
}

export interface UploadContext {
  /** How the uploader asked for the documents to be converted. */
  options?: ConversionOptions
  /** Where the upload came from, keyed as per-address limits key it: what that address holds counts it. */
  uploaderAddress?: string
}

/** Stores every upload of one request as `queued`, in one transaction: all of them or none. */
export async function storeUploads(
  db: Db,
  proposalId: string,
  uploads: NewUpload[],
  { options = {}, uploaderAddress }: UploadContext = {},
): Promise<ConversionSummary[]> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .insert(conversions)
      .values(
        uploads.map((u) => ({
          proposalId,
          sourceName: u.name,
          sourceMime: u.mime,
          sourceSize: u.bytes.length,
          sourceBytes: u.bytes,
          uploaderAddress,
          options,
        })),
      )
      .returning(summaryColumns)
    await tx.update(proposals).set({ updatedAt: new Date() }).where(eq(proposals.id, proposalId))
    return rows
  })
}

/** Takes back uploads whose jobs could not be queued (a job already queued then finds no row). */
export async function deleteConversions(db: Db, ids: string[]): Promise<void> {
  if (ids.length > 0) await db.delete(conversions).where(inArray(conversions.id, ids))
}

/** A proposal's conversions, newest first, one page at a time. */
export async function listConversions(
  db: Db,
  proposalId: string,
  request: PageRequest = {},
): Promise<Page<ConversionSummary>> {
  const page = keyset(conversions.createdAt, conversions.id, request)
  const rows = await db
    .select({ ...summaryColumns, createdAtText: positionText(conversions.createdAt) })
    .from(conversions)
    .where(and(eq(conversions.proposalId, proposalId), page.after))
    .orderBy(desc(conversions.createdAt), desc(conversions.id))
    .limit(page.fetch)
  return page.page(rows)
}

/** A conversion with the list of its assets, if its proposal belongs to the owner. */
export async function findConversion(db: Db, owner: Owner, id: string): Promise<ConversionDetail | undefined> {
  const [row] = await db
    .select(summaryColumns)
    .from(conversions)
    .innerJoin(proposals, eq(proposals.id, conversions.proposalId))
    .where(and(eq(conversions.id, id), ownedBy(owner)))
  if (row === undefined) return undefined
  // Clients poll this while a conversion runs; assets exist only once it has succeeded.
  if (row.status !== 'succeeded') return { ...row, assets: [] }
  const assets = await db
    .select({ name: conversionAssets.name, contentType: conversionAssets.contentType, size: conversionAssets.size })
    .from(conversionAssets)
    .where(eq(conversionAssets.conversionId, id))
    .orderBy(conversionAssets.name)
  return { ...row, assets }
}

export interface FoundMarkdown extends Pick<Conversion, 'status' | 'sourceName' | 'finishedAt'> {
  /** The Markdown's length in UTF-8 bytes; null until the conversion has succeeded. */
  markdownBytes: number | null
  /** The Markdown when it is at most `bytesUpTo` long; null otherwise (read it with {@link markdownBytesOf}). */
  markdown: string | null
}

/**
 * A conversion's Markdown for its owner; undefined for anyone else. The text comes along only
 * when it is small: a large one is read once the response has room for it in memory.
 */
export async function conversionMarkdown(
  db: Db,
  owner: Owner,
  id: string,
  // Any text: the largest value octet_length (an integer) can compare with.
  options: { bytesUpTo: number } = { bytesUpTo: 2 ** 31 - 1 },
): Promise<FoundMarkdown | undefined> {
  const [row] = await db
    .select({
      status: conversions.status,
      sourceName: conversions.sourceName,
      finishedAt: conversions.finishedAt,
      // octet_length reads the stored length without fetching the text.
      markdownBytes: sql<number | null>`octet_length(${conversions.markdown})`,
      markdown: sql<
        string | null
      >`case when octet_length(${conversions.markdown}) <= ${options.bytesUpTo} then ${conversions.markdown} end`,
    })
    .from(conversions)
    .innerJoin(proposals, eq(proposals.id, conversions.proposalId))
    .where(and(eq(conversions.id, id), ownedBy(owner)))
  return row
}

/**
 * A conversion's Markdown as its UTF-8 bytes, unparsed: postgres.js hands a raw column over as
 * part of the message it received, so the process holds the text once (after the message is
 * assembled) instead of as received bytes, a string and the bytes sent. Undefined once it is gone.
 */
export async function markdownBytesOf(db: Db, id: string): Promise<Buffer | undefined> {
  const [row] = await db.$client<[Buffer | null][]>`select markdown from conversions where id = ${id}`.raw()
  return row?.[0] ?? undefined
}

export interface FoundAsset {
  contentType: string
  sha256: string
  size: number
  /** The bytes when the asset is at most `bytesUpTo` long; null otherwise (read them by slices). */
  bytes: Buffer | null
}

/**
 * One asset of a conversion the owner may read; undefined for anyone else (a 404, as for the
 * Markdown). Its bytes come along only when it is small: a large one is read a slice at a time.
 */
export async function findAsset(
  db: Db,
  owner: Owner,
  id: string,
  name: string,
  options: { bytesUpTo: number },
): Promise<FoundAsset | undefined> {
  const [row] = await db
    .select({
      contentType: conversionAssets.contentType,
      sha256: conversionAssets.sha256,
      size: conversionAssets.size,
      bytes: sql<Buffer | null>`case when ${conversionAssets.size} <= ${options.bytesUpTo} then ${conversionAssets.bytes} end`,
    })
    .from(conversionAssets)
    .innerJoin(conversions, eq(conversions.id, conversionAssets.conversionId))
    .innerJoin(proposals, eq(proposals.id, conversions.proposalId))
    .where(and(eq(conversionAssets.conversionId, id), eq(conversionAssets.name, name), ownedBy(owner)))
  return row
}

/** A conversion's assets, by name, without their bytes (the bundle reads those a slice at a time). */
export async function assetsOf(db: Db, id: string): Promise<Array<{ name: string; size: number }>> {
  return db
    .select({ name: conversionAssets.name, size: conversionAssets.size })
    .from(conversionAssets)
    .where(eq(conversionAssets.conversionId, id))
    .orderBy(conversionAssets.name)
}

/**
 * `length` bytes of an asset from `offset`: a picture is sent a slice at a time, so a response
 * holds one slice, not the whole picture (Postgres reads only the TOAST chunks a slice needs
 * when the bytes are stored uncompressed, as pictures are). Undefined once the asset is gone.
 */
export async function assetSlice(
  db: Db,
  id: string,
  name: string,
  offset: number,
  length: number,
): Promise<Buffer | undefined> {
  const [row] = await db
    .select({ bytes: sql<Buffer>`substring(${conversionAssets.bytes} from ${offset + 1} for ${length})` })
    .from(conversionAssets)
    .where(and(eq(conversionAssets.conversionId, id), eq(conversionAssets.name, name)))
  return row?.bytes
}

export type RetryRefusal =
  { kind: 'missing' } | { kind: 'not-failed'; status: Conversion['status'] } | { kind: 'source-removed' }

export type RetryCheck = { kind: 'retryable'; previousError: string | null } | RetryRefusal

export type RetryResult = { kind: 'queued'; conversion: ConversionSummary; previousError: string | null } | RetryRefusal

/** Whether the owner may retry this conversion (failed, its upload still stored), without changing it. */
export async function checkRetry(db: Db, owner: Owner, id: string): Promise<RetryCheck> {
  const [row] = await db
    .select({
      status: conversions.status,
      error: conversions.error,
      stored: sql<boolean>`${conversions.sourceBytes} is not null`,
    })
    .from(conversions)
    .innerJoin(proposals, eq(proposals.id, conversions.proposalId))
    .where(and(eq(conversions.id, id), ownedBy(owner)))
  if (row === undefined) return { kind: 'missing' }
  if (row.status !== 'failed') return { kind: 'not-failed', status: row.status }
  if (!row.stored) return { kind: 'source-removed' }
  return { kind: 'retryable', previousError: row.error }
}

/** failed → queued, by its owner, while the upload is still stored. The caller enqueues the job. */
export async function retryConversion(db: Db, owner: Owner, id: string): Promise<RetryResult> {
  const check = await checkRetry(db, owner, id)
  if (check.kind !== 'retryable') return check
  const [moved] = await db
    .update(conversions)
    .set({ status: 'queued', progress: 0, error: null, attempts: 0, finishedAt: null, updatedAt: new Date() })
    .where(and(eq(conversions.id, id), eq(conversions.status, 'failed')))
    .returning(summaryColumns)
  // Someone else retried it between the two statements: theirs is the retry.
  return moved === undefined
    ? { kind: 'not-failed', status: 'queued' }
    : { kind: 'queued', conversion: moved, previousError: check.previousError }
}

// ── the worker's side: one job's transitions ─────────────────────────────────────────────────

export type StartResult =
  | { kind: 'started'; mime: string; name: string; bytes: Buffer; options: ConversionOptions }
  | { kind: 'missing' }
  | { kind: 'already-finished' }
  | { kind: 'source-removed' }

/** queued|processing → processing (a redelivery may find it processing), one attempt more. */
export async function startConversion(db: Db, id: string): Promise<StartResult> {
  const [row] = await db
    .update(conversions)
    .set({
      status: 'processing',
      progress: 5,
      error: null,
      attempts: sql`${conversions.attempts} + 1`,
      // The first start, for timings; retries do not move it.
      startedAt: sql`coalesce(${conversions.startedAt}, now())`,
      updatedAt: new Date(),
    })
    .where(
      and(eq(conversions.id, id), inArray(conversions.status, active), sql`${conversions.sourceBytes} is not null`),
    )
    .returning({
      mime: conversions.sourceMime,
      name: conversions.sourceName,
      bytes: conversions.sourceBytes,
      options: conversions.options,
    })
  if (row?.bytes) return { kind: 'started', mime: row.mime, name: row.name, bytes: row.bytes, options: row.options }
  const [current] = await db.select({ status: conversions.status }).from(conversions).where(eq(conversions.id, id))
  if (current === undefined) return { kind: 'missing' }
  if (current.status === 'succeeded' || current.status === 'failed') return { kind: 'already-finished' }
  return { kind: 'source-removed' }
}

/** Progress of a conversion still `processing`; 100 is for `succeeded` only. */
export async function recordProgress(db: Db, id: string, percent: number): Promise<void> {
  await db
    .update(conversions)
    .set({ progress: Math.min(99, Math.max(0, Math.round(percent))), updatedAt: new Date() })
    .where(and(eq(conversions.id, id), eq(conversions.status, 'processing')))
}

export interface ConversionOutput {
  markdown: string
  stats: ConversionStats
  report: ConversionReport
  assets: Array<{ name: string; contentType: string; sha256: string; bytes: Uint8Array }>
}

/**
 * processing → succeeded, with the Markdown, its assets and its report in one transaction: a
 * reader never sees Markdown whose pictures are not there yet. False when the row was no longer
 * `processing` (finished by another delivery, handed back, or deleted): nothing is written.
 * A document without pictures is one UPDATE, atomic by itself: BEGIN and COMMIT were two more
 * round trips on every conversion's path (ADR 095).
 */
export async function succeedConversion(db: Db, id: string, output: ConversionOutput): Promise<boolean> {
  const succeed = (tx: Db | Tx) =>
    tx
      .update(conversions)
      .set({
        status: 'succeeded',
        markdown: output.markdown,
        stats: output.stats,
        report: output.report,
        progress: 100,
        error: null,
        finishedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(and(eq(conversions.id, id), eq(conversions.status, 'processing')))
      .returning({ id: conversions.id })
  if (output.assets.length === 0) return (await succeed(db)).length > 0
  return db.transaction(async (tx) => {
    const [row] = await succeed(tx)
    if (row === undefined) return false
    await tx
      .insert(conversionAssets)
      .values(
        output.assets.map((a) => ({
          conversionId: id,
          name: a.name,
          contentType: a.contentType,
          size: a.bytes.byteLength,
          sha256: a.sha256,
          bytes: Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength),
        })),
      )
      .onConflictDoNothing()
    return true
  })
}

/** queued|processing → failed, with a message for the person who uploaded. */
export async function failConversion(
  db: Db,
  id: string,
  message: string,
  options: { report?: ConversionReport } = {},
): Promise<boolean> {
  const rows = await db
    .update(conversions)
    .set({
      status: 'failed',
      error: message,
      ...(options.report ? { report: options.report } : {}),
      finishedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(and(eq(conversions.id, id), inArray(conversions.status, active)))
    .returning({ id: conversions.id })
  return rows.length > 0
}

/**
 * processing → queued: the job goes back to the queue, for a retry after a transient failure or
 * for another worker on shutdown (`untouched`: no progress kept, as if never started).
 */
export async function requeueConversion(db: Db, id: string, options: { untouched?: boolean } = {}): Promise<boolean> {
  const rows = await db
    .update(conversions)
    .set({ status: 'queued', ...(options.untouched ? { progress: 0 } : {}), updatedAt: new Date() })
    .where(and(eq(conversions.id, id), eq(conversions.status, 'processing')))
    .returning({ id: conversions.id })
  return rows.length > 0
}

// ── maintenance: conversions left behind, old uploads ────────────────────────────────────────

export interface StaleConversion {
  id: string
  status: 'queued' | 'processing'
}

/** `queued` rows untouched for `queuedAfterMs`, `processing` ones for `processingAfterMs`, oldest first. */
export async function findStaleConversions(
  db: Db,
  options: { queuedAfterMs: number; processingAfterMs: number; limit?: number },
): Promise<StaleConversion[]> {
  const before = (ms: number) => sql`now() - ${ms} * interval '1 millisecond'`
  const rows = await db
    .select({ id: conversions.id, status: conversions.status })
    .from(conversions)
    .where(
      or(
        and(eq(conversions.status, 'queued'), lt(conversions.updatedAt, before(options.queuedAfterMs))),
        and(eq(conversions.status, 'processing'), lt(conversions.updatedAt, before(options.processingAfterMs))),
      ),
    )
    .orderBy(conversions.createdAt)
    .limit(options.limit ?? 500)
  return rows as StaleConversion[]
}

/**
 * A stale row whose job no longer exists goes back to `queued` (from the state it was seen in)
 * before the job is added again, so the processor never meets a job for a row that still says
 * `processing` from a run long gone. False when the row moved meanwhile.
 */
export async function resetStaleConversion(db: Db, conversion: StaleConversion): Promise<boolean> {
  const rows = await db
    .update(conversions)
    .set({ status: 'queued', progress: 0, updatedAt: new Date() })
    .where(and(eq(conversions.id, conversion.id), eq(conversions.status, conversion.status)))
    .returning({ id: conversions.id })
  return rows.length > 0
}

/**
 * Removes the source bytes of finished conversions older than `days`, in batches. The row, its
 * Markdown, assets and stats stay; only the upload itself goes. `skip locked` leaves rows
 * another worker is clearing to that worker.
 */
export async function removeOldUploads(db: Db, days: number, batchSize = 200): Promise<number> {
  let total = 0
  while (true) {
    const batch = db
      .select({ id: conversions.id })
      .from(conversions)
      .where(
        and(
          sql`${conversions.sourceBytes} is not null`,
          inArray(conversions.status, ['succeeded', 'failed']),
          lt(conversions.createdAt, sql`now() - make_interval(days => ${days})`),
        ),
      )
      .limit(batchSize)
      .for('update', { skipLocked: true })
    const cleared = await db
      .update(conversions)
      .set({ sourceBytes: null, updatedAt: new Date() })
      .where(inArray(conversions.id, batch))
      .returning({ id: conversions.id })
    total += cleared.length
    if (cleared.length < batchSize) return total
  }
}

/**
 * Deletes anonymous visitors' finished conversions uploaded more than `days` ago — the row, its
 * Markdown and its assets (cascade) — in batches. Nobody has signed in to keep them, and a
 * visitor's session does not outlive them by much: what nobody can come back for is not kept.
 * Conversions of accounts (a visitor's, once claimed at sign-up) are not touched.
 */
export async function removeAnonymousConversions(db: Db, days: number, batchSize = 200): Promise<number> {
  let total = 0
  while (true) {
    const batch = db
      .select({ id: conversions.id })
      .from(conversions)
      .innerJoin(proposals, eq(proposals.id, conversions.proposalId))
      .where(
        and(
          isNull(proposals.ownerUserId),
          inArray(conversions.status, ['succeeded', 'failed']),
          lt(conversions.createdAt, sql`now() - make_interval(days => ${days})`),
        ),
      )
      .limit(batchSize)
      .for('update', { of: conversions, skipLocked: true })
    const removed = await db.delete(conversions).where(inArray(conversions.id, batch)).returning({ id: conversions.id })
    total += removed.length
    if (removed.length < batchSize) return total
  }
}
