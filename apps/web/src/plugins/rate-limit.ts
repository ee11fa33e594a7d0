import { createRequire } from 'node:module'
import fastifyRateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { HttpProblem, problemTypes } from '../problems.js'
import type { RedisGuard } from '../redis-guard.js'

type Result = { current: number; ttl: number }
type Done = (error: Error | null, result?: Result) => void
interface Store {
  incr(key: string, done: Done, timeWindow: number, max: number): void
  child(routeOptions: unknown): Store
}
type StoreClass = new (...args: unknown[]) => Store

// The plugin's own stores (not in its exports map, but public files of the package).
const require = createRequire(import.meta.url)
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as StoreClass
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as StoreClass

/**
 * Redis when it answers, memory when it does not: a Redis outage must not turn every login into
 * a 500 (or lift the limit entirely, as `skipOnError` would).
 */
function resilientStore(guard: RedisGuard, namespace: string): StoreClass {
  return class ResilientStore implements Store {
    private readonly redis: Store
    private readonly local: Store
    constructor(params: { continueExceeding?: boolean; exponentialBackoff?: boolean }, redis?: Store, local?: Store) {
      this.redis = redis ?? new RedisStore(params.continueExceeding, params.exponentialBackoff, guard.client, namespace)
      this.local = local ?? new LocalStore(params.continueExceeding, params.exponentialBackoff)
    }
    incr(key: string, done: Done, timeWindow: number, max: number): void {
      guard
        .run(() => new Promise<Result>((resolve, reject) => this.redis.incr(key, (error, result) => (error ? reject(error) : resolve(result as Result)), timeWindow, max)))
        .then(
          (result) => done(null, result),
          () => this.local.incr(key, done, timeWindow, max),
        )
    }
    child(routeOptions: unknown): Store {
      return new ResilientStore({}, this.redis.child(routeOptions), this.local.child(routeOptions))
    }
  } as unknown as StoreClass
}

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler for login: per IP and per account, both must pass. */
    loginRateLimit: (request: FastifyRequest) => Promise<void>
  }
}

export default fp(
  async function rateLimit(fastify: FastifyInstance) {
    const { loginRateLimit: limits, redisKeyPrefix } = fastify.config
    await fastify.register(fastifyRateLimit, {
      global: false,
      ...(fastify.redis ? { store: resilientStore(fastify.redis, `${redisKeyPrefix}rate-limit:`) } : {}),
    })
    const perIp = fastify.createRateLimit({ max: limits.perIp, timeWindow: limits.windowMs, keyGenerator: (r) => `login-ip:${r.ip}` })
    const perAccount = fastify.createRateLimit({
      max: limits.perAccount,
      timeWindow: limits.windowMs,
      keyGenerator: (r) => `login-account:${String((r.body as { email?: unknown } | undefined)?.email ?? '').trim().toLowerCase()}`,
    })

    fastify.decorate('loginRateLimit', async (request: FastifyRequest) => {
      for (const [limit, what] of [
        [perIp, 'from this address'],
        [perAccount, 'for this account'],
      ] as const) {
        const result = await limit(request)
        if (!result.isAllowed && result.isExceeded) {
          throw new HttpProblem(429, `too many sign-in attempts ${what}; try again in ${result.ttlInSeconds} s`, {
            type: problemTypes.rateLimited,
            headers: { 'retry-after': String(result.ttlInSeconds) },
          })
        }
      }
    })
  },
  { name: 'rate-limit', dependencies: ['config', 'redis'] },
)
