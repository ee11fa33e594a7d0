/** The maintenance jobs, each run by a job scheduler of the same id. */
export const maintenanceJobs = {
  expiredSessions: 'expired-sessions',
  uploadRetention: 'upload-retention',
  stuckConversions: 'stuck-conversions',
} as const

export type MaintenanceJobName = (typeof maintenanceJobs)[keyof typeof maintenanceJobs]
