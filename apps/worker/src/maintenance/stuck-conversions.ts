import { failConversion, findStaleConversions, resetStaleConversion } from '@draftsmith/db/conversions'
import type { Db } from '@draftsmith/db/client'
import type { AnyQueue, ConversionJobData } from '@draftsmith/jobs'
import { queueNames } from '@draftsmith/jobs'

export interface StuckConversionOptions {
  /** A `queued` row untouched this long is checked against the queue. @default 120_000 */
  queuedAfterMs?: number
  /**
   * A `processing` row untouched this long has no live worker on it: a worker writes progress
   * while it converts and finishes within the conversion timeout. Set it above the conversion
   * timeout plus the worker's lock duration (the worker's config does: see `stuckProcessingAfterMs`).
   */
  processingAfterMs: number
}

/** What a person reads when the job behind their conversion failed without a word to the row. */
export const LOST_CONVERSION =
  'the conversion stopped and could not be finished (the worker converting it was lost, or its database was unreachable); upload the file again'

/**
 * Conversions left behind — stored but never enqueued, a job the queue lost, a job that failed
 * (stalled too often, or its last attempt could not write the row) — are repaired: a job that no
 * longer exists is queued again (jobId = conversion id, so a job that does exist is left alone),
 * one that failed for good marks its row failed. Rows whose job is waiting or active are left to it.
 */
export async function requeueStuckConversions(
  db: Db,
  queue: AnyQueue<ConversionJobData>,
  options: StuckConversionOptions,
): Promise<{ requeued: number; failed: number }> {
  const { queuedAfterMs = 120_000, processingAfterMs } = options
  let requeued = 0
  let failed = 0
  for (const stale of await findStaleConversions(db, { queuedAfterMs, processingAfterMs })) {
    const job = await queue.getJob(stale.id)
    if (job === undefined) {
      if (!(await resetStaleConversion(db, stale))) continue
      await queue.add(queueNames.conversions, { conversionId: stale.id }, { jobId: stale.id })
      requeued++
    } else if (await job.isFailed()) {
      // BullMQ's reason ("job stalled more than allowable limit", a driver error) is for the
      // operators, who have it in the worker's log; the row gets a sentence a person can act on.
      if (await failConversion(db, stale.id, LOST_CONVERSION)) failed++
    }
  }
  return { requeued, failed }
}
