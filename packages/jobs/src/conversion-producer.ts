import { errorMessage } from '@draftsmith/db/errors'
import type { Redis } from 'ioredis'
import { withTimeout } from '@draftsmith/runtime/timeout'
import { openQueue, type AnyQueue, type QueueBackend } from './backend.js'
import { QueueUnavailableError } from './errors.js'
import { conversionJobOptions } from './job-options.js'
import type { ConversionJobData } from './conversion-job.js'
import { queueNames } from './queue-names.js'
import { ReopeningQueue } from './reopening-queue.js'
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

/** BullMQ's highest priority number (2^21). */
const MAX_PRIORITY = 2_097_152

/**
 * The web side of the `conversions` queue. Fails fast: while the backend is unreachable an
 * enqueue rejects with {@link QueueUnavailableError} (→ 503) instead of waiting for it. The
 * queue is opened on first use (on Redis: only once the client is connected) and afresh after a
 * failed start (see {@link ReopeningQueue}).
 */
export class ConversionProducer {
  readonly backend: QueueBackend
  private readonly redis: Redis | undefined
  private readonly timeoutMs: number
  private readonly opened: ReopeningQueue<ConversionJobData>

  constructor(backend: QueueBackend, options: ConversionProducerOptions = {}) {
    this.backend = backend
    this.timeoutMs = options.enqueueTimeoutMs ?? 2000
    const clientName = options.clientName ?? 'draftsmith-web'
    this.redis =
      backend.kind === 'redis'
        ? createRedisClient(backend.redisUrl, 'producer', { connectionName: clientName })
        : undefined
    this.redis?.connect().catch(() => {})
    this.opened = new ReopeningQueue(
      () =>
        openQueue<ConversionJobData>(backend, queueNames.conversions, {
          redis: this.redis,
          clientName,
          defaultJobOptions: conversionJobOptions,
        }),
      this.timeoutMs,
    )
  }

  /** The queue, ready to use; rejects at once while Redis is not connected. */
  async queue(): Promise<AnyQueue<ConversionJobData>> {
    if (this.redis && this.redis.status !== 'ready') {
      throw new QueueUnavailableError(`the redis queue is unreachable (connection ${this.redis.status})`)
    }
    try {
      return await this.opened.get()
    } catch (error) {
      throw new QueueUnavailableError(`the ${this.backend.kind} queue is unreachable: ${errorMessage(error)}`, {
        cause: error,
      })
    }
  }

  /**
   * Queues the conversions in one round trip. Idempotent: jobId = conversion id, so a second
   * enqueue of the same conversion is a no-op.
   *
   * Fair between owners and between addresses: BullMQ takes waiting jobs by priority (lower
   * first), then in order. The conversions of one owner get the priorities after those it (or its
   * address, when that has more) already has waiting, so a visitor with a hundred files queued
   * delays another visitor's single file by about one conversion, not a hundred — and shedding
   * the cookie does not move a visitor ahead of its own backlog.
   *
   * @param options.ahead how many conversions their owner, or their address if more, already has queued or converting. @default 0
   */
  async enqueue(conversionIds: readonly string[], options: { ahead?: number } = {}): Promise<void> {
    const ahead = options.ahead ?? 0
    try {
      const queue = await this.queue()
      const jobs = conversionIds.map((conversionId, i) => ({
        name: queueNames.conversions,
        data: { conversionId },
        opts: { jobId: conversionId, priority: Math.min(MAX_PRIORITY, ahead + i + 1) },
      }))
      await withTimeout(queue.addBulk(jobs), this.timeoutMs, 'enqueueing')
    } catch (error) {
      if (error instanceof QueueUnavailableError) throw error
      throw new QueueUnavailableError(`the ${this.backend.kind} queue did not accept the job: ${errorMessage(error)}`, {
        cause: error,
      })
    }
  }

  /**
   * Queues a failed conversion again. Its old job (failed, kept for a week under the same jobId)
   * would make a plain enqueue a no-op, so it is removed first.
   */
  async retry(conversionId: string, options: { ahead?: number } = {}): Promise<void> {
    try {
      const queue = await this.queue()
      const old = await withTimeout(queue.getJob(conversionId), this.timeoutMs, 'finding the old job')
      if (old !== undefined) await withTimeout(old.remove(), this.timeoutMs, 'removing the old job')
    } catch (error) {
      if (error instanceof QueueUnavailableError) throw error
      throw new QueueUnavailableError(`the ${this.backend.kind} queue did not accept the job: ${errorMessage(error)}`, {
        cause: error,
      })
    }
    await this.enqueue([conversionId], options)
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
      throw new QueueUnavailableError(`the ${this.backend.kind} queue is unreachable: ${errorMessage(error)}`, {
        cause: error,
      })
    }
    return { backend: this.backend.kind, latencyMs: performance.now() - started }
  }

  async close(): Promise<void> {
    await this.opened.close()
    this.redis?.disconnect()
  }
}
