import { QUEUE_SCHEMA } from '@draftsmith/db/schema'
import { parseDatabaseUrl, type SslMode } from '@draftsmith/db/url'
import {
  createPostgresBackend,
  Queue,
  Worker,
  withBackend,
  type DefaultJobOptions,
  type IQueueBackend,
  type PostgresPoolConfig,
  type Processor,
  type WorkerOptions,
} from 'bullmq'
import type { Redis } from 'ioredis'

/**
 * Where jobs live: BullMQ on Redis when REDIS_URL is set, otherwise BullMQ's PostgreSQL
 * backend in the application database (schema `bullmq`, migrated by the predeploy).
 */
export type QueueBackend =
  { kind: 'redis'; redisUrl: string; prefix: string } | { kind: 'postgres'; databaseUrl: string; schema: string }

/** BullMQ's default key prefix on Redis. */
export const defaultRedisPrefix = 'bull'

/** The backend a service's validated config names (web and worker configs share these fields). */
export function queueBackendFor(config: {
  redisUrl?: string | undefined
  databaseUrl?: string | undefined
  queuePrefix?: string | undefined
}): QueueBackend {
  if (config.redisUrl)
    return { kind: 'redis', redisUrl: config.redisUrl, prefix: config.queuePrefix || defaultRedisPrefix }
  if (!config.databaseUrl) throw new Error('neither REDIS_URL nor DATABASE_URL is set: the queue has no backend')
  return { kind: 'postgres', databaseUrl: config.databaseUrl, schema: QUEUE_SCHEMA }
}

const postgresClasses = withBackend(createPostgresBackend)

/** node-postgres' TLS setting for our parsed `sslmode`. */
function pgSsl(ssl: SslMode): boolean | { rejectUnauthorized: boolean } {
  if (ssl === false) return false
  return ssl === 'verify-full' ? true : { rejectUnauthorized: false }
}

export function postgresConnection(
  backend: Extract<QueueBackend, { kind: 'postgres' }>,
  options: { max: number; name: string },
): PostgresPoolConfig {
  const url = parseDatabaseUrl(backend.databaseUrl)
  return {
    connectionString: url.url,
    ssl: pgSsl(url.ssl),
    schema: backend.schema,
    max: options.max,
    // A request that enqueues must not hang on a dead database.
    connectionTimeoutMillis: 2000,
    application_name: options.name,
  }
}

/** A queue on either backend; draftsmith code never needs to know which. */
export type AnyQueue<D = unknown> = Queue<D, unknown, string, D, unknown, string, IQueueBackend, unknown>

export interface OpenQueueOptions {
  /** Redis backend: the client to use (its role decides fail-fast behaviour); the caller closes it. */
  redis?: Redis
  /** Shown as the PostgreSQL `application_name`. */
  clientName: string
  /** PostgreSQL backend: pool size. @default 4 */
  poolSize?: number
  defaultJobOptions?: DefaultJobOptions
}

export function openQueue<D>(backend: QueueBackend, name: string, options: OpenQueueOptions): AnyQueue<D> {
  if (backend.kind === 'redis') {
    if (options.redis === undefined) throw new Error('a Redis client is required for the Redis queue backend')
    const queue = new Queue<D>(name, {
      connection: options.redis,
      prefix: backend.prefix,
      // Not skipWaitingForReady: BullMQ would then run INFO on a client that is not connected
      // yet and keep the failed initialisation forever. Callers bound each call with a timeout.
      defaultJobOptions: options.defaultJobOptions,
    })
    return queue as unknown as AnyQueue<D>
  }
  const queue = new postgresClasses.Queue<D>(name, {
    connection: postgresConnection(backend, { max: options.poolSize ?? 4, name: options.clientName }),
    defaultJobOptions: options.defaultJobOptions,
  })
  return queue as unknown as AnyQueue<D>
}

/** A worker on either backend. */
export type AnyWorker<D = unknown, R = unknown> = Worker<D, R, string, IQueueBackend>

export interface OpenWorkerOptions extends Omit<WorkerOptions, 'connection' | 'prefix'> {
  /** Redis backend: a client in the `worker` role (BullMQ duplicates it for blocking calls). */
  redis?: Redis
  clientName: string
  poolSize?: number
}

export function openWorker<D, R>(
  backend: QueueBackend,
  name: string,
  processor: Processor<D, R>,
  options: OpenWorkerOptions,
): AnyWorker<D, R> {
  const { redis, clientName, poolSize, ...workerOptions } = options
  if (backend.kind === 'redis') {
    if (redis === undefined) throw new Error('a Redis client is required for the Redis queue backend')
    return new Worker<D, R>(name, processor, {
      ...workerOptions,
      connection: redis,
      prefix: backend.prefix,
    }) as unknown as AnyWorker<D, R>
  }
  const worker = new postgresClasses.Worker<D, R>(
    name,
    processor as never,
    {
      ...workerOptions,
      connection: postgresConnection(backend, { max: poolSize ?? 4, name: clientName }),
    } as never,
  )
  return worker as unknown as AnyWorker<D, R>
}
