import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * One row per running worker process, refreshed every few seconds. The web's /ready and
 * /api/ops/queues read it: is a worker alive, when did it last finish a job.
 */
export const workerHeartbeats = pgTable('worker_heartbeats', {
  /** hostname:pid:random, unique per process. */
  id: text('id').primaryKey(),
  hostname: text('hostname').notNull(),
  pid: integer('pid').notNull(),
  /** `redis` or `postgres`. */
  backend: text('backend').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  lastBeatAt: timestamp('last_beat_at', { withTimezone: true }).notNull().defaultNow(),
  lastJobFinishedAt: timestamp('last_job_finished_at', { withTimezone: true }),
  jobsCompleted: integer('jobs_completed').notNull().default(0),
  jobsFailed: integer('jobs_failed').notNull().default(0),
  /** Set when the worker shuts down cleanly. */
  stoppedAt: timestamp('stopped_at', { withTimezone: true }),
})

export type WorkerHeartbeat = typeof workerHeartbeats.$inferSelect
