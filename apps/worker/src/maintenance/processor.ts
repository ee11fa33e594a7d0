import { maintenanceJobs, type AnyQueue, type ConversionJobData } from '@draftsmith/jobs'
import { UnrecoverableError, type Job } from 'bullmq'
import type { Logger } from 'pino'
import type { Database } from '@draftsmith/db/client'
import { removeAnonymousConversions, removeOldUploads } from '@draftsmith/db/conversions'
import { removeEmptyAnonymousProposals } from '@draftsmith/db/proposals'
import { SessionQueries } from '@draftsmith/db/sessions'
import type { WorkerConfig } from '../config.js'
import { requeueStuckConversions } from './stuck-conversions.js'

export function maintenanceProcessor(
  { db, sql }: Database,
  conversionsQueue: AnyQueue<ConversionJobData>,
  config: WorkerConfig['maintenance'],
  log: Logger,
) {
  return async function processMaintenance(job: Job): Promise<Record<string, number>> {
    let result: Record<string, number>
    switch (job.name) {
      case maintenanceJobs.expiredSessions:
        result = { deleted: await new SessionQueries(sql).deleteExpired() }
        break
      case maintenanceJobs.uploadRetention:
        // Anonymous results first: what goes whole need not have its upload cleared.
        result = {
          anonymousRemoved: await removeAnonymousConversions(db, config.anonymousRetentionDays),
          emptyProposalsRemoved: await removeEmptyAnonymousProposals(db, config.anonymousRetentionDays),
          cleared: await removeOldUploads(db, config.uploadRetentionDays),
        }
        break
      case maintenanceJobs.stuckConversions:
        result = await requeueStuckConversions(db, conversionsQueue, {
          processingAfterMs: config.stuckProcessingAfterMs,
        })
        break
      default:
        throw new UnrecoverableError(`unknown maintenance job "${job.name}"`)
    }
    if (Object.values(result).some((n) => n > 0)) log.info({ job: job.name, ...result }, 'maintenance')
    return result
  }
}
