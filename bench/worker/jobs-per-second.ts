/**
 * Jobs/s with an empty processor: raw BullMQ (its own defaults) beside draftsmith's worker setup
 * (openWorker, the worker-role Redis client or Postgres pool, lock settings, the event listeners
 * startWorker attaches) on the same backend, same concurrency, same job count.
 */
import { createPostgresBackend, Worker, withBackend, type Job } from 'bullmq'
import { createRedisClient, openQueue, openWorker, type QueueBackend } from '@draftsmith/jobs'
import { Redis } from 'ioredis'
import { randomBytes } from 'node:crypto'

const PgClasses = withBackend(createPostgresBackend)
const CONCURRENCY = 20

export interface Rate {
  jobsPerSecond: number
}

async function fill(backend: QueueBackend, name: string, count: number): Promise<void> {
  const redis = backend.kind === 'redis' ? createRedisClient(backend.redisUrl, 'worker') : undefined
  const queue = openQueue(backend, name, { redis, clientName: 'bench-fill' })
  for (let i = 0; i < count; i += 500) {
    await queue.addBulk(
      Array.from({ length: Math.min(500, count - i) }, (_, j) => ({
        name: 'empty',
        data: { n: i + j },
        opts: { removeOnComplete: true },
      })),
    )
  }
  await queue.close()
  redis?.disconnect()
}

async function drain(
  worker: { on(event: 'completed', fn: () => void): unknown; run(): Promise<void>; close(): Promise<void> },
  count: number,
): Promise<Rate> {
  let done = 0
  const started = performance.now()
  const finished = new Promise<void>((resolve) => {
    worker.on('completed', () => {
      if (++done === count) resolve()
    })
  })
  void worker.run()
  await finished
  const seconds = (performance.now() - started) / 1000
  await worker.close()
  return { jobsPerSecond: count / seconds }
}

export async function rawBullmq(backend: QueueBackend, count: number): Promise<Rate> {
  const name = `bench-raw-${randomBytes(3).toString('hex')}`
  await fill(backend, name, count)
  const processor = async () => ({})
  if (backend.kind === 'redis') {
    const url = new URL(backend.redisUrl)
    const worker = new Worker(name, processor, {
      connection: { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null },
      prefix: backend.prefix,
      concurrency: CONCURRENCY,
      autorun: false,
    })
    return drain(worker, count)
  }
  const worker = new PgClasses.Worker(name, processor, {
    connection: backend.databaseUrl,
    concurrency: CONCURRENCY,
    autorun: false,
  })
  return drain(worker as never, count)
}

export async function draftsmithSetup(backend: QueueBackend, count: number): Promise<Rate> {
  const name = `bench-ours-${randomBytes(3).toString('hex')}`
  await fill(backend, name, count)
  const redis: Redis | undefined =
    backend.kind === 'redis'
      ? createRedisClient(backend.redisUrl, 'worker', { connectionName: 'draftsmith-worker' })
      : undefined
  const worker = openWorker(backend, name, async (_job: Job) => ({}), {
    redis,
    clientName: 'draftsmith-worker',
    concurrency: CONCURRENCY,
    lockDuration: 30_000,
    stalledInterval: 30_000,
    autorun: false,
  })
  // What startWorker attaches to every worker.
  let completed = 0
  worker.on('completed', () => completed++)
  worker.on('failed', () => {})
  worker.on('error', () => {})
  const rate = await drain(worker, count)
  redis?.disconnect()
  return rate
}
