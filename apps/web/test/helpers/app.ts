import { migratedDatabase, uniquePrefix, type TestDatabase } from '@draftsmith/test-support'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../src/app.js'
import { loadConfig, type WebConfig } from '../../src/config.js'

interface Teardown {
  teardown(fn: () => Promise<void> | void): void
}

export const SECRET = 'a-test-secret-that-is-long-enough-0123456789'

/**
 * Tests of other features sign up many people and upload many files from one address
 * (127.0.0.1): the limits stay out of their way unless a test sets its own.
 */
const roomyLimits = {
  SIGNUP_RATE_LIMIT_PER_IP: '100000',
  LOGIN_RATE_LIMIT_PER_IP: '100000',
  QUOTA_PROPOSALS_PER_HOUR: '100000',
  QUOTA_PROPOSALS_PER_HOUR_PER_IP: '100000',
  QUOTA_UPLOADS_PER_MINUTE: '100000',
  QUOTA_UPLOADS_PER_MINUTE_PER_IP: '100000',
  QUOTA_ACTIVE_CONVERSIONS: '100000',
  QUOTA_ACTIVE_CONVERSIONS_PER_IP: '100000',
  UPLOADS_IN_FLIGHT_PER_CLIENT: '1000',
}

export { migratedDatabase }

export interface TestApp {
  app: FastifyInstance
  config: WebConfig
  db: TestDatabase
}

/**
 * The web app on its own database (and its own Redis key prefixes when `redisUrl` is given),
 * closed when the test ends. `env` overrides the environment the config is read from.
 */
export async function buildTestApp(
  t: Teardown,
  options: { label: string; redisUrl?: string; env?: Record<string, string | undefined>; db?: TestDatabase },
): Promise<TestApp> {
  const db = options.db ?? (await migratedDatabase(t, options.label))
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.databaseUrl,
    SESSION_SECRET: SECRET,
    LOG_LEVEL: 'silent',
    REDIS_URL: options.redisUrl,
    REDIS_KEY_PREFIX: uniquePrefix(options.label),
    QUEUE_PREFIX: uniquePrefix(`${options.label}:bull`).slice(0, -1),
    ...roomyLimits,
    ...options.env,
  })
  const app = await buildApp(config)
  t.teardown(() => app.close())
  // Redis connects in the background at boot; a test starts once it is there.
  if (options.redisUrl !== undefined) {
    const deadline = Date.now() + 5000
    while (app.redis?.client.status !== 'ready' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  }
  return { app, config, db }
}

/** Follows cookies like a browser: what a response sets (or clears) is sent with the next request. */
export class Browser {
  readonly cookies = new Map<string, string>()
  constructor(private readonly app: FastifyInstance) {}

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const response = await this.app.inject({
      ...options,
      headers: { ...(cookie ? { cookie } : {}), ...options.headers },
    })
    for (const c of response.cookies) {
      const expired = (c.expires !== undefined && new Date(c.expires).getTime() <= Date.now()) || c.maxAge === 0
      if (expired) this.cookies.delete(c.name)
      else this.cookies.set(c.name, c.value)
    }
    return response
  }

  async signup(email: string, password = 'correct horse battery'): Promise<LightMyRequestResponse> {
    return this.request({ method: 'POST', url: '/api/auth/signup', payload: { email, password } })
  }

  async login(email: string, password = 'correct horse battery'): Promise<LightMyRequestResponse> {
    return this.request({ method: 'POST', url: '/api/auth/login', payload: { email, password } })
  }
}

/** Both runtime modes: Postgres only, and with the Redis cache (skipped without REDIS_URL unless CI requires it). */
export function modes(
  redis: { url: string } | { skip: string },
): Array<{ name: string; redisUrl?: string; skip?: string }> {
  return [
    { name: 'postgres only' },
    'url' in redis ? { name: 'with redis', redisUrl: redis.url } : { name: 'with redis', skip: redis.skip },
  ]
}
