import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { LoginThrottle } from '../../limits/login-throttle.js'
import { Quotas } from '../../limits/quotas.js'
import { ResilientLimiter } from '../../limits/resilient-limiter.js'
import { HeavyDownloads } from '../../downloads/heavy-downloads.js'
import { InFlightPerClient } from '../../limits/in-flight-per-client.js'
import { InstanceStorage } from '@draftsmith/db/instance-storage'

export interface Limits {
  login: LoginThrottle
  /** Sign-ups per address (each runs an argon2id hash, 19 MiB). */
  signups: ResilientLimiter
  quotas: Quotas
  /** What the whole instance may store, all owners together (STORAGE_TOTAL_BYTES). */
  storage: InstanceStorage
  uploadsInFlight: InFlightPerClient
  /** The memory budget (and per-address share) of bundles and large assets being sent. */
  downloads: HeavyDownloads
}

declare module 'fastify' {
  interface FastifyInstance {
    limits: Limits
  }
}

/**
 * Every limit a public instance sets on one visitor: sign-in throttling, sign-ups per address,
 * and the fair-share quotas — counted in Redis when it is configured and answering, in this
 * process's memory otherwise (see ResilientLimiter) — what the whole instance may store, and
 * what this process itself can hold: uploads and heavy downloads in progress.
 */
export default fp(
  async function limits(fastify: FastifyInstance) {
    const { loginThrottle, signupRateLimit, quotas, storageTotalBytes, uploadsInFlightPerClient, redisKeyPrefix } =
      fastify.config
    fastify.decorate('limits', {
      login: new LoginThrottle(loginThrottle, fastify.redis, redisKeyPrefix),
      signups: new ResilientLimiter(
        {
          name: 'signups-by-address',
          points: signupRateLimit.perAddress,
          durationSeconds: signupRateLimit.windowSeconds,
        },
        fastify.redis,
        redisKeyPrefix,
      ),
      quotas: new Quotas(quotas, fastify.redis, redisKeyPrefix),
      storage: new InstanceStorage(fastify.db, storageTotalBytes),
      uploadsInFlight: new InFlightPerClient(uploadsInFlightPerClient),
      downloads: new HeavyDownloads(fastify.config.downloads),
    })
  },
  { name: 'limits', dependencies: ['config', 'redis', 'database'] },
)
