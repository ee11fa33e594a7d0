export {
  defaultRedisPrefix,
  openQueue,
  openWorker,
  queueBackendFor,
  queueBackendFromEnv,
  type AnyQueue,
  type AnyWorker,
  type OpenQueueOptions,
  type OpenWorkerOptions,
  type QueueBackend,
} from './backend.js'
export { ConversionProducer, type ConversionProducerOptions, type QueueHealth } from './conversion-producer.js'
export { documentKindOf, documentTypes, type DocumentKind } from './document-types.js'
export { QueueUnavailableError } from './errors.js'
export { conversionJobOptions } from './job-options.js'
export { maintenanceJobs, type ConversionJobData, type MaintenanceJobName } from './payloads.js'
export { queueNames, type QueueName } from './queue-names.js'
export { ReopeningQueue } from './reopening-queue.js'
export { createRedisClient, type RedisConnectionOptions, type RedisRole } from './redis-connection.js'
