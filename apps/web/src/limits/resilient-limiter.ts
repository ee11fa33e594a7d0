import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'
import type { RedisGuard } from '../redis/redis-guard.js'

export interface LimitOptions {
  /** Names the counter in Redis and in memory. */
  name: string
  /** What may be consumed per window. */
  points: number
  durationSeconds: number
}

export type LimitResult = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number }

export interface LimitState {
  consumed: number
  /** Until the window (or a block) ends. */
  msBeforeNext: number
}

/** rate-limiter-flexible rejects with a result, not an error, when a key is over its limit. */
const overLimit = (value: unknown): value is RateLimiterRes => value instanceof RateLimiterRes

const retryAfter = (ms: number) => Math.max(1, Math.ceil(ms / 1000))

/**
 * A rate limit kept in Redis when it answers and in this process's memory when it does not: a
 * Redis outage must neither turn requests into 500s nor lift the limit. Redis calls go through
 * the RedisGuard's circuit breaker, so while Redis is failing no request waits on its timeout.
 */
export class ResilientLimiter {
  private readonly memory: RateLimiterMemory
  private readonly redis: RateLimiterRedis | undefined

  constructor(
    options: LimitOptions,
    private readonly guard: RedisGuard | null,
    redisPrefix = 'draftsmith:',
  ) {
    const common = {
      points: options.points,
      duration: options.durationSeconds,
      keyPrefix: `${redisPrefix}limit:${options.name}`,
    }
    this.memory = new RateLimiterMemory(common)
    this.redis = guard
      ? new RateLimiterRedis({ ...common, storeClient: guard.client, rejectIfRedisNotReady: true })
      : undefined
  }

  /** Counts `points` against `key`. */
  async consume(key: string, points = 1): Promise<LimitResult> {
    try {
      const res = await this.run((limiter) =>
        limiter.consume(key, points).catch((value: unknown) => (overLimit(value) ? value : Promise.reject(value))),
      )
      return res.remainingPoints >= 0 && res.consumedPoints <= this.memory.points
        ? { allowed: true, remaining: res.remainingPoints }
        : { allowed: false, retryAfterSeconds: retryAfter(res.msBeforeNext) }
    } catch (value) {
      if (overLimit(value)) return { allowed: false, retryAfterSeconds: retryAfter(value.msBeforeNext) }
      throw value
    }
  }

  /** The most `consume` allows per window. */
  get points(): number {
    return this.memory.points
  }

  /** What `key` has consumed in its window, without counting anything. */
  async get(key: string): Promise<LimitState | null> {
    const res = await this.run((limiter) => limiter.get(key))
    return res ? { consumed: res.consumedPoints, msBeforeNext: res.msBeforeNext } : null
  }

  /** Holds `key` over its limit for `seconds`. */
  async block(key: string, seconds: number): Promise<void> {
    await this.run((limiter) => limiter.block(key, seconds))
  }

  async delete(key: string): Promise<void> {
    await this.run((limiter) => limiter.delete(key))
  }

  private run<T>(call: (limiter: RateLimiterRedis | RateLimiterMemory) => Promise<T>): Promise<T> {
    const { guard, redis } = this
    if (guard === null || redis === undefined || !guard.available) return call(this.memory)
    return guard.run(() => call(redis)).catch(() => call(this.memory))
  }
}
