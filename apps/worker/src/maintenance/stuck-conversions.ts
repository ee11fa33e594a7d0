import type { AnyQueue, ConversionJobData } from '@draftsmith/jobs'
import { queueNames } from '@draftsmith/jobs'
import type { Sql } from 'postgres'

/**
 * Conversions still `queued` a while after upload whose job is gone — the web stored the row but
 * could not enqueue, or the queue lost the job — are queued again (jobId = conversion id, so a
 * job that does exist is left alone). One whose job failed for good is marked failed.
 */
export async function requeueStuckConversions(sql: Sql, queue: AnyQueue<ConversionJobData>, olderThanMs = 120_000): Promise<{ requeued: number; failed: number }> {
  const rows = await sql<{ id: string }[]>`
    select id from conversions where status = 'queued' and updated_at < now() - ${olderThanMs} * interval '1 millisecond'
    order by created_at limit 500`
  let requeued = 0
  let failed = 0
  for (const { id } of rows) {
    const job = await queue.getJob(id)
    if (job === undefined) {
      await queue.add(queueNames.conversions, { conversionId: id }, { jobId: id })
      requeued++
    } else if (await job.isFailed()) {
      await sql`
        update conversions set status = 'failed', error = ${job.failedReason || 'the conversion job failed'}, finished_at = now(), updated_at = now()
        where id = ${id} and status = 'queued'`
      failed++
    }
  }
  return { requeued, failed }
}
