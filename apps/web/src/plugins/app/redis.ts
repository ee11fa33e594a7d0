import { createRedisClient } from '@draftsmith/jobs'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { onCloseWithin } from '../../close-step.js'
import { RedisGuard } from '../../redis/redis-guard.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Null when REDIS_URL is not set: Postgres-only mode. */
    redis: RedisGuard | null
  }
}

/**
 * The optional Redis client, fail-fast, behind a circuit breaker. Not `@fastify/redis`: it
 * waits for the client's `ready` event at registration, so a service would not boot while
 * Redis is down — and here Redis is only ever an accelerator.
 */
export default fp(
  async function redis(fastify: FastifyInstance) {
    const url = fastify.config.redisUrl
    if (url === undefined) {
      fastify.decorate('redis', null)
      return
    }
    const guard = new RedisGuard(
      createRedisClient(url, 'cache', { connectionName: 'draftsmith-web', commandTimeoutMs: 250 }),
    )
    guard.onOpen(() => fastify.log.warn('redis unavailable: sessions fall back to Postgres, rate limits to memory'))
    guard.onClose(() => fastify.log.info('redis available again'))
    // Connect in the background: boot never waits for Redis.
    guard.client.connect().catch(() => {})
    fastify.decorate('redis', guard)
    onCloseWithin(fastify, 'redis', () => guard.close())
  },
  { name: 'redis', dependencies: ['config'] },
)
