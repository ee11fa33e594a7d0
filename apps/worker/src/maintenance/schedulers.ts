import { maintenanceJobs, type AnyQueue, type MaintenanceJobName } from '@draftsmith/jobs'
import type { WorkerConfig } from '../config.js'

/**
 * The maintenance job schedulers, upserted at every boot: idempotent per id, so however many
 * workers start, each scheduler exists once (and a changed interval takes effect).
 */
export async function upsertMaintenanceSchedulers(queue: AnyQueue, config: WorkerConfig['maintenance']): Promise<void> {
  const every: Record<MaintenanceJobName, number> = {
    [maintenanceJobs.expiredSessions]: config.sessionCleanupEveryMs,
    [maintenanceJobs.uploadRetention]: config.uploadRetentionEveryMs,
    [maintenanceJobs.stuckConversions]: config.stuckConversionEveryMs,
  }
  for (const [name, ms] of Object.entries(every)) {
    await queue.upsertJobScheduler(
      name,
      { every: ms },
      { name, data: {}, opts: { removeOnComplete: 20, removeOnFail: 50 } },
    )
  }
}
