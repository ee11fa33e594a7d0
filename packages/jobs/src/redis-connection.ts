import { Redis, type RedisOptions } from 'ioredis'

/**
 * How a Redis client behaves when Redis is down depends on who holds it:
 * - `producer` and `cache` sit in a web request: they must fail in milliseconds (no offline
 *   queue, one retry, a command timeout) so the request can fall back or answer 503;
 * - `worker` makes blocking calls and must retry forever (`maxRetriesPerRequest: null`, which
 *   BullMQ requires).
 */
export type RedisRole = 'producer' | 'cache' | 'worker'

export interface RedisConnectionOptions {
  /** Milliseconds a command may take in the `producer`/`cache` roles. @default 500 */
  commandTimeoutMs?: number
  /** Name shown by `CLIENT LIST`. */
  connectionName?: string
  /** Extra ioredis options, applied last. */
  ioredis?: RedisOptions
}

export function redisOptions(role: RedisRole, options: RedisConnectionOptions = {}): RedisOptions {
  const failFast = role !== 'worker'
  return {
    connectionName: options.connectionName,
    lazyConnect: true,
    connectTimeout: failFast ? 2000 : 10_000,
    enableOfflineQueue: !failFast,
    maxRetriesPerRequest: failFast ? 1 : null,
    commandTimeout: failFast ? (options.commandTimeoutMs ?? 500) : undefined,
    // Keep reconnecting in the background (capped at 2 s): requests fall back meanwhile.
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2000),
    // Commands issued in the same tick (many concurrent requests) share one socket write.
    enableAutoPipelining: role !== 'worker',
    ...options.ioredis,
  }
}

/**
 * A Redis client for `url` that does not connect until first used, so a service never waits
 * for Redis at boot (`@fastify/redis` would otherwise block startup ~10 s on a dead Redis).
 */
export function createRedisClient(url: string, role: RedisRole, options: RedisConnectionOptions = {}): Redis {
  const client = new Redis(url, redisOptions(role, options))
  // Errors surface through commands; an unhandled 'error' event would crash the process.
  client.on('error', () => {})
  return client
}
