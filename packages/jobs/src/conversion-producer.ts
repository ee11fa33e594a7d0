import type { Redis } from 'ioredis'
import { openQueue, type AnyQueue, type QueueBackend } from './backend.js'
import { QueueUnavailableError } from './errors.js'
import { conversionJobOptions } from './job-options.js'
import type { ConversionJobData } from './payloads.js'
import { queueNames } from './queue-names.js'
import { createRedisClient } from './redis-connection.js'

export interface ConversionProducerOptions {
  /** How long an enqueue may take before the request gets a 503. @default 2000 */
  enqueueTimeoutMs?: number
  /** Shown in `CLIENT LIST` / `pg_stat_activity`. @default 'draftsmith-web' */
  clientName?: string
}

export interface QueueHealth {
  backend: QueueBackend['kind']
  latencyMs: number
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

/**
 * The web side of the `conversions` queue. Fails fast: while the backend is unreachable an
 * enqueue rejects with {@link QueueUnavailableError} within `enqueueTimeoutMs` instead of
 * waiting for it to come back.
 */
export class ConversionProducer {
  readonly backend: QueueBackend
  readonly queue: AnyQueue<ConversionJobData>
  private readonly redis: Redis | undefined
  private readonly timeoutMs: number

  constructor(backend: QueueBackend, options: ConversionProducerOptions = {}) {
    this.backend = backend
    this.timeoutMs = options.enqueueTimeoutMs ?? 2000
    const clientName = options.clientName ?? 'draftsmith-web'
    this.redis = backend.kind === 'redis' ? createRedisClient(backend.redisUrl, 'producer', { connectionName: clientName }) : undefined
    this.queue = openQueue<ConversionJobData>(backend, queueNames.conversions, {
      redis: this.redis,
      clientName,
      defaultJobOptions: conversionJobOptions,
    })
    // Connection errors reach callers through enqueue()/ping(); don't crash on the event.
    this.queue.on('error', () => {})
  }

  /** Idempotent: jobId = conversion id, so a second enqueue of the same conversion is a no-op. */
  async enqueue(conversionId: string): Promise<void> {
    try {
      await withTimeout(this.queue.add(queueNames.conversions, { conversionId }, { jobId: conversionId }), this.timeoutMs, 'enqueueing')
    } catch (error) {
      throw new QueueUnavailableError(`the ${this.backend.kind} queue did not accept the job: ${(error as Error).message}`, { cause: error })
    }
  }

  /** A real round trip to the backend, for readiness checks. */
  async ping(): Promise<QueueHealth> {
    const started = performance.now()
    try {
      if (this.redis) await withTimeout(this.redis.ping(), this.timeoutMs, 'PING')
      else await withTimeout(this.queue.getJobCounts('waiting'), this.timeoutMs, 'reading the queue')
    } catch (error) {
      throw new QueueUnavailableError(`the ${this.backend.kind} queue is unreachable: ${(error as Error).message}`, { cause: error })
    }
    return { backend: this.backend.kind, latencyMs: performance.now() - started }
  }

  async close(): Promise<void> {
    await this.queue.close().catch(() => {})
    this.redis?.disconnect()
  }
}
