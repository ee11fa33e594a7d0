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
 * enqueue rejects with {@link QueueUnavailableError} (→ 503) instead of waiting for it.
 *
 * BullMQ remembers a failed initialisation for the life of a Queue object, so a queue opened
 * while its backend was down would stay broken after the backend returns. The queue is therefore
 * opened on first use (on Redis: only once the client is connected) and dropped if it fails to
 * start, so the next call opens a fresh one.
 */
export class ConversionProducer {
  readonly backend: QueueBackend
  private readonly redis: Redis | undefined
  private readonly timeoutMs: number
  private readonly clientName: string
  private current: Promise<AnyQueue<ConversionJobData>> | undefined

  constructor(backend: QueueBackend, options: ConversionProducerOptions = {}) {
    this.backend = backend
    this.timeoutMs = options.enqueueTimeoutMs ?? 2000
    this.clientName = options.clientName ?? 'draftsmith-web'
    this.redis = backend.kind === 'redis' ? createRedisClient(backend.redisUrl, 'producer', { connectionName: this.clientName }) : undefined
    this.redis?.connect().catch(() => {})
  }

  /** The queue, ready to use; rejects at once while Redis is not connected. */
  queue(): Promise<AnyQueue<ConversionJobData>> {
    if (this.redis && this.redis.status !== 'ready') {
      return Promise.reject(new QueueUnavailableError(`the redis queue is unreachable (connection ${this.redis.status})`))
    }
    if (this.current === undefined) {
      const opening = this.start()
      this.current = opening
      opening.catch(() => {
        if (this.current === opening) this.current = undefined
      })
    }
    return this.current
  }

  private async start(): Promise<AnyQueue<ConversionJobData>> {
    const queue = openQueue<ConversionJobData>(this.backend, queueNames.conversions, {
      redis: this.redis,
      clientName: this.clientName,
      defaultJobOptions: conversionJobOptions,
    })
    // Connection errors reach callers through enqueue()/ping(); don't crash on the event.
    queue.on('error', () => {})
    try {
      await withTimeout(queue.waitUntilReady(), this.timeoutMs, 'opening the queue')
      return queue
    } catch (error) {
      void queue.close().catch(() => {})
      throw new QueueUnavailableError(`the ${this.backend.kind} queue is unreachable: ${(error as Error).message}`, { cause: error })
    }
  }

  /** Idempotent: jobId = conversion id, so a second enqueue of the same conversion is a no-op. */
  async enqueue(conversionId: string): Promise<void> {
    try {
      const queue = await this.queue()
      await withTimeout(queue.add(queueNames.conversions, { conversionId }, { jobId: conversionId }), this.timeoutMs, 'enqueueing')
    } catch (error) {
      if (error instanceof QueueUnavailableError) throw error
      throw new QueueUnavailableError(`the ${this.backend.kind} queue did not accept the job: ${(error as Error).message}`, { cause: error })
    }
  }

  /** A real round trip to the backend, for readiness checks. */
  async ping(): Promise<QueueHealth> {
    const started = performance.now()
    try {
      const queue = await this.queue()
      const roundTrip: Promise<unknown> = this.redis ? this.redis.ping() : queue.getJobCounts('waiting')
      await withTimeout(roundTrip, this.timeoutMs, 'reaching the queue')
    } catch (error) {
      if (error instanceof QueueUnavailableError) throw error
      throw new QueueUnavailableError(`the ${this.backend.kind} queue is unreachable: ${(error as Error).message}`, { cause: error })
    }
    return { backend: this.backend.kind, latencyMs: performance.now() - started }
  }

  async close(): Promise<void> {
    const queue = await this.current?.catch(() => undefined)
    await queue?.close().catch(() => {})
    this.redis?.disconnect()
  }
}
