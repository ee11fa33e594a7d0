import { maintenanceJobs, type AnyQueue, type ConversionJobData } from '@draftsmith/jobs'
import { UnrecoverableError, type Job } from 'bullmq'
import type { Logger } from 'pino'
import type { Sql } from 'postgres'
import type { WorkerConfig } from '../config.js'
import { deleteExpiredSessions } from './expired-sessions.js'
import { requeueStuckConversions } from './stuck-conversions.js'
import { removeOldUploads } from './upload-retention.js'

export function maintenanceProcessor(sql: Sql, conversionsQueue: AnyQueue<ConversionJobData>, config: WorkerConfig['maintenance'], log: Logger) {
  return async function processMaintenance(job: Job): Promise<Record<string, number>> {
    let result: Record<string, number>
    switch (job.name) {
      case maintenanceJobs.expiredSessions:
        result = { deleted: await deleteExpiredSessions(sql) }
        break
      case maintenanceJobs.uploadRetention:
        result = { cleared: await removeOldUploads(sql, config.uploadRetentionDays) }
        break
      case maintenanceJobs.stuckConversions:
        result = await requeueStuckConversions(sql, conversionsQueue, { processingAfterMs: config.stuckProcessingAfterMs })
        break
      default:
        throw new UnrecoverableError(`unknown maintenance job "${job.name}"`)
    }
    if (Object.values(result).some((n) => n > 0)) log.info({ job: job.name, ...result }, 'maintenance')
    return result
  }
}
