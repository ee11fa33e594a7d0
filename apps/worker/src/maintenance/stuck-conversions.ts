import type { AnyQueue, ConversionJobData } from '@draftsmith/jobs'
import { queueNames } from '@draftsmith/jobs'
import type { Sql } from 'postgres'

export interface StuckConversionOptions {
  /** A `queued` row untouched this long is checked against the queue. @default 120_000 */
  queuedAfterMs?: number
  /**
   * A `processing` row untouched this long has no live worker on it: a worker writes progress
   * while it converts and finishes within the conversion timeout. Set it above the conversion
   * timeout plus the worker's lock duration. @default 900_000
   */
  processingAfterMs?: number
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
export async function requeueStuckConversions(sql: Sql, queue: AnyQueue<ConversionJobData>, options: StuckConversionOptions = {}): Promise<{ requeued: number; failed: number }> {
  const { queuedAfterMs = 120_000, processingAfterMs = 900_000 } = options
  const rows = await sql<{ id: string; status: 'queued' | 'processing' }[]>`
    select id, status from conversions
    where (status = 'queued' and updated_at < now() - ${queuedAfterMs} * interval '1 millisecond')
       or (status = 'processing' and updated_at < now() - ${processingAfterMs} * interval '1 millisecond')
    order by created_at limit 500`
  let requeued = 0
  let failed = 0
  for (const { id, status } of rows) {
    const job = await queue.getJob(id)
    if (job === undefined) {
      // The row goes back to `queued` before the job exists, so the processor never sees a job
      // for a row that still says `processing` from a run long gone.
      const [moved] = await sql`
        update conversions set status = 'queued', progress = 0, updated_at = now()
        where id = ${id} and status = ${status} returning id`
      if (moved === undefined) continue
      await queue.add(queueNames.conversions, { conversionId: id }, { jobId: id })
      requeued++
    } else if (await job.isFailed()) {
      // BullMQ's reason ("job stalled more than allowable limit", a driver error) is for the
      // operators, who have it in the worker's log; the row gets a sentence a person can act on.
      const [marked] = await sql`
        update conversions set status = 'failed', error = ${LOST_CONVERSION}, finished_at = now(), updated_at = now()
        where id = ${id} and status in ('queued', 'processing') returning id`
      if (marked !== undefined) failed++
    }
  }
  return { requeued, failed }
}
