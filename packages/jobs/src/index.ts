export {
  defaultRedisPrefix,
  openQueue,
  openWorker,
  queueBackendFor,
  type AnyQueue,
  type AnyWorker,
  type OpenQueueOptions,
  type OpenWorkerOptions,
  type QueueBackend,
} from './backend.js'
export { ConversionProducer, type ConversionProducerOptions, type QueueHealth } from './conversion-producer.js'
export { QueueUnavailableError } from './errors.js'
export { conversionJobOptions } from './job-options.js'
export type { ConversionJobData } from './conversion-job.js'
export { maintenanceJobs, type MaintenanceJobName } from './maintenance-jobs.js'
export { queueNames, type QueueName } from './queue-names.js'
export { ReopeningQueue } from './reopening-queue.js'
export { createRedisClient, type RedisConnectionOptions, type RedisRole } from './redis-connection.js'
