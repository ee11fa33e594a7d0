import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { LoginThrottle } from '../../limits/login-throttle.js'
import { Quotas } from '../../limits/quotas.js'
import { ResilientLimiter } from '../../limits/resilient-limiter.js'
import { UploadsInFlight } from '../../uploads/uploads-in-flight.js'

export interface Limits {
  login: LoginThrottle
  /** Sign-ups per address (each runs an argon2id hash, 19 MiB). */
  signups: ResilientLimiter
  quotas: Quotas
  uploadsInFlight: UploadsInFlight
}

declare module 'fastify' {
  interface FastifyInstance {
    limits: Limits
  }
}

/**
 * Every limit a public instance sets on one visitor: sign-in throttling, sign-ups per address,
 * and the fair-share quotas. Counted in Redis when it is configured and answering, in this
 * process's memory otherwise (see ResilientLimiter).
 */
export default fp(
  async function limits(fastify: FastifyInstance) {
    const { loginThrottle, signupRateLimit, quotas, uploadsInFlightPerClient, redisKeyPrefix } = fastify.config
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
      uploadsInFlight: new UploadsInFlight(uploadsInFlightPerClient),
    })
  },
  { name: 'limits', dependencies: ['config', 'redis'] },
)
