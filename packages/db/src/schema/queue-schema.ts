/**
 * The schema BullMQ's PostgreSQL backend keeps its tables in (its default name). Not Drizzle's:
 * the predeploy migrates it with BullMQ's own migrator, and the web and worker queue in it when
 * there is no Redis.
 */
export const QUEUE_SCHEMA = 'bullmq'
