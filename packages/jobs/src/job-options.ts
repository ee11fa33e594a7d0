import type { DefaultJobOptions } from 'bullmq'

/**
 * Conversions: transient failures (database blip, worker killed) retry with exponential
 * backoff — 2 s, 4 s, 8 s, 16 s; bad input fails at once with UnrecoverableError. Finished jobs
 * are pruned (the conversion row is the record), failed ones kept a week for inspection.
 */
export const conversionJobOptions: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
}
