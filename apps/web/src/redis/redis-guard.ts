import type { Redis } from 'ioredis'
import CircuitBreaker from 'opossum'
import { withTimeout } from '@draftsmith/runtime/timeout'

export interface RedisGuardOptions {
  /** Failure share (%) in the rolling window that opens the breaker. @default 50 */
  errorThresholdPercentage?: number
  /** Calls in the window before the breaker may open. @default 3 */
  volumeThreshold?: number
  /** How long the breaker stays open before one trial call. @default 2000 */
  resetTimeoutMs?: number
}

type Call = () => Promise<unknown>

/**
 * One Redis client behind one circuit breaker. Everything that may use Redis in a request
 * (session cache, rate limits) goes through {@link RedisGuard.run}: while Redis is failing the
 * breaker is open and calls reject at once, so callers fall back without waiting on timeouts.
 */
export class RedisGuard {
  readonly client: Redis
  private readonly breaker: CircuitBreaker<[Call], unknown>

  constructor(client: Redis, options: RedisGuardOptions = {}) {
    this.client = client
    this.breaker = new CircuitBreaker((call: Call) => call(), {
      errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
      volumeThreshold: options.volumeThreshold ?? 3,
      resetTimeout: options.resetTimeoutMs ?? 2000,
      // ioredis' commandTimeout bounds every call; a timer per call here would only cost.
      timeout: false,
      rollingCountTimeout: 10_000,
      rollingCountBuckets: 10,
    })
  }

  /** Runs `fn` unless the breaker is open; rejects immediately (and counts a failure) otherwise. */
  run<T>(fn: (client: Redis) => Promise<T>): Promise<T> {
    return this.breaker.fire(() => {
      // Not connected: fail now instead of letting ioredis decide (offline queue is off anyway).
      if (this.client.status !== 'ready') return Promise.reject(new Error(`redis is ${this.client.status}`))
      return fn(this.client)
    }) as Promise<T>
  }

  /** False while the breaker is open: callers should not even try. */
  get available(): boolean {
    return !this.breaker.opened
  }

  onOpen(listener: () => void): void {
    this.breaker.on('open', listener)
  }

  onClose(listener: () => void): void {
    this.breaker.on('close', listener)
  }

  /** A real round trip (bypassing the breaker's short-circuit), for readiness and stats. */
  async ping(timeoutMs = 1000): Promise<number> {
    const started = performance.now()
    await withTimeout(this.client.ping(), timeoutMs, 'PING')
    return performance.now() - started
  }

  async close(): Promise<void> {
    this.breaker.shutdown()
    await this.client.quit().catch(() => this.client.disconnect())
  }
}
